/**
 * What happens to an issued PO from the supplier's side (acknowledge or
 * decline) and its cancellation before goods arrive.
 */
import { enqueueMail } from "../../../emails/outbox.server";
import { purchaseOrderCancelledMail, purchaseOrderDeclinedMail } from "../../../emails/templates/purchase-order-events";
import { absoluteUrl } from "../../env.server";
import { orgRecipients } from "../shared/recipients.server";
import { restorePreviousRevision } from "./revisions.server";
import { loadPurchaseOrderFor, transitionPurchaseOrder } from "./purchase-order.server";
import { mailBuyer } from "./mails.server";
import { inTransaction, type Ctx } from "../shared/context.server";

/** The supplier refuses an issued PO; the buyer who raised it is told why. */
export async function declinePo(ctx: Ctx, { id, version, reason }: { id: string; version: number; reason: string }) {
  const { actor, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const po = await loadPurchaseOrderFor(tx, id, "decline");
    const result = await transitionPurchaseOrder(
      trx,
      actor,
      id,
      { type: "DECLINE", at: at.toISOString(), reason },
      { expectedVersion: version, changes: { reason } },
    );
    const supplier = await trx
      .selectFrom("organisations")
      .where("id", "=", po.supplier_org_id)
      .select("name")
      .executeTakeFirstOrThrow();
    await mailBuyer(trx, po, (recipient) =>
      purchaseOrderDeclinedMail({
        recipientName: recipient.name,
        poNumber: po.number,
        reason,
        supplierName: supplier.name,
        url: absoluteUrl(`/pos/${po.id}`),
      }),
    );
    return result;
  });
}

/** Cancel before any goods arrive; a supplier that already has the PO is told not to ship. */
export async function cancelPo(ctx: Ctx, { id, version, reason }: { id: string; version: number; reason: string }) {
  const { actor, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const po = await loadPurchaseOrderFor(tx, id, "cancel");
    const result = await transitionPurchaseOrder(
      trx,
      actor,
      id,
      { type: "CANCEL", at: at.toISOString(), reason },
      { expectedVersion: version, changes: { reason } },
    );
    // A change order awaiting approval was cancelled while the supplier still holds the previous revision:
    // that revision is what was cancelled, the unissued change goes.
    const changePending = result.from === "pending_approval" && po.change_from !== null;
    if (changePending) await restorePreviousRevision(trx, id);
    const supplierHasIt = result.from === "issued" || result.from === "acknowledged" || changePending;
    if (supplierHasIt) {
      const buyer = await trx
        .selectFrom("organisations")
        .where("id", "=", po.buyer_org_id)
        .select("name")
        .executeTakeFirstOrThrow();
      for (const recipient of await orgRecipients(trx, po.supplier_org_id, ["supplier"])) {
        await enqueueMail(trx, {
          orgId: po.supplier_org_id,
          to: recipient.email,
          ...purchaseOrderCancelledMail({
            recipientName: recipient.name,
            poNumber: po.number,
            reason,
            buyerName: buyer.name,
            url: absoluteUrl(`/pos/${po.id}`),
          }),
        });
      }
    }
    return result;
  });
}

export async function acknowledgePo(
  ctx: Ctx,
  { id, version, promisedDate }: { id: string; version: number; promisedDate: string | null },
) {
  const { actor, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    await loadPurchaseOrderFor(tx, id, "acknowledge");
    return transitionPurchaseOrder(
      trx,
      actor,
      id,
      { type: "ACKNOWLEDGE", at: at.toISOString(), promisedDate: promisedDate ?? undefined },
      {
        expectedVersion: version,
        changes: { acknowledged_at: at, promised_date: promisedDate },
      },
    );
  });
}
