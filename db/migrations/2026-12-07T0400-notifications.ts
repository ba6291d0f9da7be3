import { sql, type Kysely } from "kysely";

/**
 * The in-app notification centre: one row per person told of an event, and
 * the events a person chose not to receive by mail as well (no row means
 * "mail too", so every event comes by mail until someone says otherwise).
 * The partial index on unread rows keeps the header's unread count one
 * index lookup; the second index serves the list, newest first, by keyset.
 * Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("notifications")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull().check(sql`left(path, 1) = '/' and left(path, 2) <> '//'`))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("read_at", "timestamptz")
    .execute();
  await sql`create index notifications_unread_idx on notifications (user_id) where read_at is null`.execute(db);
  await sql`create index notifications_list_idx on notifications (user_id, created_at desc, id desc)`.execute(db);
  await db.schema
    .createTable("notification_mail_opt_outs")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_mail_opt_outs_pkey", ["user_id", "kind"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("notification_mail_opt_outs").ifExists().execute();
  await db.schema.dropTable("notifications").ifExists().execute();
}
