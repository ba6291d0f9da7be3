/**
 * The organisation's requisition approval rule, data like the PO policy's
 * tiers: below threshold one a requisition is approved at once, from it one
 * approval, from threshold two two by different people, always by holders
 * of the role the rule names (never the requester). Finance keeps it, the
 * admin reads it, on /settings/approvals. Every change is audited.
 */
import type { Trx } from "../../../db/client.server";
import type { Role } from "../../../db/schema";
import { appendAuditEvent } from "../../../workflows/audit.server";
import type { RequisitionApprovals } from "../../../workflows/requisition.machine";
import { subject } from "../../auth/ability";
import { forbidden } from "../../utils/http.server";
import { convertForThresholds } from "../ordering/approval-policy.server";
import { approvalTier } from "../ordering/approval-rule";
import { inTransaction, type Ctx } from "../shared/context.server";

import type { RequisitionRuleInput } from "./requisition.schema";

/** Without a rule a requisition asks one approval by finance, as a PO without a policy asks one. */
export const DEFAULT_APPROVER_ROLE = "finance" satisfies Role;

export interface RequisitionRule {
  currency: string;
  thresholdOne: string;
  thresholdTwo: string;
  approverRole: "buyer" | "finance" | "admin";
}

export async function ruleOf(db: Pick<Ctx, "db">["db"], orgId: string): Promise<RequisitionRule | null> {
  const row = await db
    .selectFrom("requisition_approval_rules")
    .where("org_id", "=", orgId)
    .selectAll()
    .executeTakeFirst();
  return row
    ? {
        currency: row.currency,
        thresholdOne: row.threshold_one,
        thresholdTwo: row.threshold_two,
        approverRole: row.approver_role,
      }
    : null;
}

/**
 * How many approvals the rule asks for an amount in `currency`, converted to
 * the rule's currency at the latest rate on the day; without a rate the
 * amount cannot be placed in a tier, so the most scrutiny is asked.
 */
export async function requiredRequisitionApprovals(
  trx: Trx,
  orgId: string,
  amount: string,
  currency: string,
  on: string,
): Promise<{ required: RequisitionApprovals; approverRole: RequisitionRule["approverRole"] }> {
  const rule = await ruleOf(trx, orgId);
  if (!rule) return { required: 1, approverRole: DEFAULT_APPROVER_ROLE };
  const converted = await convertForThresholds(trx, orgId, amount, currency, rule.currency, on);
  const required = approvalTier(converted?.toString() ?? null, rule);
  return { required, approverRole: rule.approverRole };
}

export async function getRequisitionRule(ctx: Ctx) {
  const { db, actor, ability } = ctx;
  if (!ability.can("read", subject("ApprovalPolicy", { org_id: actor.orgId }))) throw forbidden();
  const [rule, org] = await Promise.all([
    ruleOf(db, actor.orgId),
    db.selectFrom("organisations").where("id", "=", actor.orgId).select("base_currency").executeTakeFirst(),
  ]);
  return {
    currency: rule?.currency ?? org?.base_currency ?? "EUR",
    thresholdOne: rule?.thresholdOne ?? "0.00",
    thresholdTwo: rule?.thresholdTwo ?? "0.00",
    approverRole: rule?.approverRole ?? DEFAULT_APPROVER_ROLE,
    /** The rule as it stands, said in words by the page (null: none set, the default applies). */
    inForce: rule,
    can: { update: ability.can("update", subject("ApprovalPolicy", { org_id: actor.orgId })) },
  };
}

export async function saveRequisitionRule(ctx: Ctx, input: RequisitionRuleInput) {
  const { actor, ability } = ctx;
  if (!ability.can("update", subject("ApprovalPolicy", { org_id: actor.orgId }))) throw forbidden();
  const after = {
    thresholdOne: input.requisitionThresholdOne,
    thresholdTwo: input.requisitionThresholdTwo,
    approverRole: input.approverRole,
  };
  return inTransaction(ctx, async (trx) => {
    const before = await trx
      .selectFrom("requisition_approval_rules")
      .where("org_id", "=", actor.orgId)
      .selectAll()
      .forUpdate()
      .executeTakeFirst();
    const org = await trx
      .selectFrom("organisations")
      .where("id", "=", actor.orgId)
      .select("base_currency")
      .executeTakeFirstOrThrow();
    const values = {
      threshold_one: after.thresholdOne,
      threshold_two: after.thresholdTwo,
      approver_role: input.approverRole,
      updated_by: actor.userId,
      updated_at: ctx.now,
    };
    await trx
      .insertInto("requisition_approval_rules")
      .values({ org_id: actor.orgId, currency: before?.currency ?? org.base_currency, ...values })
      .onConflict((oc) => oc.column("org_id").doUpdateSet(values))
      .execute();
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "requisition_approval_rule",
      entityId: null,
      event: "UPDATE_RULE",
      data: {
        before: before
          ? {
              thresholdOne: before.threshold_one,
              thresholdTwo: before.threshold_two,
              approverRole: before.approver_role,
            }
          : null,
        after,
      },
    });
  });
}
