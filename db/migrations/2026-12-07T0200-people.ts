import { sql, type Kysely } from "kysely";

/**
 * A company signs itself up and keeps its own people: the organisation's
 * legal name and country; per person, when their address was confirmed
 * (rows that exist, and rows written without it, count as confirmed, so
 * only a sign-up or an invitation starts unconfirmed), when they were
 * invited, and the time zone they read instants in; single-use links
 * (address confirmation, password reset, invitation) kept only as the
 * SHA-256 of their token; and an index for "last sign-in", read from the
 * audit log's sign-in events. Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("organisations").addColumn("legal_name", "text").addColumn("country", "char(2)").execute();
  await db.schema
    .alterTable("users")
    .addColumn("email_confirmed_at", "timestamptz", (c) => c.defaultTo(sql`now()`))
    .addColumn("invited_at", "timestamptz")
    .addColumn("time_zone", "text", (c) => c.notNull().defaultTo("UTC"))
    .execute();
  await db.schema
    .createTable("account_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) =>
      c.notNull().check(sql`purpose in ('confirm_email', 'reset_password', 'invitation')`),
    )
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("account_tokens_user_idx").on("account_tokens").columns(["user_id", "purpose"]).execute();
  await sql`create index audit_events_sign_in_idx on audit_events (actor_id, created_at) where event = 'SIGN_IN'`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists audit_events_sign_in_idx`.execute(db);
  await db.schema.dropTable("account_tokens").execute();
  await db.schema
    .alterTable("users")
    .dropColumn("time_zone")
    .dropColumn("invited_at")
    .dropColumn("email_confirmed_at")
    .execute();
  await db.schema.alterTable("organisations").dropColumn("country").dropColumn("legal_name").execute();
}
