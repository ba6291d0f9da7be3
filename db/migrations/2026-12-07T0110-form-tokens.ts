import { sql, type Kysely } from "kysely";

/**
 * One-time form tokens: a form that creates something carries a token the
 * page issued, and the write claims it in its own transaction. The row keeps
 * the first result, so a double click, a form sent again or a replayed
 * request is answered with what the first one made instead of booking it
 * twice. Keyed per person and purpose; only the token's SHA-256 is stored.
 * Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("form_tokens")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("result", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("form_tokens_pkey", ["user_id", "purpose", "token_hash"])
    .execute();
  // Old tokens are swept by age.
  await db.schema.createIndex("form_tokens_created_idx").on("form_tokens").column("created_at").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("form_tokens").execute();
}
