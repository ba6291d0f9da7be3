/**
 * A submitted requisition through the organisation's rule: approved at once
 * when no tier applies, otherwise it waits for holders of the rule's role
 * (never its requester; two different people from threshold two). On
 * approval, without anyone touching it, free-text lines go to the buyers'
 * sourcing queue and catalogue lines to the ordering run (call-off POs).
 */
import type { Trx } from "../../../db/client.server";
import { sentenceMail } from "../../../emails/templates/layout";
import { msg, msgWith } from "../../i18n/config";
import { forbidden } from "../../utils/http.server";
import { inTransaction, type Ctx } from "../shared/context.server";
import { linkTo, notify } from "../shared/notify.server";

import { orderDueLines } from "./requisition-ordering.server";
import { requiredRequisitionApprovals, ruleOf, DEFAULT_APPROVER_ROLE } from "./requisition-rule.server";
import {
  AUTOMATIC,
  loadRequisitionFor,
  progressRequisition,
  tagRequisition,
  tellRequester,
  transitionRequisition,
  type SystemActor,
} from "./requisition.server";

/**
 * Routes a SUBMITTED requisition through the rule, in the caller's
 * transaction: writes how many approvals it needs, approves it at once when
 * none (the rule is the actor in the audit log) and hands its lines on, or
 * asks the approvers. Also for requisitions others insert as submitted
 * (reorder rules, `requested_by` null). Returns where it now stands.
 */
export async function routeSubmittedRequisition(
  trx: Trx,
  { requisitionId, now }: { requisitionId: string; now: Date },
): Promise<{ status: "submitted" | "approved" | "sourcing" | "ordered" | "closed"; requiredApprovals: number }> {
  const row = await trx
    .selectFrom("requisitions")
    .where("id", "=", requisitionId)
    .selectAll()
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (row.status !== "submitted") throw new Error(`Requisition ${row.number} is ${row.status}, not submitted.`);
  const { required, approverRole } = await requiredRequisitionApprovals(
    trx,
    row.org_id,
    row.total,
    row.currency,
    now.toISOString().slice(0, 10),
  );
  await trx
    .updateTable("requisitions")
    .set({ required_approvals: required, submitted_at: row.submitted_at ?? now })
    .where("id", "=", requisitionId)
    .execute();
  const system: SystemActor = { userId: null, orgId: row.org_id };
  if (required > 0) {
    const path = `/requisitions/${row.id}`;
    const values = { number: row.number, total: { money: row.total, currency: row.currency } };
    // The notification and the mail say the same sentence, each in its reader's words.
    const text = msgWith("Requisition {{number}} for {{total}} waits for your approval.", values);
    await notify(trx, {
      kind: "requisition_approval_needed",
      audience: { orgId: row.org_id, roles: [approverRole] },
      except: row.requested_by ? [row.requested_by] : [],
      path,
      text,
      mail: (person, reader) =>
        sentenceMail(
          {
            recipientName: person.name,
            subject: msgWith("Approval needed: {{number}}", values),
            text,
            url: linkTo(path),
          },
          msg("Open the requisition"),
          reader,
        ),
      at: now,
    });
    return { status: "submitted", requiredApprovals: required };
  }
  await transitionRequisition(
    trx,
    system,
    requisitionId,
    { type: "AUTO_APPROVE", at: now.toISOString() },
    { changes: () => ({ decided_at: now }), auditData: { automatic: AUTOMATIC.rule } },
  );
  await tellRequester(trx, row, {
    kind: "requisition_decided",
    subject: msgWith("Approved: {{number}}", { number: row.number }),
    text: msgWith("Your requisition {{number}} needed no approval under the rule and is approved.", {
      number: row.number,
    }),
    at: now,
  });
  const status = await afterApproval(trx, row.org_id, requisitionId, now);
  return { status, requiredApprovals: 0 };
}

/**
 * What approval sets going: free-text lines to the sourcing queue, catalogue
 * lines to the ordering run (which orders what is due, consolidating with
 * other requisitions' lines), and the requisition to where its lines put it.
 */
async function afterApproval(trx: Trx, orgId: string, requisitionId: string, now: Date) {
  await trx
    .updateTable("requisition_lines")
    .set({ status: "sourcing" })
    .where("requisition_id", "=", requisitionId)
    .where("agreement_item_id", "is", null)
    .where("status", "=", "open")
    .execute();
  await orderDueLines(trx, { orgId, now });
  await progressRequisition(trx, { userId: null, orgId }, requisitionId, now, { automatic: AUTOMATIC.ordering });
  const row = await trx
    .selectFrom("requisitions")
    .where("id", "=", requisitionId)
    .select("status")
    .executeTakeFirstOrThrow();
  return row.status as "approved" | "sourcing" | "ordered" | "closed";
}

