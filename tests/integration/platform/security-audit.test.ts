/**
 * The audit log is append-only in the database itself: triggers refuse
 * UPDATE, DELETE and TRUNCATE, whoever asks, and inserting still works. On
 * Postgres the application runs as `quotient_app` (db/app-role.server.ts),
 * which owns nothing: it cannot disable or drop those triggers either, and
 * holds only INSERT and SELECT on the audit log. The embedded database has
 * one user, so there the triggers alone hold.
 */
import { sql, type RawBuilder } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { APP_ROLE, ensureAppRole } from "../../../db/app-role.server";
import { createPostgres, type Db } from "../../../db/client.server";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { asOwner, createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb("audit_append_only");
  await appendAuditEvent(t.db, {
    orgId: null,
    actorId: null,
    entityType: "session",
    entityId: null,
    event: "SIGN_IN_FAILED",
    data: { email: "someone@acme.test" },
  });
});

afterAll(async () => {
  await t?.destroy();
});

const count = async (db: Db) =>
  Number((await sql<{ n: string }>`select count(*) as n from audit_events`.execute(db)).rows[0].n);

/** Runs a statement that must be refused, and returns Postgres' message. */
async function refusal(db: Db, statement: RawBuilder<unknown>): Promise<string> {
  try {
    await statement.execute(db);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("the statement was not refused");
}

/** The owner's connection: the login migrations run as (on PGlite, the one user). */
const withOwner = <T>(fn: (db: Db) => Promise<T>) => asOwner(t, fn);

describe("audit_events", () => {
  it("accepts new events but refuses to change or delete any, as the app", async () => {
    expect(await count(t.db)).toBe(1);
    await expect(sql`update audit_events set event = 'SIGN_IN'`.execute(t.db)).rejects.toThrow();
    await expect(sql`delete from audit_events`.execute(t.db)).rejects.toThrow();
    const row = await t.db.selectFrom("audit_events").select("event").executeTakeFirstOrThrow();
    expect(row.event).toBe("SIGN_IN_FAILED");
    expect(await count(t.db)).toBe(1);
  });

  it("refuses TRUNCATE even to the tables' owner, and the rows stay", async () => {
    await withOwner(async (owner) => {
      expect(await refusal(owner, sql`truncate audit_events`)).toMatch(/audit_events is append-only/);
      expect(await refusal(owner, sql`truncate audit_events restart identity cascade`)).toMatch(/append-only/);
      expect(await count(owner)).toBe(1);
    });
  });

  it("runs the app as a role that may only insert and read the audit log, and owns nothing", async () => {
    if (!t.url) {
      // The embedded database has no roles to separate; the triggers above are what holds there.
      expect(t.kind).toBe("pglite");
      expect(await refusal(t.db, sql`truncate audit_events`)).toMatch(/append-only/);
      return;
    }
    const who = await sql<{ current_user: string }>`select current_user`.execute(t.db);
    expect(who.rows[0].current_user).toBe(APP_ROLE);
    // RESET ROLE goes back to the role the connection started with, not to the owner.
    const reset = await t.db.connection().execute(async (c) => {
      await sql`reset role`.execute(c);
      return (await sql<{ current_user: string }>`select current_user`.execute(c)).rows[0].current_user;
    });
    expect(reset).toBe(APP_ROLE);

    expect(await refusal(t.db, sql`truncate audit_events`)).toMatch(/permission denied for table audit_events/);
    expect(await refusal(t.db, sql`delete from audit_events`)).toMatch(/permission denied for table audit_events/);
    expect(await refusal(t.db, sql`update audit_events set event = 'X'`)).toMatch(
      /permission denied for table audit_events/,
    );
    expect(await refusal(t.db, sql`alter table audit_events disable trigger all`)).toMatch(
      /must be owner of table audit_events/,
    );
    expect(await refusal(t.db, sql`drop trigger audit_events_no_change on audit_events`)).toMatch(
      /must be owner of (table|relation) audit_events/,
    );
    expect(await refusal(t.db, sql`drop trigger audit_events_no_truncate on audit_events`)).toMatch(
      /must be owner of (table|relation) audit_events/,
    );
    expect(await refusal(t.db, sql`drop table audit_events`)).toMatch(/must be owner of table audit_events/);
    // No other table may be emptied in one statement, nor the migrations' record touched.
    expect(await refusal(t.db, sql`truncate organisations cascade`)).toMatch(/permission denied/);
    expect(await refusal(t.db, sql`delete from kysely_migration`)).toMatch(/permission denied/);
    expect(await count(t.db)).toBe(1);

    const rights = await sql<{ privilege_type: string }>`
      select privilege_type from information_schema.role_table_grants
      where grantee = ${APP_ROLE} and table_name = 'audit_events' order by 1`.execute(t.db);
    expect(rights.rows.map((r) => r.privilege_type)).toEqual(["INSERT", "SELECT"]);
    const owned = await sql<{ n: string }>`
      select count(*) as n from pg_class c join pg_roles r on r.oid = c.relowner
      where r.rolname = ${APP_ROLE}`.execute(t.db);
    expect(owned.rows[0].n).toBe("0");

    // The trigger is still there and still fires: as the owner, TRUNCATE is refused by it.
    await withOwner(async (owner) => {
      expect(await refusal(owner, sql`truncate audit_events`)).toMatch(/append-only/);
    });
    expect(await count(t.db)).toBe(1);
  });

  it("creates the role once when several databases start at the same time", async () => {
    if (!t.url) {
      expect(t.kind).toBe("pglite");
      return;
    }
    // Roles belong to the cluster: parallel test files and servers all ensure the same one.
    const url = t.url;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, async () => {
        const owner = createPostgres(url, { max: 1 });
        try {
          await ensureAppRole(owner.db);
        } finally {
          await owner.close();
        }
      }),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("select count(*)::int as n from pg_roles where rolname = $1", [APP_ROLE]);
    await client.end();
    expect(rows[0].n).toBe(1);
  });
});

describe("the server's own database handle (app/db.server.ts)", () => {
  it("migrates as the owner, then runs the app's queries as quotient_app", async () => {
    const fresh = await createTestDb("audit_app_handle", { migrate: false });
    const saved = { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR };
    try {
      if (!fresh.url) {
        expect(fresh.kind).toBe("pglite");
        return;
      }
      process.env.DATABASE_URL = fresh.url;
      const { getDbHandle } = await import("../../../app/db.server");
      const handle = await getDbHandle();
      try {
        const who = await sql<{ current_user: string }>`select current_user`.execute(handle.db);
        expect(who.rows[0].current_user).toBe(APP_ROLE);
        const done = await sql<{ n: string }>`select count(*) as n from kysely_migration`.execute(fresh.db);
        expect(Number(done.rows[0].n)).toBeGreaterThan(7);
        expect(await refusal(handle.db, sql`truncate audit_events`)).toMatch(/permission denied/);
      } finally {
        await handle.close();
        globalThis.__quotientDb = undefined;
      }
    } finally {
      process.env.DATABASE_URL = saved.DATABASE_URL;
      if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
      await fresh.destroy();
    }
  });
});
