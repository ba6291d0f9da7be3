#!/usr/bin/env bash
# Every check the project has, in the order that fails fastest:
# lint, types, unit + integration tests, build, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system.sh
node scripts/sweep-test-databases.mjs

echo "== lint"
npx eslint . --max-warnings 0
npx prettier --check . --log-level warn
echo "== type-check"
npx tsc --noEmit -p .
# Built first: some integration tests drive the built server over HTTP.
echo "== build"
npx remix build
echo "== unit and integration tests (vitest)"
npx vitest run
echo "== browser tests (Playwright, Debian Chromium)"
npx playwright test
