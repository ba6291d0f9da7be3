import { sql, type Kysely } from "kysely";

/**
 * Sourcing (issue 4): a supplier's unsent quote draft, the record that a
 * deadline reminder went out, and indexes for the buyer's RFQ list.
 * Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // The draft lives on the quote row, not as a revision: revisions are what
  // was received, numbered from 1, and a draft was never received.
  await db.schema.alterTable("quotes").addColumn("draft", "jsonb").addColumn("draft_saved_at", "timestamptz").execute();
  // The deadline a reminder was sent for: extending the deadline makes a new
  // reminder due, while a second run for the same deadline sends nothing.
  await db.schema.alterTable("rfq_invitations").addColumn("reminded_for_deadline", "timestamptz").execute();
  // Keyset pagination of an organisation's RFQs by deadline.
  await db.schema.createIndex("rfqs_org_deadline_idx").on("rfqs").columns(["org_id", "deadline", "id"]).execute();
  await db.schema
    .createIndex("rfqs_org_status_deadline_idx")
    .on("rfqs")
    .columns(["org_id", "status", "deadline", "id"])
    .execute();
  // Title search is ILIKE '%words%', which only a trigram index serves. Where
  // pg_trgm cannot be installed (embedded PGlite without the extension
  // loaded) the search still works, scanning the organisation's rows.
  await sql`
    do $$
    begin
      create extension if not exists pg_trgm;
      create index if not exists rfqs_title_trgm_idx on rfqs using gin (title gin_trgm_ops);
    exception when others then
      raise notice 'pg_trgm unavailable; RFQ title search runs without a trigram index';
    end
    $$`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists rfqs_title_trgm_idx`.execute(db);
  await db.schema.dropIndex("rfqs_org_status_deadline_idx").ifExists().execute();
  await db.schema.dropIndex("rfqs_org_deadline_idx").ifExists().execute();
  await db.schema.alterTable("rfq_invitations").dropColumn("reminded_for_deadline").execute();
  await db.schema.alterTable("quotes").dropColumn("draft").dropColumn("draft_saved_at").execute();
}
