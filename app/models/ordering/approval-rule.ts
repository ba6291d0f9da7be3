/**
 * Why a PO asks for the approvals it asks for, in words: which threshold of
 * the approval policy its amount (in the policy's currency) reached, and at
 * which rate it was converted. Pure, so the PO page, the approval queue and
 * the dashboard say the same sentence, and a test reads it without a database.
 */
import { msg, msgWith } from "../../i18n/config";
import { compare, formatMoney, toDecimal, minorUnits } from "../../utils/money";

export interface PolicyThresholds {
  currency: string;
  thresholdOne: string;
  thresholdTwo: string;
}

/**
 * How many approvals an amount asks under two thresholds, the amount already
 * in the thresholds' currency. The PO policy and the requisition rule both
 * count with it. Null means no rate was known: the amount cannot be placed
 * below a threshold, so the most scrutiny is asked.
 */
export function approvalTier(
  amount: string | null,
  thresholds: Pick<PolicyThresholds, "thresholdOne" | "thresholdTwo">,
): 0 | 1 | 2 {
  if (amount === null) return 2;
  if (compare(amount, thresholds.thresholdOne) < 0) return 0;
  if (compare(amount, thresholds.thresholdTwo) < 0) return 1;
  return 2;
}

/** The PO's amount in the policy's currency, and the rate that took it there. */
export interface PolicyAmount {
  currency: string;
  /** Null when no rate was known on the day. */
  amount: string | null;
  /** Null when the PO is already in the policy's currency. */
  rate: string | null;
  /** The day the rate is valid from. */
  rateOn: string | null;
  /** "submission": the rate in force the day the PO was submitted (the one its approvals were counted with); "latest": the newest rate, for a PO not submitted yet. */
  basis: "submission" | "latest";
}

/** Converts at the given rate (units of the policy currency per unit of the PO's), or says no rate was known. */
export function toPolicyAmount(args: {
  total: string;
  currency: string;
  policyCurrency: string;
  rate: string | null;
  rateOn: string | null;
  basis: PolicyAmount["basis"];
}): PolicyAmount {
  const { total, currency, policyCurrency, rate, rateOn, basis } = args;
  if (currency === policyCurrency)
    return { currency, amount: toDecimal(total).toFixed(), rate: null, rateOn: null, basis };
  if (rate === null) return { currency: policyCurrency, amount: null, rate: null, rateOn: null, basis };
  const amount = toDecimal(total).times(rate).toDecimalPlaces(minorUnits(policyCurrency)).toFixed();
  return { currency: policyCurrency, amount, rate: toDecimal(rate).toFixed(), rateOn, basis };
}

/**
 * "12,345.00 EUR at 0.92 (rate of 2026-12-01, in force when submitted)"; the amount alone when no conversion
 * was needed. A catalogue message with its values (msgWith), translated where it is shown.
 */
export function describePolicyAmount(from: { currency: string }, p: PolicyAmount): string {
  if (p.amount === null)
    return msgWith("No {{from}} to {{to}} rate is known, so it cannot be converted.", {
      from: from.currency,
      to: p.currency,
    });
  const money = formatMoney(p.amount, p.currency);
  if (p.rate === null) return msgWith("{{money}}", { money });
  const values = { money, rate: p.rate, to: p.currency, from: from.currency, on: p.rateOn ?? "" };
  return p.basis === "submission"
    ? msgWith("{{money}} at {{rate}} {{to}} per {{from}} (rate of {{on}}, in force when it was submitted)", values)
    : msgWith("{{money}} at {{rate}} {{to}} per {{from}} (rate of {{on}}, the latest rate)", values);
}

/**
 * Which rule asks for `required` approvals. The count was fixed when the PO
 * was submitted; the thresholds are the policy's today. A catalogue message
 * with its values (msgWith), translated where it is shown.
 */
export function describeApprovalRule(args: {
  required: number;
  policy: PolicyThresholds | null;
  converted: PolicyAmount | null;
}): string {
  const { required, policy, converted } = args;
  if (!policy) return msg("No approval policy is set, so one approval is asked.");
  const one = formatMoney(policy.thresholdOne, policy.currency);
  const two = formatMoney(policy.thresholdTwo, policy.currency);
  if (converted && converted.amount === null && required === 2) {
    return msgWith(
      "Without a rate to {{currency}} the amount cannot be placed below a threshold, so two approvals by different people are asked.",
      { currency: policy.currency },
    );
  }
  if (required <= 0) return msgWith("Below threshold one ({{one}}): no approval is needed.", { one });
  if (required === 1)
    return msgWith("Threshold one ({{one}}) reached, below threshold two ({{two}}): one approval.", { one, two });
  return msgWith("Threshold two ({{two}}) reached: two approvals by different people.", { two });
}