/** Refuses whoever does not hold the role the rule names: deciding is theirs. */
async function assertHoldsApproverRole(ctx: Ctx, orgId: string) {
  const rule = await ruleOf(ctx.db, orgId);
  const role = rule?.approverRole ?? DEFAULT_APPROVER_ROLE;
  if (ctx.actor.roles.includes(role)) return;
  throw forbidden(
    role === "buyer"
      ? msg("Requisitions are approved by buyers under the rule.")
      : role === "admin"
        ? msg("Requisitions are approved by admins under the rule.")
        : msg("Requisitions are approved by finance under the rule."),
  );
}

/**
 * One approval, given to the requisition as the approver saw it (`version`):
 * a requisition changed meanwhile is refused with a request to reload, so
 * two approvers clicking at once book one approval and one set of POs.
 */
export async function approveRequisition(ctx: Ctx, { id, version }: { id: string; version: number }) {
  const { actor, ability, now } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const row = await loadRequisitionFor(tx, id, "read");
    await assertHoldsApproverRole(tx, row.org_id);
    const result = await transitionRequisition(
      trx,
      actor,
      id,
      { type: "APPROVE", at: now.toISOString(), approverId: actor.userId },
      { expectedVersion: version, changes: ({ to }) => (to === "approved" ? { decided_at: now } : {}) },
    );
    // After the machine, so its separation-of-duties sentence reaches the person rather than a bare 403.
    if (!ability.can("approve", tagRequisition(row))) throw forbidden();
    await trx
      .insertInto("requisition_approvals")
      .values({ requisition_id: id, approver_id: actor.userId, decision: "approved", created_at: now })
      .execute();
    if (result.to !== "approved") return result;
    const approver = await trx.selectFrom("users").where("id", "=", actor.userId).select("name").executeTakeFirst();
    await tellRequester(trx, row, {
      kind: "requisition_decided",
      subject: msgWith("Approved: {{number}}", { number: row.number }),
      text: approver
        ? msgWith("{{approver}} approved your requisition {{number}}.", { approver: approver.name, number: row.number })
        : msgWith("An approver approved your requisition {{number}}.", { number: row.number }),
      at: now,
      actorId: actor.userId,
    });
    await afterApproval(trx, row.org_id, id, now);
    return result;
  });
}

export async function rejectRequisition(
  ctx: Ctx,
  { id, version, reason }: { id: string; version: number; reason: string },
) {
  const { actor, ability, now } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const row = await loadRequisitionFor(tx, id, "read");
    await assertHoldsApproverRole(tx, row.org_id);
    const result = await transitionRequisition(
      trx,
      actor,
      id,
      { type: "REJECT", at: now.toISOString(), approverId: actor.userId, reason },
      { expectedVersion: version, changes: () => ({ decided_at: now, decision_reason: reason }) },
    );
    if (!ability.can("reject", tagRequisition(row))) throw forbidden();
    await trx
      .insertInto("requisition_approvals")
      .values({ requisition_id: id, approver_id: actor.userId, decision: "rejected", reason, created_at: now })
      .execute();
    await trx.updateTable("requisition_lines").set({ status: "cancelled" }).where("requisition_id", "=", id).execute();
    const approver = await trx.selectFrom("users").where("id", "=", actor.userId).select("name").executeTakeFirst();
    await tellRequester(trx, row, {
      kind: "requisition_decided",
      subject: msgWith("Rejected: {{number}}", { number: row.number }),
      text: approver
        ? msgWith("{{approver}} rejected your requisition {{number}}: {{reason}}", {
            approver: approver.name,
            number: row.number,
            reason,
          })
        : msgWith("An approver rejected your requisition {{number}}: {{reason}}", { number: row.number, reason }),
      at: now,
      actorId: actor.userId,
    });
    return result;
  });
}

/** The requester withdraws it before approval; its lines go nowhere. */
export async function cancelRequisition(
  ctx: Ctx,
  { id, version, reason }: { id: string; version: number; reason: string },
) {
  const { actor, now } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    await loadRequisitionFor(tx, id, "cancel");
    const result = await transitionRequisition(
      trx,
      actor,
      id,
      { type: "CANCEL", at: now.toISOString(), reason },
      { expectedVersion: version, changes: () => ({ decision_reason: reason, closed_at: now }) },
    );
    await trx.updateTable("requisition_lines").set({ status: "cancelled" }).where("requisition_id", "=", id).execute();
    return result;
  });
}
