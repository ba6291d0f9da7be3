import { sql, type Kysely } from "kysely";

/**
 * Invoicing: each earlier submission of an invoice, kept when the supplier
 * corrects a disputed invoice and resubmits it, so finance and the buyer can
 * read what was first claimed and why it was disputed.
 *
 * The purchase-order list at a million orders (bench/pos-list.ts): a buyer's
 * status and supplier filters read their own index instead of walking every
 * order newest first, and the number search ("contains") uses a trigram
 * index where Postgres has pg_trgm (the embedded PGlite has not; there the
 * search stays a scan, which is fine at its size).
 *
 * Frozen in time: it must never import application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("invoice_revisions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("invoice_id", "uuid", (c) => c.notNull().references("invoices.id").onDelete("cascade"))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("subtotal", "numeric(18, 2)", (c) => c.notNull())
    .addColumn("tax_total", "numeric(18, 2)", (c) => c.notNull())
    .addColumn("total", "numeric(18, 2)", (c) => c.notNull())
    // The lines as they stood: [{ poLineId, quantity, unitPrice, taxRate, lineTotal }], decimals as strings.
    .addColumn("lines", "jsonb", (c) => c.notNull())
    .addColumn("differences", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("submitted_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("submitted_at", "timestamptz", (c) => c.notNull())
    .addColumn("superseded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("invoice_revisions_number_key", ["invoice_id", "revision"])
    .execute();

  await db.schema
    .createIndex("purchase_orders_buyer_status_idx")
    .on("purchase_orders")
    .columns(["buyer_org_id", "status", "created_at", "id"])
    .execute();
  await db.schema
    .createIndex("purchase_orders_buyer_supplier_idx")
    .on("purchase_orders")
    .columns(["buyer_org_id", "supplier_org_id", "created_at", "id"])
    .execute();
  const trigrams = await sql<{ name: string }>`
    select name from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if (trigrams.rows.length > 0) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index purchase_orders_number_trgm_idx on purchase_orders using gin (number gin_trgm_ops)`.execute(
      db,
    );
  }
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists purchase_orders_number_trgm_idx`.execute(db);
  await db.schema.dropIndex("purchase_orders_buyer_supplier_idx").execute();
  await db.schema.dropIndex("purchase_orders_buyer_status_idx").execute();
  await db.schema.dropTable("invoice_revisions").execute();
}
