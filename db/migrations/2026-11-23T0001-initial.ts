import { sql, type Kysely } from "kysely";

/**
 * The whole procurement domain of DESIGN.md in one first migration, so later
 * issues add behaviour rather than tables. Frozen in time: it must never
 * import application code.
 *
 * Conventions: uuid primary keys (ids appear in URLs and must not be
 * guessable), every organisation-owned row carries its organisation id,
 * money is numeric with a currency beside it, lifecycle rows carry
 * status + version (optimistic check) + workflow_version.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

const id = sql`gen_random_uuid()`;
const now = sql`now()`;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('buyer', 'supplier')`))
    .addColumn("base_currency", "char(3)", (c) => c.notNull().defaultTo("EUR"))
    .addColumn("address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("tax_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("disabled_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);

  await db.schema
    .createTable("memberships")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('buyer', 'finance', 'admin', 'supplier')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("memberships_user_org_role_key", ["user_id", "org_id", "role"])
    .execute();
  await db.schema.createIndex("memberships_org_idx").on("memberships").column("org_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("supplier_relationships")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("supplier_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("active")
        .check(sql`status in ('invited', 'active', 'blocked')`),
    )
    .addColumn("categories", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("contact_email", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("supplier_relationships_pair_key", ["buyer_org_id", "supplier_org_id"])
    .execute();

  await db.schema
    .createTable("rfqs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("category", "text")
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("deadline", "timestamptz", (c) => c.notNull())
    .addColumn("deadline_time_zone", "text", (c) => c.notNull().defaultTo("UTC"))
    .addColumn("delivery_address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("wanted_by", "date")
    .addColumn("payment_terms", "text")
    .addColumn("incoterm", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("workflow_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("cancel_reason", "text")
    .addColumn("published_at", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    .addColumn("awarded_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("rfqs_org_reference_key", ["org_id", "reference"])
    .execute();
  await db.schema.createIndex("rfqs_org_created_idx").on("rfqs").columns(["org_id", "created_at", "id"]).execute();
  await db.schema
    .createIndex("rfqs_open_deadline_idx")
    .on("rfqs")
    .column("deadline")
    .where(sql.ref("status"), "=", "open")
    .execute();

  await db.schema
    .createTable("rfq_lines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("rfq_id", "uuid", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("item_name", "text", (c) => c.notNull())
    .addColumn("specification", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("quantity", "numeric(14, 3)", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("target_price", "numeric(18, 4)")
    .addUniqueConstraint("rfq_lines_position_key", ["rfq_id", "position"])
    .execute();

  await db.schema
    .createTable("rfq_invitations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("rfq_id", "uuid", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("supplier_org_id", "uuid", (c) => c.references("organisations.id"))
    .addColumn("invited_email", "text")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("invited")
        .check(sql`status in ('invited', 'viewed', 'declined', 'submitted')`),
    )
    .addColumn("decline_reason", "text")
    .addColumn("viewed_at", "timestamptz")
    .addColumn("answered_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("rfq_invitations_supplier_key", ["rfq_id", "supplier_org_id"])
    .execute();
  await db.schema
    .createIndex("rfq_invitations_supplier_idx")
    .on("rfq_invitations")
    .columns(["supplier_org_id", "rfq_id"])
    .execute();

  await db.schema
    .createTable("rfq_questions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("rfq_id", "uuid", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("supplier_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("asked_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("answer", "text")
    .addColumn("answered_by", "uuid", (c) => c.references("users.id"))
    .addColumn("answered_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("rfq_questions_rfq_idx").on("rfq_questions").column("rfq_id").execute();

  await db.schema
    .createTable("attachments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("owner_type", "text", (c) => c.notNull().check(sql`owner_type in ('rfq', 'quote_revision', 'invoice')`))
    .addColumn("owner_id", "uuid", (c) => c.notNull())
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "char(64)", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("uploaded_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex("attachments_owner_idx").on("attachments").columns(["owner_type", "owner_id"]).execute();

  await db.schema
    .createTable("quotes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("rfq_id", "uuid", (c) => c.notNull().references("rfqs.id").onDelete("cascade"))
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("supplier_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("workflow_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("current_revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    // One quote per supplier per RFQ: a second submission is a revision.
    .addUniqueConstraint("quotes_rfq_supplier_key", ["rfq_id", "supplier_org_id"])
    .execute();
  await db.schema.createIndex("quotes_supplier_idx").on("quotes").column("supplier_org_id").execute();

  await db.schema
    .createTable("quote_revisions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("quote_id", "uuid", (c) => c.notNull().references("quotes.id").onDelete("cascade"))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("lead_time_days", "integer", (c) => c.notNull())
    .addColumn("freight", "numeric(18, 2)", (c) => c.notNull().defaultTo("0"))
    .addColumn("other_charges", "numeric(18, 2)", (c) => c.notNull().defaultTo("0"))
    .addColumn("valid_until", "date")
    .addColumn("payment_terms", "text")
    .addColumn("incoterm", "text")
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("subtotal", "numeric(18, 2)", (c) => c.notNull())
    .addColumn("submitted_by", "uuid", (c) => c.notNull().references("users.id"))
    // clock_timestamp(), not now(): the exact moment this revision was received.
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addUniqueConstraint("quote_revisions_number_key", ["quote_id", "revision"])
    .execute();

  await db.schema
    .createTable("quote_lines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("revision_id", "uuid", (c) => c.notNull().references("quote_revisions.id").onDelete("cascade"))
    .addColumn("rfq_line_id", "uuid", (c) => c.notNull().references("rfq_lines.id"))
    .addColumn("no_bid", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("unit_price", "numeric(18, 4)")
    .addColumn("line_total", "numeric(18, 2)")
    .addColumn("min_order_quantity", "numeric(14, 3)")
    .addColumn("alternate_offer", "text")
    .addUniqueConstraint("quote_lines_revision_line_key", ["revision_id", "rfq_line_id"])
    .addCheckConstraint("quote_lines_price_or_no_bid", sql`no_bid or (unit_price is not null and unit_price >= 0)`)
    .execute();

  await db.schema
    .createTable("po_number_sequences")
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("last_value", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("po_number_sequences_pkey", ["org_id", "year"])
    .execute();

  await db.schema
    .createTable("purchase_orders")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("supplier_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("rfq_id", "uuid", (c) => c.references("rfqs.id"))
    .addColumn("quote_revision_id", "uuid", (c) => c.references("quote_revisions.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("workflow_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("required_approvals", "integer", (c) => c.notNull().defaultTo(1))
    // How many times this PO was submitted: approvals count per submission.
    .addColumn("submission", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("subtotal", "numeric(18, 2)", (c) => c.notNull().defaultTo("0"))
    .addColumn("tax_total", "numeric(18, 2)", (c) => c.notNull().defaultTo("0"))
    .addColumn("total", "numeric(18, 2)", (c) => c.notNull().defaultTo("0"))
    .addColumn("delivery_address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("delivery_date", "date")
    .addColumn("promised_date", "date")
    .addColumn("payment_terms", "text")
    .addColumn("incoterm", "text")
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reason", "text")
    .addColumn("created_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("issued_at", "timestamptz")
    .addColumn("acknowledged_at", "timestamptz")
    .addUniqueConstraint("purchase_orders_number_key", ["buyer_org_id", "number"])
    .execute();
  await db.schema
    .createIndex("purchase_orders_buyer_idx")
    .on("purchase_orders")
    .columns(["buyer_org_id", "created_at", "id"])
    .execute();
  await db.schema
    .createIndex("purchase_orders_supplier_idx")
    .on("purchase_orders")
    .columns(["supplier_org_id", "created_at", "id"])
    .execute();
  await db.schema
    .createIndex("purchase_orders_pending_idx")
    .on("purchase_orders")
    .columns(["buyer_org_id", "submitted_at"])
    .where(sql.ref("status"), "=", "pending_approval")
    .execute();

  await db.schema
    .createTable("purchase_order_lines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("po_id", "uuid", (c) => c.notNull().references("purchase_orders.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("rfq_line_id", "uuid", (c) => c.references("rfq_lines.id"))
    .addColumn("item_name", "text", (c) => c.notNull())
    .addColumn("specification", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("quantity", "numeric(14, 3)", (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("unit_price", "numeric(18, 4)", (c) => c.notNull().check(sql`unit_price >= 0`))
    .addColumn("tax_rate", "numeric(6, 4)", (c) => c.notNull().defaultTo("0"))
    .addColumn("line_total", "numeric(18, 2)", (c) => c.notNull())
    .addUniqueConstraint("purchase_order_lines_position_key", ["po_id", "position"])
    .execute();

  await db.schema
    .createTable("purchase_order_revisions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("po_id", "uuid", (c) => c.notNull().references("purchase_orders.id").onDelete("cascade"))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("purchase_order_revisions_key", ["po_id", "revision"])
    .execute();

  await db.schema
    .createTable("approvals")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("po_id", "uuid", (c) => c.notNull().references("purchase_orders.id").onDelete("cascade"))
    .addColumn("po_revision", "integer", (c) => c.notNull())
    .addColumn("submission", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("approver_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("decision", "text", (c) => c.notNull().check(sql`decision in ('approved', 'rejected')`))
    .addColumn("reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    // One decision per person per submission, also under concurrent clicks.
    .addUniqueConstraint("approvals_once_key", ["po_id", "po_revision", "submission", "approver_id"])
    .execute();

  await db.schema
    .createTable("approval_policies")
    .addColumn("org_id", "uuid", (c) => c.primaryKey().references("organisations.id"))
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("threshold_one", "numeric(18, 2)", (c) => c.notNull())
    .addColumn("threshold_two", "numeric(18, 2)", (c) => c.notNull())
    .addColumn("receipt_tolerance_percent", "numeric(5, 2)", (c) => c.notNull().defaultTo("0"))
    .addColumn("invoice_tolerance_percent", "numeric(5, 2)", (c) => c.notNull().defaultTo("0"))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint("approval_policies_order", sql`threshold_one >= 0 and threshold_two >= threshold_one`)
    .execute();

  await db.schema
    .createTable("fx_rates")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("base_currency", "char(3)", (c) => c.notNull())
    .addColumn("quote_currency", "char(3)", (c) => c.notNull())
    // 1 unit of quote_currency = rate units of base_currency
    .addColumn("rate", "numeric(20, 10)", (c) => c.notNull().check(sql`rate > 0`))
    .addColumn("valid_on", "date", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("fx_rates_day_key", ["org_id", "base_currency", "quote_currency", "valid_on"])
    .execute();

  await db.schema
    .createTable("receipts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("po_id", "uuid", (c) => c.notNull().references("purchase_orders.id").onDelete("cascade"))
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("received_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("received_on", "date", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createTable("receipt_lines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("receipt_id", "uuid", (c) => c.notNull().references("receipts.id").onDelete("cascade"))
    .addColumn("po_line_id", "uuid", (c) => c.notNull().references("purchase_order_lines.id"))
    .addColumn("quantity", "numeric(14, 3)", (c) => c.notNull().check(sql`quantity > 0`))
    .execute();
  await db.schema.createIndex("receipt_lines_po_line_idx").on("receipt_lines").column("po_line_id").execute();

  await db.schema
    .createTable("invoices")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("po_id", "uuid", (c) => c.notNull().references("purchase_orders.id"))
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("supplier_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("invoice_number", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("submitted"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("workflow_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("currency", "char(3)", (c) => c.notNull())
    .addColumn("subtotal", "numeric(18, 2)", (c) => c.notNull())
    .addColumn("tax_total", "numeric(18, 2)", (c) => c.notNull())
    .addColumn("total", "numeric(18, 2)", (c) => c.notNull())
    .addColumn("issued_on", "date", (c) => c.notNull())
    .addColumn("due_on", "date")
    .addColumn("differences", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("submitted_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("invoices_supplier_number_key", ["supplier_org_id", "invoice_number"])
    .execute();
  await db.schema.createIndex("invoices_buyer_idx").on("invoices").columns(["buyer_org_id", "created_at"]).execute();
  await db.schema
    .createTable("invoice_lines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("invoice_id", "uuid", (c) => c.notNull().references("invoices.id").onDelete("cascade"))
    .addColumn("po_line_id", "uuid", (c) => c.notNull().references("purchase_order_lines.id"))
    .addColumn("quantity", "numeric(14, 3)", (c) => c.notNull())
    .addColumn("unit_price", "numeric(18, 4)", (c) => c.notNull())
    .addColumn("tax_rate", "numeric(6, 4)", (c) => c.notNull().defaultTo("0"))
    .addColumn("line_total", "numeric(18, 2)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("org_id", "uuid")
    .addColumn("actor_id", "uuid")
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "uuid")
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text")
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema
    .createIndex("audit_events_entity_idx")
    .on("audit_events")
    .columns(["entity_type", "entity_id", "id"])
    .execute();
  await db.schema.createIndex("audit_events_org_idx").on("audit_events").columns(["org_id", "id"]).execute();
  // Append-only in the database itself, whatever the application does.
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only';
    end;
    $$`.execute(db);
  await sql`
    create trigger audit_events_no_change before update or delete on audit_events
    for each row execute function audit_events_append_only()`.execute(db);

  await db.schema
    .createTable("email_outbox")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(id))
    .addColumn("org_id", "uuid")
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text")
    .addColumn("attachments", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'sending', 'sent', 'failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("last_error", "text")
    .addColumn("message_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("sent_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("email_outbox_due_idx")
    .on("email_outbox")
    .column("next_attempt_at")
    .where(sql.ref("status"), "=", "pending")
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    "email_outbox",
    "audit_events",
    "invoice_lines",
    "invoices",
    "receipt_lines",
    "receipts",
    "fx_rates",
    "approval_policies",
    "approvals",
    "purchase_order_revisions",
    "purchase_order_lines",
    "purchase_orders",
    "po_number_sequences",
    "quote_lines",
    "quote_revisions",
    "quotes",
    "attachments",
    "rfq_questions",
    "rfq_invitations",
    "rfq_lines",
    "rfqs",
    "supplier_relationships",
    "sessions",
    "memberships",
    "users",
    "organisations",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists audit_events_append_only()`.execute(db);
}
