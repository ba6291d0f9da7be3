import { describe, expect, it } from "vitest";

import {
  approvalTier,
  describeApprovalRule as describeRule,
  describePolicyAmount as describeAmount,
  toPolicyAmount,
} from "../../../app/models/ordering/approval-rule";
import { english } from "../../support/english";

// The sentences travel as catalogue messages with their values; read them as an English reader does.
const describeApprovalRule = (...args: Parameters<typeof describeRule>) => english(describeRule(...args));
const describePolicyAmount = (...args: Parameters<typeof describeAmount>) => english(describeAmount(...args));

const POLICY = { currency: "EUR", thresholdOne: "1000.00", thresholdTwo: "25000.00" };

describe("the amount in the policy currency", () => {
  it("a USD order is converted at the rate of its submission day, and says so", () => {
    const p = toPolicyAmount({
      total: "10000.00",
      currency: "USD",
      policyCurrency: "EUR",
      rate: "0.9200000000",
      rateOn: "2026-12-01",
      basis: "submission",
    });
    expect(p).toEqual({ currency: "EUR", amount: "9200", rate: "0.92", rateOn: "2026-12-01", basis: "submission" });
    expect(describePolicyAmount({ currency: "USD" }, p)).toBe(
      "9,200.00 EUR at 0.92 EUR per USD (rate of 2026-12-01, in force when it was submitted)",
    );
    expect(describePolicyAmount({ currency: "USD" }, { ...p, basis: "latest" })).toContain("the latest rate");
  });

  it("an order in the policy currency needs no rate; one without a known rate says it cannot be converted", () => {
    const same = toPolicyAmount({
      total: "12.5",
      currency: "EUR",
      policyCurrency: "EUR",
      rate: null,
      rateOn: null,
      basis: "latest",
    });
    expect(describePolicyAmount({ currency: "EUR" }, same)).toBe("12.50 EUR");
    const none = toPolicyAmount({
      total: "12.5",
      currency: "JPY",
      policyCurrency: "EUR",
      rate: null,
      rateOn: null,
      basis: "latest",
    });
    expect(describePolicyAmount({ currency: "JPY" }, none)).toBe(
      "No JPY to EUR rate is known, so it cannot be converted.",
    );
  });
});

describe("the rule that asks for the approvals", () => {
  it("names the threshold reached", () => {
    expect(describeApprovalRule({ required: 0, policy: POLICY, converted: null })).toBe(
      "Below threshold one (1,000.00 EUR): no approval is needed.",
    );
    expect(describeApprovalRule({ required: 1, policy: POLICY, converted: null })).toBe(
      "Threshold one (1,000.00 EUR) reached, below threshold two (25,000.00 EUR): one approval.",
    );
    expect(describeApprovalRule({ required: 2, policy: POLICY, converted: null })).toBe(
      "Threshold two (25,000.00 EUR) reached: two approvals by different people.",
    );
  });

  it("says why without a policy or without a rate", () => {
    expect(describeApprovalRule({ required: 1, policy: null, converted: null })).toMatch(/No approval policy/);
    const unconverted = toPolicyAmount({
      total: "5",
      currency: "JPY",
      policyCurrency: "EUR",
      rate: null,
      rateOn: null,
      basis: "submission",
    });
    expect(describeApprovalRule({ required: 2, policy: POLICY, converted: unconverted })).toMatch(
      /Without a rate to EUR/,
    );
  });
});

describe("the approval tier, shared by the PO policy and the requisition rule", () => {
  it("below threshold one asks none, from it one, from threshold two two", () => {
    expect(approvalTier("999.99", POLICY)).toBe(0);
    expect(approvalTier("1000.00", POLICY)).toBe(1);
    expect(approvalTier("24999.999", POLICY)).toBe(1);
    expect(approvalTier("25000", POLICY)).toBe(2);
    expect(approvalTier("1000000.00", POLICY)).toBe(2);
  });

  it("an amount that could not be converted asks the most scrutiny", () => {
    expect(approvalTier(null, POLICY)).toBe(2);
  });

  it("equal thresholds leave no one-approval tier", () => {
    const flat = { thresholdOne: "500.00", thresholdTwo: "500.00" };
    expect(approvalTier("499.99", flat)).toBe(0);
    expect(approvalTier("500.00", flat)).toBe(2);
  });
});
