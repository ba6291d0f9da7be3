import { sql, type Kysely } from "kysely";

/**
 * The admin's list of refused sealed reads pages through one organisation's
 * SEALED_READ_REFUSED events newest first; a partial index keeps that a
 * short range scan however long the rest of the audit log grows.
 * Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await sql`create index audit_events_refused_reads_idx on audit_events (org_id, id)
    where event = 'SEALED_READ_REFUSED'`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists audit_events_refused_reads_idx`.execute(db);
}
