import { sql, type Kysely } from "kysely";

/**
 * A purchase order line is an item (goods, received and invoiced) or a
 * charge (freight or other charges carried over from the awarded quote:
 * invoiced and matched on amount, never received). Every existing line is an
 * item. Frozen in time: it must never import application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("purchase_order_lines")
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .defaultTo("item")
        .check(sql`kind in ('item', 'charge')`),
    )
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("purchase_order_lines").dropColumn("kind").execute();
}
