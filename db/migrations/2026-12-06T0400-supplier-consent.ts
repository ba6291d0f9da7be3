import { sql, type Kysely } from "kysely";

/**
 * A supplier account decides whether to work with a new buying organisation.
 * Supplier relationships become workflow rows (version, machine version,
 * updated_at); a new status `declined`; when and by whom the supplier
 * decided, and why it declined. A new row now starts as `invited` (the
 * buyer asked) instead of `active`, so a row written without a status never
 * grants anything; every relationship that exists keeps its status.
 * Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await sql`alter table supplier_relationships drop constraint if exists supplier_relationships_status_check`.execute(
    db,
  );
  await sql`alter table supplier_relationships add constraint supplier_relationships_status_check
    check (status in ('invited', 'active', 'declined', 'blocked'))`.execute(db);
  await sql`alter table supplier_relationships alter column status set default 'invited'`.execute(db);
  await db.schema
    .alterTable("supplier_relationships")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("workflow_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("requested_by", "uuid", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decided_by", "uuid", (c) => c.references("users.id"))
    .addColumn("decline_reason", "text")
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("supplier_relationships")
    .dropColumn("decline_reason")
    .dropColumn("decided_by")
    .dropColumn("decided_at")
    .dropColumn("requested_by")
    .dropColumn("updated_at")
    .dropColumn("workflow_version")
    .dropColumn("version")
    .execute();
  await sql`update supplier_relationships set status = 'blocked' where status = 'declined'`.execute(db);
  await sql`alter table supplier_relationships drop constraint if exists supplier_relationships_status_check`.execute(
    db,
  );
  await sql`alter table supplier_relationships add constraint supplier_relationships_status_check
    check (status in ('invited', 'active', 'blocked'))`.execute(db);
  await sql`alter table supplier_relationships alter column status set default 'active'`.execute(db);
}
