/**
 * The buying organisation's approval policy: thresholds one and two (in its
 * base currency). The receipt and match tolerances moved to the
 * organisation settings (shared/organisation-settings.server.ts). Finance keeps it;
 * every change is audited with the old and new values. Submitting a PO asks
 * it how many approvals an amount needs.
 */
import { type RequiredApprovals } from "../../../workflows/purchase-order.machine";
import { subject } from "../../auth/ability";
import type Decimal from "decimal.js";
import { compare, toDecimal } from "../../utils/money";
import { FormError } from "../../utils/errors";
import { appendAuditEvent } from "../../../workflows/audit.server";
import type { ApprovalPolicyInput } from "./approval-policy.schema";
import type { Trx } from "../../../db/client.server";
import type { PurchaseOrder, Rfq } from "../../../db/schema";
import { sql } from "kysely";
import { approvalTier, describeApprovalRule, describePolicyAmount, toPolicyAmount } from "./approval-rule";
import { inTransaction, type Ctx } from "../shared/context.server";
import { msg } from "../../i18n/config";
import { forbidden } from "../../utils/http.server";

/**
 * An amount converted to `into` at the organisation's latest rate on the
 * day; null when no rate is known. The PO policy and the requisition rule
 * both place amounts in their tiers through it.
 */
export async function convertForThresholds(
  trx: Trx,
  orgId: string,
  amount: string,
  currency: string,
  into: string,
  on: string,
): Promise<Decimal | null> {
  if (currency === into) return toDecimal(amount);
  const rate = await trx
    .selectFrom("fx_rates")
    .where("org_id", "=", orgId)
    .where("base_currency", "=", into)
    .where("quote_currency", "=", currency)
    .where("valid_on", "<=", on)
    .orderBy("valid_on", "desc")
    .select("rate")
    .executeTakeFirst();
  return rate ? toDecimal(amount).times(rate.rate) : null;
}

/**
 * The amount in the currency of the organisation's approval policy (its base
 * currency), at the latest rate on the day; null when there is no policy or
 * no rate to convert with.
 */
export async function inPolicyCurrency(trx: Trx, orgId: string, amount: string, currency: string, on: string) {
  const policy = await trx.selectFrom("approval_policies").where("org_id", "=", orgId).selectAll().executeTakeFirst();
  if (!policy) return { policy: null, converted: null };
  return { policy, converted: await convertForThresholds(trx, orgId, amount, currency, policy.currency, on) };
}

/** How many approvals the organisation's policy asks for at this amount. */
export async function requiredApprovalsFor(
  trx: Trx,
  orgId: string,
  amount: string,
  currency: string,
  on: string,
): Promise<RequiredApprovals> {
  const { policy, converted } = await inPolicyCurrency(trx, orgId, amount, currency, on);
  if (!policy) return 1;
  return approvalTier(converted?.toString() ?? null, {
    thresholdOne: policy.threshold_one,
    thresholdTwo: policy.threshold_two,
  });
}

export async function getApprovalPolicy(ctx: Ctx) {
  const { db, actor, ability } = ctx;
  if (!ability.can("read", subject("ApprovalPolicy", { org_id: actor.orgId }))) throw forbidden();
  const policy = await db
    .selectFrom("approval_policies")
    .where("org_id", "=", actor.orgId)
    .selectAll()
    .executeTakeFirst();
  const org = await db
    .selectFrom("organisations")
    .where("id", "=", actor.orgId)
    .select("base_currency")
    .executeTakeFirst();
  return {
    currency: policy?.currency ?? org?.base_currency ?? "EUR",
    thresholdOne: policy?.threshold_one ?? "0.00",
    thresholdTwo: policy?.threshold_two ?? "0.00",
    updatedAt: policy?.updated_at ?? null,
    can: { update: ability.can("update", subject("ApprovalPolicy", { org_id: actor.orgId })) },
  };
}

export async function saveApprovalPolicy(ctx: Ctx, input: ApprovalPolicyInput) {
  const { actor, ability } = ctx;
  if (!ability.can("update", subject("ApprovalPolicy", { org_id: actor.orgId }))) throw forbidden();
  // The schema checks this too; decimals here so the server never trusts a float comparison.
  if (compare(input.thresholdTwo, input.thresholdOne) < 0) {
    throw new FormError({ thresholdTwo: msg("Threshold two must be at least threshold one.") });
  }
  return inTransaction(ctx, async (trx) => {
    const before = await trx
      .selectFrom("approval_policies")
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
      threshold_one: input.thresholdOne,
      threshold_two: input.thresholdTwo,
      updated_by: actor.userId,
      updated_at: ctx.now,
    };
    await trx
      .insertInto("approval_policies")
      .values({ org_id: actor.orgId, currency: before?.currency ?? org.base_currency, ...values })
      .onConflict((oc) => oc.column("org_id").doUpdateSet(values))
      .execute();
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "approval_policy",
      entityId: null,
      event: "UPDATE_POLICY",
      data: {
        before: before
          ? {
              thresholdOne: before.threshold_one,
              thresholdTwo: before.threshold_two,
            }
          : null,
        after: input,
      },
    });
  });
}

/**
 * What finance reads before deciding on a PO: its amount in the policy's
 * currency (at the rate in force the day it was submitted, or the latest for
 * a PO not submitted yet, saying which), the rule that asks for its
 * approvals, and the RFQ with the award's justification behind it. Internal
 * to the buying organisation: null for anyone who may not read a change
 * awaiting approval (the supplier), who never learns the policy.
 */
export async function approvalFactsFor(
  ctx: Ctx,
  po: PurchaseOrder,
  /** The PO's RFQ, read once by the caller (null when it has none). */
  rfqRow: Pick<Rfq, "id" | "org_id" | "reference" | "title" | "award_justification"> | null,
) {
  const { db, ability, now } = ctx;
  if (!ability.can("readPendingChange", subject("PurchaseOrder", po))) return null;
  const day = (po.submitted_at ? new Date(po.submitted_at) : now).toISOString().slice(0, 10);
  const rfq = rfqRow && rfqRow.id === po.rfq_id && rfqRow.org_id === po.buyer_org_id ? rfqRow : null;
  const policy = await db
    .selectFrom("approval_policies")
    .where("org_id", "=", po.buyer_org_id)
    .selectAll()
    .executeTakeFirst();
  const rate =
    policy && policy.currency !== po.currency
      ? await db
          .selectFrom("fx_rates")
          .where("org_id", "=", po.buyer_org_id)
          .where("base_currency", "=", policy.currency)
          .where("quote_currency", "=", po.currency)
          .where("valid_on", "<=", day)
          .orderBy("valid_on", "desc")
          .select(["rate", sql<string>`valid_on::text`.as("validOn")])
          .executeTakeFirst()
      : undefined;
  const thresholds = policy
    ? { currency: policy.currency, thresholdOne: policy.threshold_one, thresholdTwo: policy.threshold_two }
    : null;
  const inPolicy = thresholds
    ? toPolicyAmount({
        total: po.total,
        currency: po.currency,
        policyCurrency: thresholds.currency,
        rate: rate?.rate ?? null,
        rateOn: rate?.validOn ?? null,
        basis: po.submitted_at ? "submission" : "latest",
      })
    : null;
  return {
    inPolicyText: inPolicy ? describePolicyAmount(po, inPolicy) : null,
    rule: describeApprovalRule({ required: po.required_approvals, policy: thresholds, converted: inPolicy }),
    rfq: rfq
      ? { id: rfq.id, reference: rfq.reference, title: rfq.title, justification: rfq.award_justification }
      : null,
  };
}
