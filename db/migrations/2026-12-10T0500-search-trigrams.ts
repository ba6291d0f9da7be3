import { sql, type Kysely } from "kysely";

/**
 * Trigram indexes for every column the list searches read ("contains", so a
 * b-tree cannot help): RFQ references and line items, organisation names,
 * PO line items, invoice numbers, agreement numbers, titles and items. The
 * searches ask one index per column and join the ids (a UNION), so each of
 * these is used on its own. Only where pg_trgm exists, as the earlier
 * trigram indexes. Frozen in time: it must never import application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

const INDEXES: [name: string, table: string, column: string][] = [
  ["rfqs_reference_trgm_idx", "rfqs", "reference"],
  ["rfq_lines_item_name_trgm_idx", "rfq_lines", "item_name"],
  ["organisations_name_trgm_idx", "organisations", "name"],
  ["purchase_order_lines_item_name_trgm_idx", "purchase_order_lines", "item_name"],
  ["invoices_invoice_number_trgm_idx", "invoices", "invoice_number"],
  ["agreements_number_trgm_idx", "agreements", "number"],
  ["agreements_title_trgm_idx", "agreements", "title"],
  ["agreement_items_item_name_trgm_idx", "agreement_items", "item_name"],
];

export async function up(db: AnyDb): Promise<void> {
  const trigrams = await sql<{ name: string }>`
    select name from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if (trigrams.rows.length === 0) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  for (const [name, table, column] of INDEXES)
    await sql`create index if not exists ${sql.id(name)} on ${sql.id(table)} using gin (${sql.id(column)} gin_trgm_ops)`.execute(
      db,
    );
}

export async function down(db: AnyDb): Promise<void> {
  for (const [name] of INDEXES) await sql`drop index if exists ${sql.id(name)}`.execute(db);
}
