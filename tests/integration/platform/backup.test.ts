/**
 * Backup and restore round trip, with the real commands (db/backup.ts,
 * db/restore.ts): a seeded database is dumped, restored into a fresh one,
 * and every table of every schema is compared row for row. On Postgres
 * (pg_dump/pg_restore) when one is reachable, and always on the embedded
 * database (PGlite's data-folder dump).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import { APP_ROLE, prepareAsOwner } from "../../../db/app-role.server";
import { createPglite, type Db } from "../../../db/client.server";
import { migrateToLatest } from "../../../db/migrate.server";
import { enqueueMail } from "../../../emails/outbox.server";
import { seededDemo } from "../../factories/demo";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "quotient-backup-"));
const tsx = path.resolve("node_modules/.bin/tsx");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every user table, with its row count and a digest of all its rows. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
    order by 1, 2`.execute(db);
  const out: Record<string, string> = {};
  for (const t of tables.rows) {
    const r = await sql<{ n: string; sum: string | null }>`
      select count(*)::text as n, md5(string_agg(x::text, '|' order by x::text)) as sum
      from ${sql.table(`${t.schema}.${t.name}`)} x`.execute(db);
    out[`${t.schema}.${t.name}`] = `${r.rows[0].n}:${r.rows[0].sum ?? ""}`;
  }
  return out;
}

async function seed(db: Db): Promise<void> {
  await migrateToLatest(db);
  await seededDemo(db);
  // Text that dumps must carry exactly: quotes, newlines, unicode.
  await enqueueMail(db, { to: "o'brien@acme.test", subject: 'Zoë\'s "order"\nline two ✓', text: "Ünïcödé — 100 €" });
}

// pg_dump/pg_restore need a real server; CI always has one.
const onPostgres = await postgresReachable();
if (!onPostgres) console.info("[test-db] backup: no Postgres reachable, so the pg_dump round trip is not run here");

describe("backup and restore", () => {
  it.runIf(onPostgres)(
    "round-trips a seeded Postgres database through pg_dump and pg_restore",
    async () => {
      let source: TestDb | null = null;
      let target: TestDb | null = null;
      try {
        source = await createTestDb("backup_source", { migrate: false });
        await seed(source.db);
        const before = await fingerprint(source.db);
        expect(Object.keys(before).length).toBeGreaterThan(20);
        const file = path.join(dir, "quotient.dump");
        await run(tsx, ["db/backup.ts", file], { env: { ...process.env, DATABASE_URL: source.url as string } });
        expect(statSync(file).size).toBeGreaterThan(1000);

        target = await createTestDb("backup_target", { migrate: false });
        await run(tsx, ["db/restore.ts", file], { env: { ...process.env, DATABASE_URL: target.url as string } });
        expect(await fingerprint(target.db)).toEqual(before);

        // Restoring again over the restored database replaces it, still equal.
        await run(tsx, ["db/restore.ts", file], { env: { ...process.env, DATABASE_URL: target.url as string } });
        expect(await fingerprint(target.db)).toEqual(before);
        // And the restored database is a working one: migrations see themselves as done, and
        // the start grants the app's role again (the dump carries no privileges).
        await prepareAsOwner(target.url as string);
        const client = new pg.Client({ connectionString: target.url as string, options: `-c role=${APP_ROLE}` });
        await client.connect();
        try {
          const { rows } = await client.query("select count(*)::int as n from users");
          const seeded = await target.db
            .selectFrom("users")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow();
          expect(rows[0].n).toBe(Number(seeded.n));
          expect(rows[0].n).toBeGreaterThan(0);
          await expect(client.query("truncate audit_events")).rejects.toThrow(/permission denied/);
        } finally {
          await client.end();
        }
        // The append-only triggers came back with the schema.
        await expect(sql`truncate audit_events`.execute(target.db)).rejects.toThrow(/append-only/);
      } finally {
        await target?.destroy();
        await source?.destroy();
      }
    },
    120_000,
  );

  it("round-trips an embedded database through its data-folder dump", async () => {
    const dataDir = path.join(dir, "source");
    mkdirSync(dataDir, { recursive: true });
    const source = await createPglite(path.join(dataDir, "pglite"));
    await seed(source.db);
    const before = await fingerprint(source.db);
    await source.close();

    const file = path.join(dir, "quotient.tar.gz");
    const env = { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir };
    await run(tsx, ["db/backup.ts", file], { env: { ...env } });
    const restoredDir = path.join(dir, "restored");
    await run(tsx, ["db/restore.ts", file], { env: { ...env, DATA_DIR: restoredDir } });
    // Never over live data.
    await expect(run(tsx, ["db/restore.ts", file], { env: { ...env, DATA_DIR: restoredDir } })).rejects.toThrow(
      /not empty/,
    );

    const restored = await createPglite(path.join(restoredDir, "pglite"));
    try {
      expect(await fingerprint(restored.db)).toEqual(before);
      // One user on the embedded database: its triggers are what keep the audit log whole.
      await expect(sql`truncate audit_events`.execute(restored.db)).rejects.toThrow(/append-only/);
    } finally {
      await restored.close();
    }
  }, 180_000);
});
