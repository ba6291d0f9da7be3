/**
 * The database going away: requests get a clear 503 and /healthz says not
 * ready, the process stays up, and it serves again once the database is
 * back, without a restart. The outage is made by cutting a TCP proxy between
 * the app and Postgres (never by stopping the shared Postgres). And a
 * connection killed in the middle of a multi-row write leaves nothing of it.
 *
 * Needs real Postgres: the embedded database cannot be cut away.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { createPostgres } from "../../../db/client.server";
import { enqueueMail } from "../../../emails/outbox.server";
import { startTcpProxy, viaProxy, type TcpProxy } from "../../../bench/tcp-proxy";
import { BUYER, rfqInput, seededDemo, actingAs } from "../../factories/demo";
import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";
import { createTestDb, postgresReachable } from "../../support/test-db";

const ADMIN_URL =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

let proxy: TcpProxy;
let app: AppServer;

// These tests exercise real Postgres (connections, locks, the job queue); CI
// always has one. Without it they are reported as not run, never faked on PGlite.
const onPostgres = await postgresReachable();
if (!onPostgres) console.info("[test-db] faults-db: no Postgres reachable, so these tests are not run here");

beforeAll(async () => {
  if (!onPostgres) return;
  const target = new URL(ADMIN_URL);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  app = await createAppServer("faults", { databaseUrl: (url) => viaProxy(url, proxy) });
  await app.start();
}, 120_000);

afterAll(async () => {
  proxy?.restore();
  await app?.destroy();
  await proxy?.close();
});

describe.runIf(onPostgres)("Postgres unreachable during traffic", () => {
  it("answers 503 with a clear page, says not ready, and serves again when it is back", async () => {
    const cookie = await signInOverHttp(app.base, BUYER);
    expect((await http(app.base, "GET", "/rfqs", { cookie })).status).toBe(200);
    const poId = await app.withDb(
      async (db) => (await db.selectFrom("purchase_orders").select("id").executeTakeFirstOrThrow()).id,
    );

    proxy.cut();
    const page = await http(app.base, "GET", "/rfqs", { cookie });
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBeTruthy();
    const html = await page.text();
    expect(html).toContain("Temporarily unavailable");
    expect(html).toContain("cannot reach its database");
    const health = await http(app.base, "GET", "/healthz");
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "unavailable", database: "down" });
    // A form post, a client-side navigation and a resource route: all 503, none a crash.
    expect((await http(app.base, "POST", "/login", { form: { email: BUYER, password: "quotient-demo" } })).status).toBe(
      503,
    );
    expect((await http(app.base, "GET", "/rfqs.data", { cookie })).status).toBe(503);
    expect((await http(app.base, "GET", `/pos/${poId}/pdf`, { cookie })).status).toBe(503);
    expect(app.child()?.exitCode).toBeNull();

    proxy.restore();
    const started = Date.now();
    let ready = false;
    while (!ready && Date.now() - started < 20_000) {
      ready = (await http(app.base, "GET", "/healthz")).status === 200;
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ready).toBe(true);
    expect((await http(app.base, "GET", "/rfqs", { cookie })).status).toBe(200);
    expect((await http(app.base, "GET", `/pos/${poId}/pdf`, { cookie })).status).toBe(200);
    expect(app.output()).not.toMatch(/"level":(50|60).*"msg":"request failed"/);

    // Background work is back too: a mail queued now is sent without a restart.
    const mailId = await app.withDb((db) =>
      enqueueMail(db, { to: "after-outage@acme.test", subject: "After the outage", text: "Back." }),
    );
    let status = "";
    const until = Date.now() + 30_000;
    while (status !== "sent" && Date.now() < until) {
      status = await app.withDb(
        async (db) =>
          (await db.selectFrom("email_outbox").select("status").where("id", "=", mailId).executeTakeFirstOrThrow())
            .status,
      );
      if (status !== "sent") await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe("sent");
  }, 60_000);
});

describe.runIf(onPostgres)("a connection killed in the middle of a multi-row write", () => {
  it("leaves no row of it behind", async () => {
    const testDb = await createTestDb("faults_kill");
    // The app's role may not add triggers nor see or end other sessions: the test does that as the owner.
    const owner = createPostgres(testDb.url as string, { max: 2 });
    try {
      const demo = await seededDemo(testDb.db);
      // The second line's insert waits inside the transaction, so the test can kill it there.
      await sql`
        create function hold_second_line() returns trigger language plpgsql as $$
        begin
          if new.position = 2 then perform pg_sleep(30); end if;
          return new;
        end $$`.execute(owner.db);
      await sql`create trigger hold_second_line before insert on rfq_lines
        for each row execute function hold_second_line()`.execute(owner.db);
      const counts = async () => {
        const row = await sql<{ rfqs: string; lines: string; invitations: string; audit: string; outbox: string }>`
          select (select count(*) from rfqs) as rfqs, (select count(*) from rfq_lines) as lines,
                 (select count(*) from rfq_invitations) as invitations, (select count(*) from audit_events) as audit,
                 (select count(*) from email_outbox) as outbox`.execute(testDb.db);
        return row.rows[0];
      };
      const before = await counts();

      const supplier = demo.orgId("Northwind Components");
      const writing = createRfq(
        actingAs(testDb.db, demo.actor(BUYER), new Date()),
        rfqInput({
          title: "Killed mid-write",
          deadlineAt: new Date(Date.now() + 7 * 86400_000),
          supplierIds: [supplier],
          lines: [
            { itemName: "Line one", specification: "", quantity: "1", unit: "pcs" },
            { itemName: "Line two", specification: "", quantity: "2", unit: "pcs" },
            { itemName: "Line three", specification: "", quantity: "3", unit: "pcs" },
          ],
        }),
      ).then(
        () => null,
        (error: unknown) => error,
      );

      let pid: number | null = null;
      for (let i = 0; i < 200 && pid === null; i++) {
        const found = await sql<{ pid: number }>`
          select pid from pg_stat_activity
          where datname = current_database() and query ilike 'insert into "rfq_lines"%' and state = 'active'`.execute(
          owner.db,
        );
        pid = found.rows[0]?.pid ?? null;
        if (pid === null) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(pid, "the write never reached its second line").not.toBeNull();
      // The RFQ row and its first line are written, uncommitted, at this point.
      await sql`select pg_terminate_backend(${pid})`.execute(owner.db);

      const error = await writing;
      expect(error).toBeInstanceOf(Error);
      expect(await counts()).toEqual(before);
      const titled = await testDb.db.selectFrom("rfqs").select("id").where("title", "=", "Killed mid-write").execute();
      expect(titled).toEqual([]);
    } finally {
      await owner.close();
      await testDb.destroy();
    }
  }, 60_000);
});
