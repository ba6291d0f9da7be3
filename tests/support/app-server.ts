/**
 * The built server (server.mjs, `npx remix build` first) in a child process,
 * on a private database seeded with the demo, for tests at the HTTP level:
 * security headers, sign-in, faults, shutdown. On Postgres the test can read
 * the database while the server runs; on the embedded database only while
 * it is stopped (`withDb` handles both).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { sql } from "kysely";

import { createPglite, createPostgres, type Db, type DbHandle } from "../../db/client.server";
import { migrateToLatest } from "../../db/migrate.server";
import { seededDemo, type Demo } from "../factories/demo";

import { createTestDb, type TestDb } from "./test-db";

export const DEMO_PASSWORD = "quotient-demo";

export interface AppServer {
  port: number;
  base: string;
  /** Everything the server printed, stdout and stderr. */
  output(): string;
  /** Postgres connection string of the server's database, or null on the embedded one. */
  databaseUrl: string | null;
  dataDir: string;
  start(env?: Record<string, string>): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  child(): ChildProcess | null;
  /** Opens the database for the test (the server must be stopped on the embedded database). */
  withDb<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

/**
 * A port nobody listens on now, chosen by the system: test files run side by
 * side (and two checkouts may run at once), so no file may count on a fixed one.
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function createAppServer(
  label: string,
  options: {
    /** A fixed port (benches that print their address); otherwise a free one. */
    port?: number;
    seed?: (demo: Demo) => Promise<void>;
    databaseUrl?: (url: string) => string;
    /** A second server on the first one's Postgres database (neither migrated nor seeded again; dropped by the first). */
    sharing?: AppServer;
  } = {},
): Promise<AppServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `quotient-${label}-`));
  const shared = options.sharing?.databaseUrl ?? null;
  if (options.sharing && !shared) throw new Error("only a server on Postgres can share its database");
  let testDb: Pick<TestDb, "url" | "destroy"> | null = shared
    ? { url: shared, destroy: async () => undefined }
    : await createTestDb(label, { migrate: false, copyMigrated: true });
  if (!testDb.url) {
    await testDb.destroy();
    testDb = null;
  }
  const open = async (): Promise<DbHandle> =>
    testDb?.url ? createPostgres(testDb.url, { max: 3 }) : createPglite(path.join(dataDir, "pglite"));
  const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const handle = await open();
    try {
      return await fn(handle.db);
    } finally {
      await handle.close();
    }
  };
  try {
    if (!shared)
      await withDb(async (db) => {
        await migrateToLatest(db);
        const demo = await seededDemo(db);
        await options.seed?.(demo);
      });
  } catch (error) {
    await testDb?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  let child: ChildProcess | null = null;
  let output = "";
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;

  const server: AppServer = {
    port,
    base,
    dataDir,
    databaseUrl: testDb?.url ?? null,
    output: () => output,
    child: () => child,
    withDb,
    async start(env = {}) {
      const url = testDb?.url ? (options.databaseUrl?.(testDb.url) ?? testDb.url) : "";
      const started = spawn(process.execPath, ["server.mjs"], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(port),
          HOST: "127.0.0.1",
          DATA_DIR: dataDir,
          SEED_DEMO: "0",
          SESSION_SECRET: `${label}-session-secret-for-tests`,
          SMTP_URL: "",
          DATABASE_URL: url,
          LOG_LEVEL: "info",
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = started;
      started.stdout?.on("data", (c: Buffer) => (output += c.toString()));
      started.stderr?.on("data", (c: Buffer) => (output += c.toString()));
      // A server that dies under a test takes its reason with it: print the end of what it said.
      started.once("exit", (code, signal) => {
        const unexpected = child === started && code !== 0;
        if (unexpected) console.info(`[app-server] ${label} exited (${code ?? signal}):\n${output.slice(-4000)}`);
      });
      const until = Date.now() + 120_000;
      for (;;) {
        if (started.exitCode !== null) throw new Error(`server exited with ${started.exitCode}:\n${output}`);
        const up = await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) return;
        if (Date.now() > until) throw new Error(`server did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    },
    async stop(signal = "SIGTERM") {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return running?.exitCode ?? null;
      const exited = new Promise<number | null>((resolve) => running.once("exit", (code) => resolve(code)));
      running.kill(signal);
      return exited;
    },
    async destroy() {
      await server.stop();
      await testDb?.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** A form POST (or GET) to the server without following redirects. */
export function http(
  base: string,
  method: "GET" | "POST",
  url: string,
  options: { cookie?: string | null; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${base}${url}`, {
    method,
    redirect: "manual",
    headers: {
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      ...options.headers,
    },
    body: method === "POST" ? new URLSearchParams(options.form ?? {}).toString() : undefined,
  });
}

/** Signs in and returns the session cookie ("name=value"). */
export async function signInOverHttp(base: string, email: string, password = DEMO_PASSWORD, cookie?: string) {
  const response = await http(base, "POST", "/login", {
    cookie,
    form: { email, password, redirectTo: "/dashboard" },
  });
  const set = response.headers.get("set-cookie");
  if (response.status !== 302 || !set) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return set.split(";")[0];
}

/**
 * One fingerprint per table of the public schema, to prove a request wrote
 * nothing. Left out: sessions and sign-in attempts (sign-ins write them by
 * design), audit lines of sign-ins and refused reads (also by design), and
 * reading sealed quotes side by side (audited when the page is shown), and
 * the delivery state of outbox rows (the server's jobs send mail meanwhile;
 * a new row still shows).
 */
export async function tableChecksums(db: Db): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not like 'kysely_%' and table_name not in ('sessions', 'sign_in_attempts')
    order by table_name`.execute(db);
  const sums: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    const source =
      table_name === "audit_events"
        ? sql`(select * from audit_events
              where event not in ('SIGN_IN', 'SIGN_IN_FAILED') and event not like '%_REFUSED') t`
        : table_name === "email_outbox"
          ? sql`(select id, org_id, to_address, subject, text_body from email_outbox) t`
          : sql`${sql.table(table_name)} t`;
    const row = await sql<{ sum: string | null; n: string }>`
      select md5(string_agg(t::text, '|' order by t::text)) as sum, count(*)::text as n from ${source}`.execute(db);
    sums[table_name] = `${row.rows[0].n}:${row.rows[0].sum ?? ""}`;
  }
  return sums;
}
