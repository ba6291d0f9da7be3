import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globals: false,
    environment: "node",
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    // One migrated database per run that each file's own database is copied from.
    globalSetup: ["tests/setup/template-db.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each integration file gets its own database, so files run in parallel.
    fileParallelism: true,
    pool: "forks",
    // Files mostly wait on Postgres and on the servers they start, so more of them run at once than
    // there are cores (vitest's default is one fewer than the cores: a single file at a time on two).
    maxWorkers: Number(process.env.VITEST_WORKERS) || 3,
  },
});
