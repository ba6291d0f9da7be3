/**
 * Submitting a PO for approval and finance's decision on it: the number of
 * approvals the policy asks for, separation of duties (checked by the
 * machine and the ability), and the issue to the supplier once approved.
 */
import {
  purchaseOrderChangeRejectedMail,
  purchaseOrderRejectedMail,
} from "../../../emails/templates/purchase-order-events";
import { isChangeableStatus } from "../../../workflows/purchase-order.machine";
import { type Actor } from "../../auth/ability";
import { absoluteUrl } from "../../env.server";
import { msgWith } from "../../i18n/config";
import { restorePreviousRevision } from "./revisions.server";
import { assertCan, loadPurchaseOrderFor, lockedSubmission, transitionPurchaseOrder } from "./purchase-order.server";
import { requiredApprovalsFor } from "./approval-policy.server";
import { mailApprovers, mailBuyer, mailIssuedPo } from "./mails.server";
import type { Trx } from "../../../db/client.server";
import { inTransaction, type Ctx } from "../shared/context.server";

export async function submitPo(ctx: Ctx, { id, version }: { id: string; version: number }) {
  const { actor, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const po = await loadPurchaseOrderFor(tx, id, "submit");
    const required = await requiredApprovalsFor(
      trx,
      po.buyer_org_id,
      po.total,
      po.currency,
      at.toISOString().slice(0, 10),
    );
    const result = await transitionPurchaseOrder(
      trx,
      actor,
      id,
      { type: "SUBMIT", at: at.toISOString(), requiredApprovals: required },
      {
        expectedVersion: version,
        // Approvals count per submission: a resubmitted PO starts with none.
        changes: { required_approvals: required, submitted_at: at, submission: po.submission + 1 },
      },
    );
    if (result.to === "approved") {
      await issueInTransaction(trx, actor, id, at);
    } else {
      await mailApprovers(trx, po, [po.created_by], at);
    }
    return result;
  });
}

/**
 * One approval, given to the PO as the approver saw it (`version`): a PO
 * changed meanwhile (another approval, a new revision) is refused with a
 * request to reload, so nobody approves figures they did not see.
 */
export async function approvePo(ctx: Ctx, { id, version }: { id: string; version: number }) {
  const { actor, ability, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const po = await loadPurchaseOrderFor(tx, id, "read");
    const result = await transitionPurchaseOrder(
      trx,
      actor,
      id,
      { type: "APPROVE", at: at.toISOString(), approverId: actor.userId },
      { expectedVersion: version },
    );
    // The ability check comes after the machine so its specific message
    // (separation of duties) reaches the person rather than a bare 403.
    assertCan(ability, "approve", po);
    const locked = await lockedSubmission(trx, id);
    await trx
      .insertInto("approvals")
      .values({
        po_id: id,
        po_revision: locked.revision,
        submission: locked.submission,
        approver_id: actor.userId,
        decision: "approved",
        created_at: at,
      })
      .execute();
    if (result.to === "approved") await issueInTransaction(trx, actor, id, at, { approved: true });
    return result;
  });
}

/** A rejection of the PO as the approver saw it (`version`), with the reason the buyer is mailed. */
export async function rejectPo(ctx: Ctx, { id, version, reason }: { id: string; version: number; reason: string }) {
  const { actor, ability, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const po = await loadPurchaseOrderFor(tx, id, "read");
    const result = await transitionPurchaseOrder(
      trx,
      actor,
      id,
      { type: "REJECT", at: at.toISOString(), approverId: actor.userId, reason },
      // A rejected change order returns to the revision the supplier has; the reason lives in the audit trail.
      { expectedVersion: version, changes: ({ to }) => (to === "rejected" ? { reason } : {}) },
    );
    assertCan(ability, "reject", po);
    const locked = await lockedSubmission(trx, id);
    await trx
      .insertInto("approvals")
      .values({
        po_id: id,
        po_revision: locked.revision,
        submission: locked.submission,
        approver_id: actor.userId,
        decision: "rejected",
        created_at: at,
        reason,
      })
      .execute();
    const approver = await trx
      .selectFrom("users")
      .where("id", "=", actor.userId)
      .select("name")
      .executeTakeFirstOrThrow();
    const changeAuthor = isChangeableStatus(result.to) ? locked.revised_by : null;
    if (changeAuthor) await restorePreviousRevision(trx, id);
    const mail = { poNumber: po.number, reason, approverName: approver.name, url: absoluteUrl(`/pos/${po.id}`) };
    await mailBuyer(trx, po, {
      kind: "po_rejected",
      text: changeAuthor
        ? msgWith(
            "{{approver}} rejected your change order to purchase order {{number}} (revision {{revision}}): {{reason}}",
            {
              approver: approver.name,
              number: po.number,
              revision: locked.revision,
              reason,
            },
          )
        : msgWith("{{approver}} rejected purchase order {{number}}: {{reason}}", {
            approver: approver.name,
            number: po.number,
            reason,
          }),
      mail: (recipient, reader) =>
        changeAuthor
          ? purchaseOrderChangeRejectedMail(
              {
                ...mail,
                recipientName: recipient.name,
                revision: locked.revision,
                previousRevision: locked.revision - 1,
              },
              reader,
            )
          : purchaseOrderRejectedMail({ ...mail, recipientName: recipient.name }, reader),
      userId: changeAuthor ?? po.created_by,
      actorId: actor.userId,
      at,
    });
    return result;
  });
}

/** Back to draft after a rejection, so the buyer can change it and submit it again. */
export async function revisePo(ctx: Ctx, { id, version }: { id: string; version: number }) {
  const { actor, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    await loadPurchaseOrderFor(tx, id, "update");
    return transitionPurchaseOrder(
      trx,
      actor,
      id,
      { type: "REVISE" },
      { expectedVersion: version, auditData: { at: at.toISOString() } },
    );
  });
}

/**
 * Issue: the PO goes to the supplier, with its PDF attached, through the outbox. After the last
 * approval the buyer hears of both at once: approved, and so issued.
 */
async function issueInTransaction(trx: Trx, actor: Actor, id: string, at: Date, how: { approved?: boolean } = {}) {
  // A change order's new revision must be acknowledged again.
  await transitionPurchaseOrder(
    trx,
    actor,
    id,
    { type: "ISSUE", at: at.toISOString() },
    { changes: { issued_at: at, change_from: null, acknowledged_at: null } },
  );
  await mailIssuedPo(trx, id, at, actor.userId, how.approved ?? false);
}
