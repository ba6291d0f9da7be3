/**
 * The purchase order as a document (PDF, UBL): everything a supplier's
 * filing or e-procurement system needs, read in a few queries. People get
 * it through `readPurchaseOrderDocument`, which authorizes; the outbox, which
 * attaches the PDF to a mail the PO's own transition enqueued, reads it
 * directly with `getPurchaseOrderDocument` and renders it for the mail's
 * recipient (`renderMailAttachment`).
 */
import type { Db } from "../../../db/client.server";
import type { OutboxAttachment } from "../../../db/schema";
import type { RenderAttachment } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import type { PurchaseOrderDocument } from "../../documents/purchase-order-document";
import { renderPurchaseOrderPdf } from "../../documents/purchase-order-pdf.server";
import { notFound } from "../../utils/http.server";
import type { Ctx } from "../shared/context.server";
import { logoForDocuments } from "../shared/organisation-logo.server";
import { changeHiddenFrom, loadPurchaseOrderFor } from "./purchase-order.server";

/**
 * The document of a PO this person may read, as the supplier holds it: while
 * a change awaits approval, a supplier has no document of the proposed
 * revision (its page shows the revision in force instead).
 */
export async function readPurchaseOrderDocument(ctx: Ctx, { id }: { id: string }) {
  const po = await loadPurchaseOrderFor(ctx, id, "read");
  if (changeHiddenFrom(ctx.ability, po)) throw notFound("No such purchase order.");
  return { number: po.number, document: await getPurchaseOrderDocument(ctx.db, po.id) };
}

/**
 * The outbox's renderer of a mail's attachments: the PO's PDF in the words and time zone of the one it is sent to
 * (their own zone, else their organisation's), as the PDF route renders it for the person who opens it.
 */
export function renderMailAttachment(db: Db): RenderAttachment {
  return async (attachment: OutboxAttachment, to) => {
    const document = await getPurchaseOrderDocument(db, attachment.poId);
    const reader = await mailReaderFor(db, { email: to.address, orgId: to.orgId });
    return {
      filename: `${document.number}.pdf`,
      content: await renderPurchaseOrderPdf(document, reader),
      contentType: "application/pdf",
    };
  };
}

export async function getPurchaseOrderDocument(db: Db, id: string): Promise<PurchaseOrderDocument> {
  const po = await db
    .selectFrom("purchase_orders")
    .innerJoin("organisations as buyer", "buyer.id", "purchase_orders.buyer_org_id")
    .innerJoin("organisations as supplier", "supplier.id", "purchase_orders.supplier_org_id")
    .innerJoin("users as creator", "creator.id", "purchase_orders.created_by")
    .where("purchase_orders.id", "=", id)
    .selectAll("purchase_orders")
    .select([
      "buyer.name as buyerName",
      "buyer.legal_name as buyerLegalName",
      "buyer.address as buyerAddress",
      "buyer.tax_id as buyerTaxId",
      "supplier.name as supplierName",
      "supplier.address as supplierAddress",
      "supplier.tax_id as supplierTaxId",
      "creator.name as creatorName",
      "creator.email as creatorEmail",
    ])
    .executeTakeFirstOrThrow();
  const [lines, approvals, logo] = await Promise.all([
    db.selectFrom("purchase_order_lines").where("po_id", "=", id).selectAll().orderBy("position").execute(),
    db
      .selectFrom("approvals")
      .innerJoin("users", "users.id", "approvals.approver_id")
      .where("approvals.po_id", "=", id)
      .where("approvals.decision", "=", "approved")
      // A rejected change order's revision was rolled back: its approvals do not count.
      .where("approvals.po_revision", "<=", po.revision)
      .select(["users.name", "approvals.created_at", "approvals.po_revision", "approvals.submission"])
      .orderBy("approvals.created_at")
      .orderBy("approvals.id")
      .execute(),
    logoForDocuments(db, po.buyer_org_id),
  ]);
  // Only the approvals that released the order as it stands count: those of
  // its latest approved submission. Approvals of a submission that was later
  // rejected, or of an earlier revision that was replaced, are history.
  const latest = approvals.reduce<{ revision: number; submission: number } | null>(
    (acc, a) =>
      !acc || a.po_revision > acc.revision || (a.po_revision === acc.revision && a.submission > acc.submission)
        ? { revision: a.po_revision, submission: a.submission }
        : acc,
    null,
  );
  const current = approvals.filter(
    (a) => latest && a.po_revision === latest.revision && a.submission === latest.submission,
  );
  return {
    id: po.id,
    number: po.number,
    revision: po.revision,
    status: po.status,
    createdAt: po.created_at,
    issuedAt: po.issued_at,
    currency: po.currency.trim(),
    buyer: { name: po.buyerName, legalName: po.buyerLegalName, address: po.buyerAddress, taxId: po.buyerTaxId },
    supplier: { name: po.supplierName, address: po.supplierAddress, taxId: po.supplierTaxId },
    orderedBy: { name: po.creatorName, email: po.creatorEmail },
    deliveryAddress: po.delivery_address,
    deliveryDate: po.delivery_date,
    promisedDate: po.promised_date,
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
      taxRate: l.tax_rate,
      kind: l.kind,
    })),
    subtotal: po.subtotal,
    taxTotal: po.tax_total,
    total: po.total,
    requiredApprovals: po.required_approvals,
    approvals: current.map((a) => ({ name: a.name, at: a.created_at })),
    logo: logo?.bytes ?? null,
  };
}
