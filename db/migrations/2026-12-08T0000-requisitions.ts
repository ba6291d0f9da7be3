import { sql, type Kysely } from "kysely";

/**
 * Requisitions: what an employee of a buying organisation asks for, from the
 * catalogue (an agreement item at its price) or as free text. Approved
 * catalogue lines become call-off POs without a buyer; free-text lines wait in
 * the buyers' sourcing queue until an RFQ takes them. Reorder rules raise
 * lines too (marked automatic). Numbered REQ-YYYY-NNNNNN per organisation and
 * year. Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // Which of the organisation's sites a PO delivers to, when it was chosen from the list: requisition POs are
  // consolidated per supplier and site, and reorder rules count what is on order per site.
  await db.schema
    .alterTable("purchase_orders")
    .addColumn("ship_to_address_id", "uuid", (c) => c.references("ship_to_addresses.id"))
    .execute();
  await sql`create index purchase_orders_ship_to_address_id_idx on purchase_orders (ship_to_address_id)`.execute(db);

  await db.schema
    .createTable("requisition_number_sequences")
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("last_value", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("requisition_number_sequences_pkey", ["org_id", "year"])
    .execute();

  await db.schema
    .createTable("requisitions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    // Null for a requisition raised by a reorder rule: the rule is the actor.
    .addColumn("requested_by", "uuid", (c) => c.references("users.id"))
    .addColumn("origin", "text", (c) =>
      c
        .notNull()
        .defaultTo("person")
        .check(sql`origin in ('person', 'reorder')`),
    )
    .addColumn("cost_centre", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(
          sql`status in ('draft', 'submitted', 'approved', 'rejected', 'ordered', 'sourcing', 'closed', 'cancelled')`,
        ),
    )
    .addColumn("total", sql`numeric(14, 2)`, (c) => c.notNull().defaultTo(0))
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("required_approvals", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("decision_reason", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("workflow_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("decided_at", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    .execute();
  await sql`create unique index requisitions_number_key on requisitions (org_id, number)`.execute(db);
  await sql`create index requisitions_org_status_idx on requisitions (org_id, status, created_at desc)`.execute(db);
  await sql`create index requisitions_requested_by_idx on requisitions (requested_by, created_at desc)`.execute(db);

  await db.schema
    .createTable("requisition_lines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("requisition_id", "uuid", (c) => c.notNull().references("requisitions.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    // Set for a catalogue line: the agreement item ordered at its price; null for free text.
    .addColumn("agreement_item_id", "uuid", (c) => c.references("agreement_items.id"))
    .addColumn("item_name", "text", (c) => c.notNull())
    .addColumn("specification", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("category", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("quantity", sql`numeric(14, 3)`, (c) => c.notNull().check(sql`quantity > 0`))
    // The expected unit price (the agreement's for a catalogue line, the requester's estimate otherwise).
    .addColumn("unit_price", sql`numeric(14, 4)`)
    .addColumn("currency", "text")
    .addColumn("wanted_by", "date", (c) => c.notNull())
    .addColumn("ship_to_address_id", "uuid", (c) => c.references("ship_to_addresses.id"))
    .addColumn("delivery_address", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'ordered', 'sourcing', 'closed', 'cancelled')`),
    )
    // Raised by a reorder rule rather than a person.
    .addColumn("automatic", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("reorder_rule_id", "uuid")
    .addColumn("po_id", "uuid", (c) => c.references("purchase_orders.id"))
    .addColumn("po_line_id", "uuid", (c) => c.references("purchase_order_lines.id"))
    .addColumn("rfq_id", "uuid", (c) => c.references("rfqs.id"))
    .addColumn("rfq_line_id", "uuid", (c) => c.references("rfq_lines.id"))
    .execute();
  await sql`create unique index requisition_lines_position_key on requisition_lines (requisition_id, position)`.execute(
    db,
  );
  await sql`create index requisition_lines_agreement_item_id_idx on requisition_lines (agreement_item_id)`.execute(db);
  await sql`create index requisition_lines_ship_to_address_id_idx on requisition_lines (ship_to_address_id)`.execute(
    db,
  );
  await sql`create index requisition_lines_po_id_idx on requisition_lines (po_id)`.execute(db);
  await sql`create index requisition_lines_po_line_id_idx on requisition_lines (po_line_id)`.execute(db);
  await sql`create index requisition_lines_rfq_id_idx on requisition_lines (rfq_id)`.execute(db);
  await sql`create index requisition_lines_rfq_line_id_idx on requisition_lines (rfq_line_id)`.execute(db);
  await sql`create index requisition_lines_reorder_rule_id_idx on requisition_lines (reorder_rule_id, status)`.execute(
    db,
  );
  // The buyers' sourcing queue: free-text lines of approved requisitions that no RFQ has taken yet.
  await sql`create index requisition_lines_sourcing_idx on requisition_lines (status) where status = 'sourcing' and rfq_id is null`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("requisition_lines").execute();
  await db.schema.dropTable("requisitions").execute();
  await db.schema.dropTable("requisition_number_sequences").execute();
  await db.schema.alterTable("purchase_orders").dropColumn("ship_to_address_id").execute();
}
