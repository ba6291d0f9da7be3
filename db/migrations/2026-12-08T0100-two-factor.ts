import { sql, type Kysely } from "kysely";

/**
 * Two-factor sign-in: per person, the TOTP secret (encrypted; set while
 * setting up, kept once confirmed), when it was confirmed, and the last time
 * step accepted (so a code cannot be used twice); ten one-time recovery
 * codes per person, kept only as their SHA-256; the pending second step of a
 * sign-in (a short-lived record named by a random token in a cookie, never a
 * session); and the organisation's "require two-factor for finance and
 * admin". Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("totp_secret", "text")
    .addColumn("totp_enabled_at", "timestamptz")
    .addColumn("totp_last_step", "bigint")
    .execute();
  await db.schema
    .alterTable("organisations")
    .addColumn("require_two_factor", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("recovery_codes_user_idx").on("recovery_codes").columns(["user_id"]).execute();
  await db.schema
    .createTable("sign_in_challenges")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('verify', 'enrol')`))
    .addColumn("redirect_to", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("sign_in_challenges_user_idx").on("sign_in_challenges").columns(["user_id"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("sign_in_challenges").execute();
  await db.schema.dropTable("recovery_codes").execute();
  await db.schema.alterTable("organisations").dropColumn("require_two_factor").execute();
  await db.schema
    .alterTable("users")
    .dropColumn("totp_last_step")
    .dropColumn("totp_enabled_at")
    .dropColumn("totp_secret")
    .execute();
}
