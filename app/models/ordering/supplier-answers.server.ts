/**
 * What happens to an issued PO from the supplier's side (acknowledge or
 * decline) and its cancellation before goods arrive.
 */
import { sentenceMail } from "../../../emails/templates/layout";
import { purchaseOrderCancelledMail, purchaseOrderDeclinedMail } from "../../../emails/templates/purchase-order-events";
import { absoluteUrl } from "../../env.server";
import { msg, msgWith } from "../../i18n/config";
import { notify } from "../shared/notify.server";
import type { Trx } from "../../../db/client.server";
import type { PurchaseOrder } from "../../../db/schema";
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
    await mailBuyer(trx, po, {
      kind: "po_declined",
      text:
        po.revision > 1
          ? msgWith("{{supplier}} declined purchase order {{number}} (revision {{revision}}): {{reason}}", {
              supplier: supplier.name,
              number: po.number,
              revision: po.revision,
              reason,
            })
          : msgWith("{{supplier}} declined purchase order {{number}}: {{reason}}", {
              supplier: supplier.name,
              number: po.number,
              reason,
            }),
      mail: (recipient, reader) =>
        purchaseOrderDeclinedMail(
          {
            recipientName: recipient.name,
            poNumber: po.number,
            reason,
            supplierName: supplier.name,
            url: absoluteUrl(`/pos/${po.id}`),
          },
          reader,
        ),
      userId: answeredTo(po),
      actorId: actor.userId,
      at,
    });
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
      await notify(trx, {
        kind: "po_cancelled",
        audience: { orgId: po.supplier_org_id, roles: ["supplier"] },
        path: `/pos/${po.id}`,
        text: msgWith("{{buyer}} cancelled purchase order {{number}}; do not ship it. Reason: {{reason}}", {
          buyer: buyer.name,
          number: po.number,
          reason,
        }),
        mail: (recipient, reader) =>
          purchaseOrderCancelledMail(
            {
              recipientName: recipient.name,
              poNumber: po.number,
              reason,
              buyerName: buyer.name,
              url: absoluteUrl(`/pos/${po.id}`),
            },
            reader,
          ),
        at,
      });
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
    const po = await loadPurchaseOrderFor(tx, id, "acknowledge");
    const result = await transitionPurchaseOrder(
      trx,
      actor,
      id,
      { type: "ACKNOWLEDGE", at: at.toISOString(), promisedDate: promisedDate ?? undefined },
      {
        expectedVersion: version,
        changes: { acknowledged_at: at, promised_date: promisedDate },
      },
    );
    await tellBuyerAcknowledged(trx, po, promisedDate, actor.userId, at);
    return result;
  });
}

/** A change order is answered to whoever made it; the first revision to whoever raised the PO. */
function answeredTo(po: Pick<PurchaseOrder, "revision" | "revised_by" | "created_by">): string {
  return po.revision > 1 && po.revised_by ? po.revised_by : po.created_by;
}

/** The page tells the supplier "the buyer has been told": this is that telling, in the app and by mail. */
async function tellBuyerAcknowledged(
  trx: Trx,
  po: PurchaseOrder,
  promisedDate: string | null,
  actorId: string,
  at: Date,
) {
  const supplier = await trx
    .selectFrom("organisations")
    .where("id", "=", po.supplier_org_id)
    .select("name")
    .executeTakeFirstOrThrow();
  const values = {
    supplier: supplier.name,
    number: po.number,
    revision: po.revision,
    date: promisedDate ? { date: promisedDate } : "",
  };
  // The notification and the mail say the same sentence, each in its reader's words.
  const text =
    po.revision > 1
      ? promisedDate
        ? msgWith(
            "{{supplier}} acknowledged revision {{revision}} of purchase order {{number}}, delivery promised for {{date}}.",
            values,
          )
        : msgWith("{{supplier}} acknowledged revision {{revision}} of purchase order {{number}}.", values)
      : promisedDate
        ? msgWith("{{supplier}} acknowledged purchase order {{number}}, delivery promised for {{date}}.", values)
        : msgWith("{{supplier}} acknowledged purchase order {{number}}.", values);
  await mailBuyer(trx, po, {
    kind: "po_acknowledged",
    text,
    mail: (recipient, reader) =>
      sentenceMail(
        {
          recipientName: recipient.name,
          subject: msgWith("Acknowledged by {{supplier}}: {{number}}", values),
          text,
          url: absoluteUrl(`/pos/${po.id}`),
        },
        msg("Open the purchase order"),
        reader,
      ),
    userId: answeredTo(po),
    actorId,
    at,
  });
}
