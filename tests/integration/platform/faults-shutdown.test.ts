/**
 * Graceful shutdown of a real server process: on SIGTERM it stops taking
 * connections, finishes the request in flight and the outbox batch it is
 * sending, then exits 0, with every claimed mail sent exactly once and none
 * left half-claimed.
 */
import type { AddressInfo } from "node:net";

import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTcpProxy, viaProxy, type TcpProxy } from "../../../bench/tcp-proxy";
import { BUYER } from "../../factories/demo";
import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";
import { postgresReachable } from "../../support/test-db";

const ADMIN_URL =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

let proxy: TcpProxy;
let app: AppServer;
let smtp: SMTPServer;
const received: string[] = [];

// These tests exercise real Postgres (connections, locks, the job queue); CI
// always has one. Without it they are reported as not run, never faked on PGlite.
const onPostgres = await postgresReachable();
if (!onPostgres) console.info("[test-db] faults-shutdown: no Postgres reachable, so these tests are not run here");

beforeAll(async () => {
  if (!onPostgres) return;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        // Unfold long header lines before reading the subject.
        const headers = Buffer.concat(chunks)
          .toString()
          .split(/\r?\n\r?\n/)[0]
          .replace(/\r?\n[ \t]+/g, " ");
        const subject = /^Subject: (.*)$/m.exec(headers)?.[1] ?? "";
        received.push(`${session.envelope.rcptTo.map((r) => r.address).join(",")}|${subject.trim()}`);
        // A slow mail server: the batch is still being sent when the signal comes.
        setTimeout(() => callback(), 250);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const target = new URL(ADMIN_URL);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  app = await createAppServer("shutdown", { databaseUrl: (url) => viaProxy(url, proxy) });
}, 120_000);

afterAll(async () => {
  proxy?.resume();
  await app?.destroy();
  await proxy?.close();
  if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe.runIf(onPostgres)("SIGTERM", () => {
  it("stops taking requests, finishes the one in flight and the mail batch, then exits 0", async () => {
    const queued = await app.withDb(async (db) =>
      Number(
        (
          await db
            .selectFrom("email_outbox")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    expect(queued).toBeGreaterThan(3);
    await app.start({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` });
    const cookie = await signInOverHttp(app.base, BUYER);
    const until = Date.now() + 20_000;
    while (received.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.length).toBeGreaterThan(0);

    // A request that is waiting on the database when the signal arrives.
    proxy.pause();
    const inFlight = http(app.base, "GET", "/rfqs", { cookie });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const child = app.child();
    if (!child) throw new Error("server not running");
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fetch(`${app.base}/healthz`)).rejects.toThrow();
    expect(child.exitCode).toBeNull();

    proxy.resume();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("RFQ");
    expect(await exited).toBe(0);
    expect(app.output()).toContain("stopped cleanly");

    const rows = await app.withDb((db) =>
      db.selectFrom("email_outbox").select(["status", "to_address", "subject"]).execute(),
    );
    expect(rows.filter((r) => r.status === "sending")).toEqual([]);
    const sent = rows.filter((r) => r.status === "sent").map((r) => `${r.to_address}|${r.subject}`);
    expect(sent.length).toBeGreaterThan(0);
    // Every mail the server says it sent arrived, once.
    expect([...received].sort()).toEqual([...sent].sort());
  }, 90_000);
});
