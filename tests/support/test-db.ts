/**
 * A private database for one test file: a fresh Postgres database when a
 * server is reachable (CI always has one), an in-memory PGlite otherwise.
 * Files run in parallel because none shares a database with another.
 */
import { randomBytes } from "node:crypto";

import pg from "pg";

import { APP_ROLE, prepareAsOwner } from "../../db/app-role.server";
import { createPglite, createPostgres, type DbHandle } from "../../db/client.server";
import { migrateToLatest } from "../../db/migrate.server";

// An empty variable counts as unset, as for the app (app/env.server.ts).
export const ADMIN_URL =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Names the migrated database of this run (tests/setup/template-db.ts) that
 * a migrated test database is copied from; unset, each file migrates its own.
 */
export const TEMPLATE_ENV = "QUOTIENT_TEST_TEMPLATE";

export interface TestDb extends DbHandle {
  /** Drops the database (Postgres) or closes PGlite. */
  destroy(): Promise<void>;
  /**
   * A connection string for this database as its owner, when on Postgres:
   * for a server (which migrates as the owner and then runs as
   * `quotient_app`), a backup, or a second pool (pass `role: APP_ROLE` to
   * act as the app).
   */
  url: string | null;
}

export async function postgresReachable(url = ADMIN_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Migrated (the default): `db` runs as the application does, on Postgres as
 * the role `quotient_app` after the owner migrated and granted, so every test
 * proves the app works with no more than that role's rights. With
 * `migrate: false`: `db` is the owner's, for a test that migrates or restores
 * the database itself.
 */
export async function createTestDb(
  label: string,
  options: {
    max?: number;
    migrate?: boolean;
    /** With `migrate: false`: start from the run's migrated copy anyway (a server's database, which migrates as a no-op). */
    copyMigrated?: boolean;
  } = {},
): Promise<TestDb> {
  const migrate = options.migrate ?? true;
  if (await postgresReachable()) {
    const name = `quotient_test_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
    const template = migrate || options.copyMigrated ? process.env[TEMPLATE_ENV] : undefined;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    // The copy carries the migrations and the app role's grants, as prepareAsOwner leaves them.
    await admin.query(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    if (migrate && !template) await prepareAsOwner(url.toString());
    const handle = createPostgres(url.toString(), { max: options.max ?? 10, ...(migrate ? { role: APP_ROLE } : {}) });
    console.info(
      `[test-db] ${label}: real Postgres, database ${name}${template ? ` (a copy of the migrated ${template})` : ""}`,
    );
    return {
      ...handle,
      url: url.toString(),
      async destroy() {
        await handle.close();
        await waitForSessionsToEnd(url.toString());
        const drop = new pg.Client({ connectionString: ADMIN_URL });
        await drop.connect();
        await drop.query(`drop database if exists "${name}" with (force)`);
        await drop.end();
      },
    };
  }
  const handle = await createPglite();
  if (migrate) await migrateToLatest(handle.db);
  console.info(`[test-db] ${label}: embedded PGlite (no Postgres reachable at ${new URL(ADMIN_URL).host})`);
  return { ...handle, url: null, destroy: () => handle.close() };
}

/**
 * `pg.Pool#end()` resolves once it has asked its clients to close, not once
 * they have; dropping the database "with (force)" straight after would kill
 * them and the pool would log the termination. Wait until Postgres shows no
 * other session on the database.
 */
export async function waitForSessionsToEnd(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
      );
      if (Number(rows[0].n) === 0 || Date.now() > until) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
}

/**
 * Runs `fn` on the owner's connection (the login migrations run as): for a
 * test that must change the schema or see past the app role's rights. On
 * PGlite there is one user, so it is the test's own connection.
 */
export async function asOwner<T>(t: TestDb, fn: (db: DbHandle["db"]) => Promise<T>): Promise<T> {
  if (!t.url) return fn(t.db);
  const owner = createPostgres(t.url, { max: 1 });
  try {
    return await fn(owner.db);
  } finally {
    await owner.close();
  }
}
