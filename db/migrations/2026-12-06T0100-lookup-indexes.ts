import type { Kysely } from "kysely";

/**
 * Indexes on the foreign keys the pages read by: a PO's receipts and
 * invoices, a receipt's and an invoice's lines, an RFQ's POs (the award
 * summary), what a PO or quote line was made from, a supplier's buyers and
 * an invitation's registration links. Without them each lookup scanned its
 * whole table, which at a few years of history cost a PO page ~100 ms of
 * database time. Foreign keys to users (who created, who approved) stay
 * unindexed: nothing is looked up by them and users are never deleted.
 * Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

const INDEXES: [name: string, table: string, column: string][] = [
  ["purchase_orders_rfq_idx", "purchase_orders", "rfq_id"],
  ["receipts_po_idx", "receipts", "po_id"],
  ["receipt_lines_receipt_idx", "receipt_lines", "receipt_id"],
  ["invoices_po_idx", "invoices", "po_id"],
  ["invoice_lines_invoice_idx", "invoice_lines", "invoice_id"],
  ["invoice_lines_po_line_idx", "invoice_lines", "po_line_id"],
  ["purchase_order_lines_rfq_line_idx", "purchase_order_lines", "rfq_line_id"],
  ["quote_lines_rfq_line_idx", "quote_lines", "rfq_line_id"],
  ["supplier_relationships_supplier_idx", "supplier_relationships", "supplier_org_id"],
  ["registration_tokens_invitation_idx", "registration_tokens", "invitation_id"],
  ["purchase_orders_quote_revision_idx", "purchase_orders", "quote_revision_id"],
];

export async function up(db: AnyDb): Promise<void> {
  for (const [name, table, column] of INDEXES) {
    await db.schema.createIndex(name).on(table).column(column).execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
