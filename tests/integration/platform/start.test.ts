/**
 * Starting the app the ways the README says: the built server with
 * `DATABASE_URL=` set but empty (empty means unset, as most tools read it:
 * it serves the demo on the embedded database), and the prestart install
 * (scripts/ensure-deps.mjs) under NODE_ENV=production, which must still
 * install the build tools `npm start` needs. The install itself is not run
 * here (it takes minutes and the network): a stand-in `npm` first on PATH
 * records what the script asks of it.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, describe, expect, it } from "vitest";

import { withoutEmpty } from "../../../app/env.server";
import { freePort, signInOverHttp } from "../../support/app-server";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "quotient-start-"));
let server: ChildProcess | null = null;

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("an empty variable counts as unset", () => {
  it("drops empty values and keeps the others", () => {
    expect(withoutEmpty({ DATABASE_URL: "", PORT: "3000", SMTP_URL: "", HOST: " " })).toEqual({
      PORT: "3000",
      HOST: " ",
    });
  });

  it("serves the demo on the embedded database when DATABASE_URL is set but empty", async () => {
    const port = await freePort();
    const dataDir = path.join(dir, "data");
    let output = "";
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      SESSION_SECRET: "",
      SMTP_URL: "",
      APP_URL: "",
      SEED_DEMO: "",
      LOG_LEVEL: "",
    };
    const started = spawn(process.execPath, ["server.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
    server = started;
    started.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    started.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    const base = `http://127.0.0.1:${port}`;
    const until = Date.now() + 90_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`server exited with ${started.exitCode}:\n${output}`);
      const up = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > until) throw new Error(`server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(output).not.toMatch(/Invalid (URL|environment)/);
    expect(output).toContain("database: pglite");
    expect(existsSync(path.join(dataDir, "pglite"))).toBe(true);
    // The demo was seeded (SEED_DEMO empty means its default) and a demo user can sign in.
    const cookie = await signInOverHttp(base, "buyer@acme.test");
    const dashboard = await fetch(`${base}/dashboard`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain("Acme Manufacturing");

    const exited = new Promise<number | null>((resolve) => started.once("exit", (code) => resolve(code)));
    started.kill("SIGTERM");
    expect(await exited).toBe(0);
    server = null;
  }, 120_000);
});

describe("the prestart install (scripts/ensure-deps.mjs)", () => {
  const script = path.resolve("scripts/ensure-deps.mjs");

  /** A checkout in a folder of its own, and an `npm` that only writes down its arguments. */
  function checkout(name: string, state: { installed: boolean; buildTool: boolean; lockNewer?: boolean }) {
    const root = path.join(dir, name);
    const bin = path.join(root, ".bin");
    mkdirSync(bin, { recursive: true });
    const calls = path.join(root, "npm-calls.txt");
    writeFileSync(path.join(bin, "npm"), `#!/bin/sh\necho "$@" >> "${calls}"\n`);
    chmodSync(path.join(bin, "npm"), 0o755);
    writeFileSync(path.join(root, "package-lock.json"), "{}");
    if (state.installed) {
      mkdirSync(path.join(root, "node_modules"), { recursive: true });
      writeFileSync(path.join(root, "node_modules/.package-lock.json"), "{}");
      const old = new Date(Date.now() - 60_000);
      if (state.lockNewer) utimesSync(path.join(root, "node_modules/.package-lock.json"), old, old);
      else utimesSync(path.join(root, "package-lock.json"), old, old);
    }
    if (state.buildTool) {
      mkdirSync(path.join(root, "node_modules/@remix-run/dev"), { recursive: true });
      writeFileSync(path.join(root, "node_modules/@remix-run/dev/package.json"), "{}");
    }
    const ensure = async () => {
      await run(process.execPath, [script], {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production", PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` },
      });
      return existsSync(calls) ? readFileSync(calls, "utf8").trim().split("\n") : [];
    };
    return { ensure };
  }

  it("installs the dev packages too on a fresh clone under NODE_ENV=production", async () => {
    const calls = await checkout("fresh", { installed: false, buildTool: false }).ensure();
    expect(calls).toHaveLength(1);
    expect(calls[0].split(" ")).toEqual(expect.arrayContaining(["ci", "--include=dev"]));
  });

  it("installs again when an earlier install left the build tools out", async () => {
    const calls = await checkout("omitted-dev", { installed: true, buildTool: false }).ensure();
    expect(calls).toHaveLength(1);
    expect(calls[0].split(" ")).toEqual(expect.arrayContaining(["ci", "--include=dev"]));
  });

  it("installs again with the dev packages when the lock file changed", async () => {
    const calls = await checkout("stale", { installed: true, buildTool: true, lockNewer: true }).ensure();
    expect(calls).toHaveLength(1);
    expect(calls[0].split(" ")).toEqual(expect.arrayContaining(["ci", "--include=dev"]));
  });

  it("does nothing when the install is complete and current", async () => {
    expect(await checkout("current", { installed: true, buildTool: true }).ensure()).toEqual([]);
  });
});
