import { sql, type Kysely } from "kysely";

/**
 * Invoicing: each earlier submission of an invoice, kept when the supplier
 * corrects a disputed invoice and resubmits it, so finance and the buyer can
 * read what was first claimed and why it was disputed. Frozen in time: it
 * must never import application code.
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
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("invoice_revisions").execute();
}
