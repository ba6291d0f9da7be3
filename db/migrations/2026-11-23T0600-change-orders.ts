import type { Kysely } from "kysely";

/**
 * Change orders: who made the current revision of a purchase order, when and
 * why, and, while a change order waits for approval, the status to return to
 * if finance rejects it. Earlier revisions are kept as snapshots in
 * purchase_order_revisions. Frozen in time: it must never import application
 * code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("purchase_orders")
    .addColumn("revised_by", "uuid", (c) => c.references("users.id"))
    .addColumn("revised_at", "timestamptz")
    .addColumn("change_reason", "text")
    .addColumn("change_from", "text")
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("purchase_orders")
    .dropColumn("change_from")
    .dropColumn("change_reason")
    .dropColumn("revised_at")
    .dropColumn("revised_by")
    .execute();
}
