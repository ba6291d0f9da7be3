import { sql, type Kysely } from "kysely";

/**
 * The audit log stays append-only against TRUNCATE as well: the row-level
 * trigger of the first migration stops UPDATE and DELETE, but TRUNCATE fires
 * no row trigger and emptied the table in one statement. A statement-level
 * trigger refuses it with the same message, on Postgres and on the embedded
 * database alike. (Who may disable the triggers is a matter of roles: the
 * application's role owns nothing; see docs/decisions/015-database-roles.md.)
 * Frozen in time: it must never import application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only()`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger if exists audit_events_no_truncate on audit_events`.execute(db);
}
