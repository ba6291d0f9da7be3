/**
 * One app server per Playwright worker, each on its own freshly seeded
 * database with its own mail folder, so files run side by side without
 * seeing each other's writes. Worker slot n (TEST_PARALLEL_INDEX, reused
 * when a worker is replaced after a failure) talks to the server on
 * E2E_PORT + 10 n; the config starts one server per slot.
 */
import path from "node:path";

export const BASE_PORT = Number(process.env.E2E_PORT || 3210);

/** Ten ports apart, so a person given E2E_PORT 3214 may use 3224 and 3234 for extra workers. */
export const PORT_STEP = 10;

export function serverPort(slot: number): number {
  return BASE_PORT + slot * PORT_STEP;
}

/** Where tests/e2e/start-servers.mjs says that every slot's server is up (between the slots' ports). */
export const READY_PORT = BASE_PORT + 5;

/** The port of the server this worker talks to (slot 0 outside a worker). */
export function workerPort(): number {
  return serverPort(Number(process.env.TEST_PARALLEL_INDEX || 0));
}

/** Where tests/e2e/start-server.mjs files the mail of the server on `port`. */
export function mailDir(port: number): string {
  return path.resolve(`test-results/e2e-${port}/mail`);
}
