import { cpus } from "node:os";

import { defineConfig } from "@playwright/test";

import { READY_PORT, serverPort, workerPort } from "./tests/e2e/servers";

/**
 * Workers: E2E_WORKERS, or `--workers N` / `-j N` on the command line, or 2.
 * Each worker gets its own server (tests/e2e/servers.ts), so the config must
 * know the count before Playwright starts them; a percentage counts the cores.
 */
function workerCount(): number {
  const argv = process.argv.slice(2);
  let given = process.env.E2E_WORKERS;
  for (let i = 0; i < argv.length; i++) {
    const match = /^(?:--workers|-j)(?:=?(.+))?$/.exec(argv[i]);
    if (match) given = match[1] ?? argv[i + 1];
  }
  if (!given) return 2;
  const n = given.endsWith("%") ? Math.round((cpus().length * Number(given.slice(0, -1))) / 100) : Number(given);
  return Number.isInteger(n) && n > 0 ? n : 2;
}

const WORKERS = workerCount();

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  // Files run side by side, each worker on its own server; the tests of one file run in order.
  fullyParallel: false,
  workers: WORKERS,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  outputDir: `test-results/playwright-${serverPort(0)}`,
  use: {
    // Read again in every worker, where TEST_PARALLEL_INDEX names its slot.
    baseURL: `http://127.0.0.1:${workerPort()}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // One command starts every slot's server at once (tests/e2e/start-servers.mjs) and says when all are up.
  webServer: {
    command: "node tests/e2e/start-servers.mjs",
    url: `http://127.0.0.1:${READY_PORT}/`,
    env: {
      E2E_SERVER_PORTS: Array.from({ length: WORKERS }, (_, slot) => serverPort(slot)).join(","),
      E2E_READY_PORT: String(READY_PORT),
    },
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
  },
});
