import { sql, type Kysely } from "kysely";

/**
 * Operations: every sign-in attempt, so throttling holds across server
 * processes and restarts. Frozen in time: it must never import application
 * code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("sign_in_attempts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("succeeded", "boolean", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("sign_in_attempts_email")
    .on("sign_in_attempts")
    .columns(["email", "created_at"])
    .execute();
  await db.schema
    .createIndex("sign_in_attempts_address")
    .on("sign_in_attempts")
    .columns(["address", "created_at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("sign_in_attempts").execute();
}
