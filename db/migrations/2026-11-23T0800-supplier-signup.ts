import { sql, type Kysely } from "kysely";

/**
 * Inviting suppliers by email, declining through the invitation machine and
 * files on quotes. Invitations become workflow rows (version, machine
 * version); a registration link is one row per mailed invitation, holding
 * only the token's SHA-256; a quote's files wait on the quote until it is
 * submitted, then belong to that revision.
 * Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("rfq_invitations")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("workflow_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // An address is invited once per RFQ, whatever its case.
  await sql`create unique index rfq_invitations_email_key on rfq_invitations (rfq_id, lower(invited_email)) where invited_email is not null`.execute(
    db,
  );
  await sql`create index rfq_invitations_pending_email_idx on rfq_invitations (lower(invited_email)) where supplier_org_id is null`.execute(
    db,
  );

  await db.schema
    .createTable("registration_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("invitation_id", "uuid", (c) => c.notNull().references("rfq_invitations.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("token_hash", "char(64)", (c) => c.notNull().unique())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // "quote": a file the supplier attached to its quote and has not submitted yet.
  await sql`alter table attachments drop constraint if exists attachments_owner_type_check`.execute(db);
  await sql`alter table attachments add constraint attachments_owner_type_check check (owner_type in ('rfq', 'quote', 'quote_revision', 'invoice'))`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await sql`delete from attachments where owner_type = 'quote'`.execute(db);
  await sql`alter table attachments drop constraint if exists attachments_owner_type_check`.execute(db);
  await sql`alter table attachments add constraint attachments_owner_type_check check (owner_type in ('rfq', 'quote_revision', 'invoice'))`.execute(
    db,
  );
  await db.schema.dropTable("registration_tokens").ifExists().execute();
  await sql`drop index if exists rfq_invitations_pending_email_idx`.execute(db);
  await sql`drop index if exists rfq_invitations_email_key`.execute(db);
  await db.schema
    .alterTable("rfq_invitations")
    .dropColumn("version")
    .dropColumn("workflow_version")
    .dropColumn("updated_at")
    .execute();
}
