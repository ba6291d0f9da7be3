import { sql, type Kysely } from "kysely";

/**
 * Supplier qualification: the buying organisation's judgement of each
 * supplier (pending, approved, suspended, blocked) beside the supplier's
 * consent, with its own machine version, the reason of the last suspension
 * or block and whether the expiry job made it. Every relationship that
 * exists is approved (the buyer already worked with it); a new one starts
 * pending. The documents a category requires, the documents suppliers
 * upload with their expiry date, and the organisation's choice to suspend a
 * supplier automatically when one expires. Frozen in time: imports no
 * application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("supplier_relationships")
    .addColumn("qualification_status", "text", (c) =>
      c
        .notNull()
        .defaultTo("approved")
        .check(sql`qualification_status in ('pending', 'approved', 'suspended', 'blocked')`),
    )
    .addColumn("qualification_workflow_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("qualification_reason", "text")
    .addColumn("qualification_changed_at", "timestamptz")
    .addColumn("suspended_automatically", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  // Rows that existed were approved above; from now on a row written without a judgement is pending.
  await sql`alter table supplier_relationships alter column qualification_status set default 'pending'`.execute(db);
  await db.schema
    .createIndex("supplier_relationships_buyer_qualification_idx")
    .on("supplier_relationships")
    .columns(["buyer_org_id", "qualification_status"])
    .execute();

  await db.schema
    .alterTable("organisations")
    .addColumn("suspend_on_document_expiry", "boolean", (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .createTable("supplier_document_requirements")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("document_type", "text", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index supplier_document_requirements_key
    on supplier_document_requirements (org_id, lower(category), lower(document_type))`.execute(db);

  await db.schema
    .createTable("supplier_documents")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("supplier_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("document_type", "text", (c) => c.notNull())
    .addColumn("expires_on", "date", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("submitted")
        .check(sql`status in ('submitted', 'approved', 'rejected')`),
    )
    .addColumn("reject_reason", "text")
    .addColumn("uploaded_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("decided_by", "uuid", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("reminded_30_at", "timestamptz")
    .addColumn("reminded_7_at", "timestamptz")
    .addColumn("expiry_handled_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("supplier_documents_pair_idx")
    .on("supplier_documents")
    .columns(["buyer_org_id", "supplier_org_id", "document_type", "created_at"])
    .execute();
  await db.schema
    .createIndex("supplier_documents_supplier_idx")
    .on("supplier_documents")
    .columns(["supplier_org_id", "buyer_org_id"])
    .execute();
  // The expiry job reads approved documents by date.
  await sql`create index supplier_documents_expiry_idx on supplier_documents (expires_on) where status = 'approved'`.execute(
    db,
  );

  await sql`alter table attachments drop constraint if exists attachments_owner_type_check`.execute(db);
  await sql`alter table attachments add constraint attachments_owner_type_check
    check (owner_type in ('rfq', 'quote', 'quote_revision', 'invoice', 'supplier_document'))`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`delete from attachments where owner_type = 'supplier_document'`.execute(db);
  await sql`alter table attachments drop constraint if exists attachments_owner_type_check`.execute(db);
  await sql`alter table attachments add constraint attachments_owner_type_check
    check (owner_type in ('rfq', 'quote', 'quote_revision', 'invoice'))`.execute(db);
  await db.schema.dropTable("supplier_documents").execute();
  await db.schema.dropTable("supplier_document_requirements").execute();
  await db.schema.alterTable("organisations").dropColumn("suspend_on_document_expiry").execute();
  await db.schema.dropIndex("supplier_relationships_buyer_qualification_idx").execute();
  await db.schema
    .alterTable("supplier_relationships")
    .dropColumn("suspended_automatically")
    .dropColumn("qualification_changed_at")
    .dropColumn("qualification_reason")
    .dropColumn("qualification_workflow_version")
    .dropColumn("qualification_status")
    .execute();
}
