/**
 * Mail on a shared queue: several senders (processes) against one Postgres
 * and one SMTP server deliver every outbox row exactly once, both when the
 * outbox loop itself runs twice at once and when two app servers each run
 * the graphile-worker job queue.
 */
import type { AddressInfo } from "node:net";

import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startJobs } from "../../../app/jobs/queue.server";
import { APP_ROLE } from "../../../db/app-role.server";
import { createPostgres } from "../../../db/client.server";
import { deliverPendingMail, enqueueMail, type DeliverOptions } from "../../../emails/outbox.server";
import { createMailTransport, type MailTransport } from "../../../emails/transport.server";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";

let t: TestDb;
let smtp: SMTPServer;
let transport: MailTransport;
const received: string[] = [];

// These tests exercise real Postgres (connections, locks, the job queue); CI
// always has one. Without it they are reported as not run, never faked on PGlite.
const onPostgres = await postgresReachable();
if (!onPostgres) console.info("[test-db] jobs-queue: no Postgres reachable, so these tests are not run here");

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb("jobs_queue");
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        received.push(...session.envelope.rcptTo.map((r) => r.address));
        // A little latency, so the senders overlap.
        setTimeout(() => callback(), 5);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  transport = createMailTransport({
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    mailDir: "unused",
  });
}, 60_000);

afterAll(async () => {
  transport?.close();
  if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t?.destroy();
});

const noAttachments: DeliverOptions["renderAttachment"] = () => Promise.reject(new Error("no attachments here"));

async function enqueue(prefix: string, n: number): Promise<string[]> {
  const to: string[] = [];
  for (let i = 0; i < n; i++) {
    const address = `${prefix}${i}@queue.test`;
    to.push(address);
    await t.db.transaction().execute((trx) => enqueueMail(trx, { to: address, subject: `Mail ${i}`, text: "Hello" }));
  }
  return to;
}

describe.runIf(onPostgres)("two senders on one outbox", () => {
  it("deliverPendingMail running twice at once sends every mail exactly once", async () => {
    received.length = 0;
    const expected = await enqueue("loop", 60);
    // Each as the application connects: as its role, not as the tables' owner.
    const pools = [
      createPostgres(t.url as string, { max: 3, role: APP_ROLE }),
      createPostgres(t.url as string, { max: 3, role: APP_ROLE }),
    ];
    const claimedBy = [0, 0];
    try {
      await Promise.all(
        pools.map(async (pool, i) => {
          for (;;) {
            const r = await deliverPendingMail({
              db: pool.db,
              transport,
              from: "Quotient <no-reply@quotient.test>",
              renderAttachment: noAttachments,
              batchSize: 4,
            });
            claimedBy[i] += r.sent;
            if (r.sent + r.retried + r.failed === 0) return;
          }
        }),
      );
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    expect([...received].sort()).toEqual([...expected].sort());
    // Both did part of the work, so the test really had them compete.
    expect(claimedBy[0]).toBeGreaterThan(0);
    expect(claimedBy[1]).toBeGreaterThan(0);
    const statuses = await t.db.selectFrom("email_outbox").select("status").distinct().execute();
    expect(statuses.map((s) => s.status)).toEqual(["sent"]);
  }, 60_000);

  it("two app servers on graphile-worker send every mail exactly once", async () => {
    received.length = 0;
    // As app/db.server.ts does: the app's queries as its role, the job queue (its own schema) as the owner.
    const handles = [
      createPostgres(t.url as string, { max: 3, role: APP_ROLE }),
      createPostgres(t.url as string, { max: 3, role: APP_ROLE }),
    ];
    const servers = await Promise.all(
      handles.map((h) =>
        startJobs({
          databaseUrl: t.url as string,
          mail: { db: h.db, transport, from: "Quotient <no-reply@quotient.test>", renderAttachment: noAttachments },
          periodic: [],
          mailIntervalMs: 200,
          periodicIntervalMs: 60_000,
        }),
      ),
    );
    try {
      expect(servers.map((s) => s.kind)).toEqual(["graphile-worker", "graphile-worker"]);
      const expected = await enqueue("queue", 40);
      const until = Date.now() + 30_000;
      while (received.length < expected.length && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // A little longer: a duplicate would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect([...received].sort()).toEqual([...expected].sort());
      // However many servers ask, one delivery job waits (and at most one more runs).
      // The queue's schema belongs to the owner's login (the worker's), so it is read as the owner.
      const owner = createPostgres(t.url as string, { max: 1 });
      try {
        const waiting = await sql<{ n: string }>`
          select count(*) as n from graphile_worker.jobs where task_identifier = 'deliver-mail'`.execute(owner.db);
        expect(Number(waiting.rows[0].n)).toBeLessThanOrEqual(2);
      } finally {
        await owner.close();
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await Promise.all(handles.map((h) => h.close()));
    }
  }, 60_000);

  it("falls back to in-process timers without a Postgres URL (the embedded database)", async () => {
    const jobs = await startJobs({
      mail: { db: t.db, transport, from: "x@quotient.test", renderAttachment: noAttachments },
      periodic: [],
    });
    expect(jobs.kind).toBe("in-process");
    await jobs.stop();
  });
});
