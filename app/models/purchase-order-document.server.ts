/**
 * The purchase order as a document (PDF, UBL): everything a supplier's
 * filing or e-procurement system needs, read in a few queries.
 */
import type { Db } from "../../db/client.server";
import type { PurchaseOrderDocument } from "../documents/purchase-order-pdf.server";

/** Everything the PDF and the UBL document need, from one organisation's PO. */
export async function getPurchaseOrderDocument(db: Db, id: string): Promise<PurchaseOrderDocument> {
  const po = await db
    .selectFrom("purchase_orders")
    .innerJoin("organisations as buyer", "buyer.id", "purchase_orders.buyer_org_id")
    .innerJoin("organisations as supplier", "supplier.id", "purchase_orders.supplier_org_id")
    .where("purchase_orders.id", "=", id)
    .selectAll("purchase_orders")
    .select([
      "buyer.name as buyerName",
      "buyer.address as buyerAddress",
      "supplier.name as supplierName",
      "supplier.address as supplierAddress",
    ])
    .executeTakeFirstOrThrow();
  const [lines, approvals] = await Promise.all([
    db.selectFrom("purchase_order_lines").where("po_id", "=", id).selectAll().orderBy("position").execute(),
    db
      .selectFrom("approvals")
      .innerJoin("users", "users.id", "approvals.approver_id")
      .where("approvals.po_id", "=", id)
      .where("approvals.decision", "=", "approved")
      .select(["users.name", "approvals.created_at"])
      .orderBy("approvals.created_at")
      .execute(),
  ]);
  return {
    number: po.number,
    revision: po.revision,
    status: po.status,
    createdAt: po.created_at,
    issuedAt: po.issued_at,
    currency: po.currency,
    buyer: { name: po.buyerName, address: po.buyerAddress },
    supplier: { name: po.supplierName, address: po.supplierAddress },
    deliveryAddress: po.delivery_address,
    deliveryDate: po.delivery_date,
    paymentTerms: po.payment_terms,
    incoterm: po.incoterm,
    notes: po.notes,
    lines: lines.map((l) => ({
      position: l.position,
      itemName: l.item_name,
      specification: l.specification,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unit_price,
      lineTotal: l.line_total,
    })),
    subtotal: po.subtotal,
    taxTotal: po.tax_total,
    total: po.total,
    approvals: approvals.map((a) => ({ name: a.name, at: a.created_at })),
  };
}
