/**
 * Every worker slot's server (tests/e2e/start-server.mjs), started at once:
 * Playwright starts the servers of a config one after another, and each
 * migrates and seeds its own database, so two in a row cost twice the
 * wait. Answers on E2E_READY_PORT with 200 once every one of them answers
 * its health check; ends them all when it is told to stop, or when one of
 * them fails.
 */
import { spawn } from "node:child_process";
import http from "node:http";

const ports = (process.env.E2E_SERVER_PORTS ?? "").split(",").filter(Boolean);
const readyPort = Number(process.env.E2E_READY_PORT);

// A server left running on a slot's port (an earlier run killed midway) would answer the health check for
// the new one, and the tests would read its old data: refuse to start instead.
const taken = await Promise.all(
  ports.map(
    (port) =>
      new Promise((resolve) => {
        const probe = http.createServer();
        probe.once("error", () => resolve(port));
        probe.listen(Number(port), "127.0.0.1", () => probe.close(() => resolve(null)));
      }),
  ),
);
if (taken.some(Boolean)) {
  console.error(`[e2e] port ${taken.filter(Boolean).join(", ")} is taken: stop what listens there first.`);
  process.exit(1);
}

const children = ports.map((port) =>
  spawn(process.execPath, ["tests/e2e/start-server.mjs"], { stdio: "inherit", env: { ...process.env, PORT: port } }),
);

const healthy = (port) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    (r) => r.ok,
    () => false,
  );

const ready = http.createServer((_req, res) => {
  void Promise.all(ports.map(healthy)).then((up) => res.writeHead(up.every(Boolean) ? 200 : 503).end());
});
ready.listen(readyPort, "127.0.0.1");

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  ready.close();
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", resolve);
          child.kill("SIGTERM");
        }),
    ),
  );
  process.exit(code);
}
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
for (const child of children)
  child.on("exit", (code) => {
    if (!stopping && code !== 0) void stop(code ?? 1);
  });
