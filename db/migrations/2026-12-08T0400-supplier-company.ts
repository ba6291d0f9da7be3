import { sql, type Kysely } from "kysely";

/**
 * A supplier organisation's company profile and its bank details, changes
 * to those bank details (proposed by one person, confirmed by a second or
 * by a mailed single-use link, stored hashed), each buying organisation's
 * acknowledgement of a confirmed change (payments to the supplier are held
 * until then), and the payment of an invoice. Frozen in time: imports no
 * application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("company_profiles")
    .addColumn("org_id", "uuid", (c) => c.primaryKey().references("organisations.id"))
    .addColumn("remittance_address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_email", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_phone", "text", (c) => c.notNull().defaultTo(""))
    // The bank details in force: only a confirmed change writes them.
    .addColumn("account_holder", "text")
    .addColumn("iban", "text")
    .addColumn("bic", "text")
    .addColumn("bank_changed_at", "timestamptz")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("bank_detail_changes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("supplier_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("proposed")
        .check(sql`status in ('proposed', 'confirmed', 'withdrawn')`),
    )
    .addColumn("account_holder", "text", (c) => c.notNull())
    .addColumn("iban", "text", (c) => c.notNull())
    .addColumn("bic", "text", (c) => c.notNull())
    .addColumn("previous_account_holder", "text")
    .addColumn("previous_iban", "text")
    .addColumn("previous_bic", "text")
    .addColumn("proposed_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("proposed_at", "timestamptz", (c) => c.notNull())
    .addColumn("confirmed_by", "uuid", (c) => c.references("users.id"))
    .addColumn("confirmed_at", "timestamptz")
    // The mailed confirmation link (an organisation of one): only its SHA-256 is kept.
    .addColumn("link_hash", "text")
    .addColumn("link_expires_at", "timestamptz")
    .addColumn("link_used_at", "timestamptz")
    .execute();
  await sql`create index bank_detail_changes_supplier_idx on bank_detail_changes (supplier_org_id, proposed_at)`.execute(
    db,
  );
  await sql`create index bank_detail_changes_proposed_by_idx on bank_detail_changes (proposed_by)`.execute(db);
  await sql`create index bank_detail_changes_confirmed_by_idx on bank_detail_changes (confirmed_by)`.execute(db);
  await sql`create unique index bank_detail_changes_link_key on bank_detail_changes (link_hash)`.execute(db);
  // One open proposal per supplier at a time: a second would race the first.
  await sql`create unique index bank_detail_changes_one_open on bank_detail_changes (supplier_org_id) where status = 'proposed'`.execute(
    db,
  );

  await db.schema
    .createTable("bank_change_acknowledgements")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("change_id", "uuid", (c) => c.notNull().references("bank_detail_changes.id"))
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("supplier_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("acknowledged_by", "uuid", (c) => c.references("users.id"))
    .addColumn("acknowledged_at", "timestamptz")
    .addUniqueConstraint("bank_change_acknowledgements_key", ["change_id", "buyer_org_id"])
    .execute();
  await sql`create index bank_change_acknowledgements_hold_idx on bank_change_acknowledgements (buyer_org_id, supplier_org_id) where acknowledged_at is null`.execute(
    db,
  );
  await sql`create index bank_change_acknowledgements_buyer_idx on bank_change_acknowledgements (buyer_org_id, created_at)`.execute(
    db,
  );
  await sql`create index bank_change_acknowledgements_supplier_idx on bank_change_acknowledgements (supplier_org_id)`.execute(
    db,
  );
  await sql`create index bank_change_acknowledgements_by_idx on bank_change_acknowledgements (acknowledged_by)`.execute(
    db,
  );

  await db.schema
    .alterTable("invoices")
    .addColumn("paid_on", "date")
    .addColumn("payment_reference", "text")
    .addColumn("paid_by", "uuid", (c) => c.references("users.id"))
    .addColumn("paid_at", "timestamptz")
    .execute();
  await sql`create index invoices_paid_by_idx on invoices (paid_by)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists invoices_paid_by_idx`.execute(db);
  await db.schema
    .alterTable("invoices")
    .dropColumn("paid_on")
    .dropColumn("payment_reference")
    .dropColumn("paid_by")
    .dropColumn("paid_at")
    .execute();
  await db.schema.dropTable("bank_change_acknowledgements").execute();
  await db.schema.dropTable("bank_detail_changes").execute();
  await db.schema.dropTable("company_profiles").execute();
}
