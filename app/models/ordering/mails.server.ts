/** Mails about a purchase order, written to the outbox in the caller's transaction. */
import type { PurchaseOrder } from "../../../db/schema";
import { enqueueMail } from "../../../emails/outbox.server";
import { approvalNeededMail } from "../../../emails/templates/approval-needed";
import { purchaseOrderIssuedMail } from "../../../emails/templates/purchase-order-issued";
import { absoluteUrl } from "../../env.server";
import { orgRecipients } from "../shared/recipients.server";
import type { Trx } from "../../../db/client.server";

/** Finance of the buying organisation, except those who may not decide (creator, change author), is asked to approve. */
export async function mailApprovers(
  trx: Trx,
  po: { id: string; buyer_org_id: string; number: string; total: string; currency: string },
  excluded: readonly string[],
) {
  const approvers = (await orgRecipients(trx, po.buyer_org_id, ["finance"])).filter(
    (r) => !excluded.includes(r.userId),
  );
  for (const approver of approvers) {
    await enqueueMail(trx, {
      orgId: po.buyer_org_id,
      to: approver.email,
      ...approvalNeededMail({
        recipientName: approver.name,
        poNumber: po.number,
        total: po.total,
        currency: po.currency,
        url: absoluteUrl(`/pos/${po.id}`),
      }),
    });
  }
}

/** The person who raised the PO (or the change order), who is the one to act on its rejection or decline. */
export async function mailBuyer(
  trx: Trx,
  po: PurchaseOrder,
  render: (recipient: { name: string; email: string }) => { subject: string; text: string; html: string },
  userId: string = po.created_by,
) {
  const creator = await trx
    .selectFrom("users")
    .where("id", "=", userId)
    .where("disabled_at", "is", null)
    .select(["name", "email"])
    .executeTakeFirst();
  if (!creator) return;
  await enqueueMail(trx, { orgId: po.buyer_org_id, to: creator.email, ...render(creator) });
}

/** The supplier's users get the PO (or its new revision) with the PDF, rendered when the mail is sent. */
export async function mailIssuedPo(trx: Trx, id: string) {
  const po = await trx
    .selectFrom("purchase_orders")
    .innerJoin("organisations as buyer", "buyer.id", "purchase_orders.buyer_org_id")
    .innerJoin("organisations as supplier", "supplier.id", "purchase_orders.supplier_org_id")
    .where("purchase_orders.id", "=", id)
    .select([
      "purchase_orders.number",
      "purchase_orders.total",
      "purchase_orders.currency",
      "purchase_orders.supplier_org_id",
      "purchase_orders.revision",
      "purchase_orders.change_reason",
      "buyer.name as buyerName",
      "supplier.name as supplierName",
    ])
    .executeTakeFirstOrThrow();
  for (const recipient of await orgRecipients(trx, po.supplier_org_id, ["supplier"])) {
    await enqueueMail(trx, {
      orgId: po.supplier_org_id,
      to: recipient.email,
      ...purchaseOrderIssuedMail({
        poNumber: po.number,
        buyerName: po.buyerName,
        supplierName: po.supplierName,
        total: po.total,
        currency: po.currency,
        url: absoluteUrl(`/pos/${id}`),
        revision: po.revision,
        changeReason: po.change_reason,
      }),
      attachments: [{ kind: "purchase_order_pdf", poId: id }],
    });
  }
}
