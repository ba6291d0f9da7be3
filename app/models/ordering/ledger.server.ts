/**
 * The ledger of a purchase order: what was received and invoiced of each
 * line, and the PO moving on as those facts arrive (invoiced, closed).
 * Receipts and invoices (fulfilment) both write to it through here, so
 * neither needs the other.
 */
import type { Db } from "../../../db/client.server";
import { toDecimal } from "../../utils/money";
import type { Actor } from "../../auth/ability";
import { transitionPurchaseOrder } from "./purchase-order.server";
import { type Trx } from "../../../db/client.server";
import type { PurchaseOrder } from "../../../db/schema";

/** Quantity received so far per PO line. */
export async function receivedByLine(trx: Trx | Db, poId: string): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom("receipt_lines")
    .innerJoin("receipts", "receipts.id", "receipt_lines.receipt_id")
    .where("receipts.po_id", "=", poId)
    .groupBy("receipt_lines.po_line_id")
    .select(["receipt_lines.po_line_id", (eb) => eb.fn.sum<string>("receipt_lines.quantity").as("received")])
    .execute();
  return new Map(rows.map((r) => [r.po_line_id, String(r.received)]));
}

/** The organisation's receipt tolerance in percent (organisation settings). */
export async function receiptTolerancePercent(trx: Trx | Db, orgId: string): Promise<string> {
  const org = await trx
    .selectFrom("organisations")
    .where("id", "=", orgId)
    .select("receipt_tolerance_percent")
    .executeTakeFirst();
  return org?.receipt_tolerance_percent ?? "0";
}

/** Receipts of a PO for its page, newest last. */
export async function listReceipts(db: Db, poId: string) {
  return db
    .selectFrom("receipts")
    .innerJoin("users", "users.id", "receipts.received_by")
    .innerJoin("receipt_lines", "receipt_lines.receipt_id", "receipts.id")
    .innerJoin("purchase_order_lines", "purchase_order_lines.id", "receipt_lines.po_line_id")
    .where("receipts.po_id", "=", poId)
    .select([
      "receipts.id",
      "receipts.received_on",
      "receipts.delivery_note",
      "receipts.note",
      "receipts.created_at",
      "users.name as receivedBy",
      "purchase_order_lines.item_name",
      "purchase_order_lines.unit",
      "receipt_lines.quantity",
    ])
    .orderBy("receipts.created_at")
    .orderBy("purchase_order_lines.position")
    .execute();
}

export async function invoicedByLine(
  trx: Trx | Db,
  poId: string,
  exceptInvoiceId?: string,
): Promise<Map<string, string>> {
  let query = trx
    .selectFrom("invoice_lines")
    .innerJoin("invoices", "invoices.id", "invoice_lines.invoice_id")
    .where("invoices.po_id", "=", poId)
    .groupBy("invoice_lines.po_line_id")
    .select(["invoice_lines.po_line_id", (eb) => eb.fn.sum<string>("invoice_lines.quantity").as("invoiced")]);
  if (exceptInvoiceId) query = query.where("invoices.id", "!=", exceptInvoiceId);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.po_line_id, String(r.invoiced)]));
}

/**
 * Moves the PO on as facts arrive: invoiced once fully received and
 * invoiced in full; closed once, in addition, every invoice is approved.
 */
export async function settlePurchaseOrder(trx: Trx, actor: Actor, po: Pick<PurchaseOrder, "id">, at: Date) {
  const current = await trx
    .selectFrom("purchase_orders")
    .where("id", "=", po.id)
    .select("status")
    .executeTakeFirstOrThrow();
  const [lines, invoiced, invoices] = await Promise.all([
    trx.selectFrom("purchase_order_lines").where("po_id", "=", po.id).select(["id", "quantity"]).execute(),
    invoicedByLine(trx, po.id),
    trx.selectFrom("invoices").where("po_id", "=", po.id).select("status").execute(),
  ]);
  const invoicedInFull = lines.every((l) => toDecimal(invoiced.get(l.id) ?? "0").greaterThanOrEqualTo(l.quantity));
  let status = current.status;
  if (status === "received" && invoicedInFull) {
    status = (await transitionPurchaseOrder(trx, actor, po.id, { type: "INVOICE", at: at.toISOString() })).to;
  }
  if (status === "invoiced" && invoices.length > 0 && invoices.every((i) => i.status === "approved")) {
    await transitionPurchaseOrder(trx, actor, po.id, { type: "CLOSE", at: at.toISOString() });
  }
}
