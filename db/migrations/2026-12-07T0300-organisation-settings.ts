import { sql, type Kysely } from "kysely";

/**
 * Organisation settings kept by a buying organisation's admin: the legal
 * name, the default time zone, the PO number prefix, the receipt and match
 * tolerances (moved here from the approval policy, values kept), a list of
 * ship-to addresses with at most one default, and the logo printed on the
 * PO PDF. The legal name may already exist (sign-up adds it too), hence
 * "if not exists". An index serves the audit page: one organisation's events,
 * newest first. Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await sql`alter table organisations add column if not exists legal_name text`.execute(db);
  await db.schema
    .alterTable("organisations")
    .addColumn("default_time_zone", "text", (c) => c.notNull().defaultTo("UTC"))
    .addColumn("po_number_prefix", "text", (c) => c.notNull().defaultTo("PO"))
    .addColumn("receipt_tolerance_percent", "numeric(5, 2)", (c) =>
      c
        .notNull()
        .defaultTo("0")
        .check(sql`receipt_tolerance_percent between 0 and 100`),
    )
    .addColumn("invoice_tolerance_percent", "numeric(5, 2)", (c) =>
      c
        .notNull()
        .defaultTo("0")
        .check(sql`invoice_tolerance_percent between 0 and 100`),
    )
    .addColumn("settings_updated_at", "timestamptz")
    .execute();
  // The prefix becomes part of every new PO number: letters, digits and dashes only.
  await sql`alter table organisations add constraint organisations_po_number_prefix_check
    check (po_number_prefix ~ '^[A-Z0-9][A-Z0-9-]{0,11}$')`.execute(db);
  await sql`update organisations o
    set receipt_tolerance_percent = p.receipt_tolerance_percent,
        invoice_tolerance_percent = p.invoice_tolerance_percent
    from approval_policies p where p.org_id = o.id`.execute(db);
  await db.schema
    .alterTable("approval_policies")
    .dropColumn("receipt_tolerance_percent")
    .dropColumn("invoice_tolerance_percent")
    .execute();

  await db.schema
    .createTable("ship_to_addresses")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("is_default", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("archived_at", "timestamptz")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("ship_to_addresses_default_not_archived", sql`not (is_default and archived_at is not null)`)
    .execute();
  await db.schema
    .createIndex("ship_to_addresses_org_idx")
    .on("ship_to_addresses")
    .columns(["org_id", "label"])
    .execute();
  // One default per organisation, held by the database even when two admins save at once.
  await sql`create unique index ship_to_addresses_one_default on ship_to_addresses (org_id) where is_default`.execute(
    db,
  );

  await db.schema
    .createTable("organisation_logos")
    .addColumn("org_id", "uuid", (c) => c.primaryKey().references("organisations.id"))
    .addColumn("content_type", "text", (c) => c.notNull().check(sql`content_type in ('image/png', 'image/jpeg')`))
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "uuid", (c) => c.references("users.id"))
    .addColumn("uploaded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createIndex("audit_events_org_time_idx")
    .on("audit_events")
    .columns(["org_id", "created_at desc", "id desc"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("audit_events_org_time_idx").execute();
  await db.schema.dropTable("organisation_logos").execute();
  await db.schema.dropTable("ship_to_addresses").execute();
  await db.schema
    .alterTable("approval_policies")
    .addColumn("receipt_tolerance_percent", "numeric(5, 2)", (c) => c.notNull().defaultTo("0"))
    .addColumn("invoice_tolerance_percent", "numeric(5, 2)", (c) => c.notNull().defaultTo("0"))
    .execute();
  await sql`update approval_policies p
    set receipt_tolerance_percent = o.receipt_tolerance_percent,
        invoice_tolerance_percent = o.invoice_tolerance_percent
    from organisations o where p.org_id = o.id`.execute(db);
  await sql`alter table organisations drop constraint if exists organisations_po_number_prefix_check`.execute(db);
  await db.schema
    .alterTable("organisations")
    .dropColumn("settings_updated_at")
    .dropColumn("invoice_tolerance_percent")
    .dropColumn("receipt_tolerance_percent")
    .dropColumn("po_number_prefix")
    .dropColumn("default_time_zone")
    .execute();
}
