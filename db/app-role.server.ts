/**
 * The role the application's queries run as on Postgres. Migrations run as
 * the login of DATABASE_URL, which owns the tables; the application's pool
 * then switches to `quotient_app` on each connection (a startup option, so
 * even RESET ROLE lands back on it). That role owns nothing, so it cannot
 * ALTER, DROP or disable a trigger, and it holds no TRUNCATE anywhere; on the
 * audit log it may only INSERT and SELECT. Why, and what remains:
 * docs/decisions/015-database-roles.md.
 *
 * Roles belong to the whole cluster, table grants to one database: the role
 * is created once (several servers or test files may race to create it),
 * the grants are applied on every start, after the migrations, so new
 * tables and a restored backup (pg_dump --no-privileges) get them too.
 */
import { sql, type Kysely } from "kysely";

import { createPostgres } from "./client.server";
import { migrateToLatest } from "./migrate.server";

export const APP_ROLE = "quotient_app";

/** Tables the application never needs: the migrator's own bookkeeping. */
const OWNER_ONLY_TABLES = ["kysely_migration", "kysely_migration_lock"];

/** Postgres error codes that mean "someone else just created or granted the same thing". */
const RACE_CODES = new Set([
  "42710", // duplicate_object: CREATE ROLE of an existing role
  "23505", // unique_violation: two CREATE ROLE (or GRANT) of the same name at once
  "XX000", // "tuple concurrently updated" on a shared catalog
  "40001", // serialization_failure
]);

function errorCode(error: unknown): string | null {
  return typeof error === "object" && error && "code" in error && typeof error.code === "string" ? error.code : null;
}

/** Runs `step` until it succeeds or fails for a reason other than a concurrent twin. */
async function raceSafe(step: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await step();
      return;
    } catch (error) {
      if (!RACE_CODES.has(errorCode(error) ?? "") || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/**
 * Creates the application's role when missing and gives it exactly what the
 * application uses in this database. Call with the owner's connection.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any schema, like a migration
export async function ensureAppRole(db: Kysely<any>): Promise<void> {
  const role = sql.id(APP_ROLE);
  await raceSafe(async () => {
    const exists = await sql<{ n: number }>`select 1 as n from pg_roles where rolname = ${APP_ROLE}`.execute(db);
    if (exists.rows.length === 0) await sql`create role ${role} nologin`.execute(db);
  });
  // A superuser may SET ROLE to anyone; any other owner must be a member of the role.
  await raceSafe(async () => {
    const me = await sql<{ superuser: boolean; member: boolean }>`
      select rolsuper as superuser, pg_has_role(current_user, ${APP_ROLE}, 'MEMBER') as member
      from pg_roles where rolname = current_user`.execute(db);
    if (!me.rows[0]?.superuser && !me.rows[0]?.member) await sql`grant ${role} to current_user`.execute(db);
  });
  await raceSafe(() =>
    db.transaction().execute(async (trx) => {
      // Two servers starting on one database would otherwise update the same ACLs at once.
      await sql`select pg_advisory_xact_lock(hashtext('quotient_app_grants'))`.execute(trx);
      await sql`grant usage on schema public to ${role}`.execute(trx);
      await sql`grant select, insert, update, delete on all tables in schema public to ${role}`.execute(trx);
      await sql`grant usage, select, update on all sequences in schema public to ${role}`.execute(trx);
      // Grants made by hand (or an older version) are taken back too: only what is listed above stays.
      await sql`revoke truncate, references, trigger on all tables in schema public from ${role}`.execute(trx);
      await sql`revoke update, delete on audit_events from ${role}`.execute(trx);
      for (const table of OWNER_ONLY_TABLES) {
        const present = await sql`select 1 from pg_tables where schemaname = 'public' and tablename = ${table}`.execute(
          trx,
        );
        if (present.rows.length > 0) await sql`revoke all on ${sql.table(table)} from ${role}`.execute(trx);
      }
    }),
  );
}

/**
 * What a start does on Postgres before the application's pool opens: the
 * migrations and the grants, over a short-lived connection of the owner.
 */
export async function prepareAsOwner(url: string): Promise<void> {
  const owner = createPostgres(url, { max: 2 });
  try {
    await migrateToLatest(owner.db);
    await ensureAppRole(owner.db);
  } finally {
    await owner.close();
  }
}
