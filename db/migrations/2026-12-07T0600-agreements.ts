import { sql, type Kysely } from "kysely";

/**
 * Agreements (framework or blanket orders) with a supplier: items priced in
 * the agreement's currency with optional price breaks, validity dates,
 * optional caps, and call-off POs that point back at the agreement and its
 * items. Numbered AGR-YYYY-NNNNNN from their own counter per organisation
 * and year. Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("agreement_number_sequences")
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("last_value", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("agreement_number_sequences_pkey", ["org_id", "year"])
    .execute();

  await db.schema
    .createTable("agreements")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("supplier_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("rfq_id", "uuid", (c) => c.references("rfqs.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("valid_from", "date", (c) => c.notNull())
    .addColumn("valid_to", "date", (c) => c.notNull())
    .addColumn("value_cap", sql`numeric(14, 2)`)
    .addColumn("payment_terms", "text")
    .addColumn("incoterm", "text")
    .addColumn("lead_time_days", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'sent', 'active', 'declined', 'expired', 'closed', 'cancelled')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("workflow_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("reason", "text")
    .addColumn("creation_key", "uuid")
    .addColumn("created_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addColumn("acknowledged_at", "timestamptz")
    .addColumn("ended_at", "timestamptz")
    .addColumn("consumption_mailed_at", "timestamptz")
    .addColumn("expiry_mailed_at", "timestamptz")
    .addCheckConstraint("agreements_validity_check", sql`valid_to >= valid_from`)
    .execute();
  await sql`create unique index agreements_number_key on agreements (buyer_org_id, number)`.execute(db);
  // A form posted twice carries the same key: the second finds the first agreement instead of making another.
  await sql`create unique index agreements_creation_key on agreements (buyer_org_id, creation_key)`.execute(db);
  await sql`create index agreements_supplier_idx on agreements (supplier_org_id, status)`.execute(db);
  await sql`create index agreements_status_valid_to_idx on agreements (status, valid_to)`.execute(db);
  await sql`create index agreements_rfq_id_idx on agreements (rfq_id)`.execute(db);
  await sql`create index agreements_created_by_idx on agreements (created_by)`.execute(db);

  await db.schema
    .createTable("agreement_items")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("agreement_id", "uuid", (c) => c.notNull().references("agreements.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("item_name", "text", (c) => c.notNull())
    .addColumn("specification", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("category", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("unit_price", sql`numeric(14, 4)`, (c) => c.notNull())
    .addColumn("quantity_cap", sql`numeric(14, 3)`)
    .addColumn("rfq_line_id", "uuid", (c) => c.references("rfq_lines.id"))
    .execute();
  await sql`create unique index agreement_items_position_key on agreement_items (agreement_id, position)`.execute(db);
  await sql`create index agreement_items_rfq_line_id_idx on agreement_items (rfq_line_id)`.execute(db);

  await db.schema
    .createTable("agreement_price_breaks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("item_id", "uuid", (c) => c.notNull().references("agreement_items.id").onDelete("cascade"))
    .addColumn("min_quantity", sql`numeric(14, 3)`, (c) => c.notNull())
    .addColumn("unit_price", sql`numeric(14, 4)`, (c) => c.notNull())
    .execute();
  await sql`create unique index agreement_price_breaks_key on agreement_price_breaks (item_id, min_quantity)`.execute(
    db,
  );

  await db.schema
    .alterTable("purchase_orders")
    .addColumn("agreement_id", "uuid", (c) => c.references("agreements.id"))
    .addColumn("call_off_key", "uuid")
    .execute();
  await sql`create index purchase_orders_agreement_id_idx on purchase_orders (agreement_id)`.execute(db);
  // A call-off form posted twice books once.
  await sql`create unique index purchase_orders_call_off_key on purchase_orders (agreement_id, call_off_key)`.execute(
    db,
  );
  await db.schema
    .alterTable("purchase_order_lines")
    .addColumn("agreement_item_id", "uuid", (c) => c.references("agreement_items.id"))
    .execute();
  await sql`create index purchase_order_lines_agreement_item_id_idx on purchase_order_lines (agreement_item_id)`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("purchase_order_lines").dropColumn("agreement_item_id").execute();
  await db.schema.alterTable("purchase_orders").dropColumn("call_off_key").dropColumn("agreement_id").execute();
  await db.schema.dropTable("agreement_price_breaks").execute();
  await db.schema.dropTable("agreement_items").execute();
  await db.schema.dropTable("agreements").execute();
  await db.schema.dropTable("agreement_number_sequences").execute();
}
