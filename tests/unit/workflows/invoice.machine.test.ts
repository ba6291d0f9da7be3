import { describe, it, expect } from "vitest";
import { initialTransition } from "xstate";
import {
  INVOICE_STATUSES,
  invoiceMachine,
  invoiceWorkflow,
  type InvoiceContext,
  type InvoiceEvent,
  type InvoiceStatus,
} from "../../../workflows/invoice.machine";
import { allowedEvents, step } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

const AT = "2026-12-02T09:15:00.000Z";
const FINANCE = "user-finance";
const clean: InvoiceContext = { differences: [] };
const mismatch: InvoiceContext = {
  differences: ["Line 2: invoiced 12 units, received 10", "Line 3: unit price 4.20 EUR, PO says 4.00 EUR"],
};
const run = (status: InvoiceStatus, context: InvoiceContext, event: InvoiceEvent) =>
  step(invoiceWorkflow, status, context, event);

describe("invoice workflow", () => {
  it("describes itself", () => {
    expect(invoiceWorkflow.name).toBe("invoice");
    expect(invoiceWorkflow.version).toBe(2);
    expect(invoiceWorkflow.machine).toBe(invoiceMachine);
    expect(INVOICE_STATUSES).toEqual(["submitted", "matched", "disputed", "approved", "paid"]);
    expect(invoiceWorkflow.statuses).toBe(INVOICE_STATUSES);
  });

  it("starts as submitted with the given context", () => {
    const [snapshot] = initialTransition(invoiceMachine, clean);
    expect(snapshot.value).toBe("submitted");
    expect(snapshot.context).toEqual(clean);
  });

  describe("MATCH", () => {
    it("matches an invoice with no differences", () => {
      const result = allowed(run("submitted", clean, { type: "MATCH", at: AT, differences: [] }));
      expect(result.status).toBe("matched");
      expect(result.context).toEqual({ differences: [] });
    });

    it("disputes an invoice with differences and records them", () => {
      const before: InvoiceContext = { differences: [] };
      const differences = [...mismatch.differences];
      const result = allowed(run("submitted", before, { type: "MATCH", at: AT, differences }));
      expect(result.status).toBe("disputed");
      expect(result.context).toEqual(mismatch);
      expect(before.differences).toEqual([]);
      differences.push("added later");
      expect(result.context.differences).toHaveLength(2);
    });

    it.each([
      ["matched", clean, "This invoice has already been matched."],
      ["disputed", mismatch, "This invoice is disputed; it must be resubmitted before it can be matched again."],
      ["approved", clean, "This invoice has already been approved."],
    ] as const)("refuses an invoice that is %s", (status, context, message) => {
      expect(refusal(run(status, context, { type: "MATCH", at: AT, differences: [] }))).toBe(message);
    });
  });

  describe("APPROVE", () => {
    it("approves a matched invoice", () => {
      const result = allowed(run("matched", clean, { type: "APPROVE", at: AT, approverId: FINANCE }));
      expect(result.status).toBe("approved");
      expect(result.context).toEqual(clean);
    });

    it("approves a disputed invoice with an override reason", () => {
      const result = allowed(
        run("disputed", mismatch, { type: "APPROVE", at: AT, approverId: FINANCE, overrideReason: "Agreed by phone" }),
      );
      expect(result.status).toBe("approved");
      expect(result.context).toEqual(mismatch);
    });

    it.each([undefined, "", "   "])("refuses a disputed invoice with override reason %j", (overrideReason) => {
      expect(refusal(run("disputed", mismatch, { type: "APPROVE", at: AT, approverId: FINANCE, overrideReason }))).toBe(
        // One catalogue sentence: the differences are stored messages, listed on the invoice in the reader's words.
        "This invoice does not match the purchase order; give a reason to approve it anyway.",
      );
    });

    it("still asks for a reason when the differences were not recorded", () => {
      expect(refusal(run("disputed", clean, { type: "APPROVE", at: AT, approverId: FINANCE }))).toBe(
        "This invoice does not match the purchase order; give a reason to approve it anyway.",
      );
    });

    it("refuses an invoice not yet matched", () => {
      expect(refusal(run("submitted", clean, { type: "APPROVE", at: AT, approverId: FINANCE }))).toBe(
        "This invoice has not been matched against the purchase order yet.",
      );
    });

    it("refuses an invoice already approved", () => {
      expect(refusal(run("approved", clean, { type: "APPROVE", at: AT, approverId: FINANCE }))).toBe(
        "This invoice has already been approved.",
      );
    });
  });

  describe("RESUBMIT", () => {
    it("sends a disputed invoice back to submitted and clears its differences", () => {
      const result = allowed(run("disputed", mismatch, { type: "RESUBMIT", at: AT }));
      expect(result.status).toBe("submitted");
      expect(result.context).toEqual({ differences: [] });
      expect(mismatch.differences).toHaveLength(2);
    });

    it.each(["submitted", "matched", "approved"] as const)("refuses an invoice that is %s", (status) => {
      expect(refusal(run(status, clean, { type: "RESUBMIT", at: AT }))).toBe(
        `Only a disputed invoice can be resubmitted; this one is ${status}.`,
      );
    });
  });

  describe("PAY", () => {
    const pay = { type: "PAY", at: AT, paidOn: "2026-12-03", reference: "TRX-1" } as const;

    it("pays an approved invoice", () => {
      expect(allowed(run("approved", clean, pay)).status).toBe("paid");
    });

    it("refuses while payments to the supplier are held, with the reason", () => {
      const held = "Payments held: Northwind changed its bank details on 2 Dec 2026; acknowledge the change first.";
      expect(refusal(run("approved", clean, { ...pay, held }))).toBe(held);
    });

    it("refuses a second payment", () => {
      expect(refusal(run("paid", clean, pay))).toBe("This invoice has already been paid.");
    });

    it.each(["submitted", "matched", "disputed"] as const)("refuses an invoice that is %s", (status) => {
      expect(refusal(run(status, clean, pay))).toBe(`Only an approved invoice can be paid; this one is ${status}.`);
    });
  });

  describe("allowedEvents", () => {
    const candidates: InvoiceEvent[] = [
      { type: "MATCH", at: AT, differences: [] },
      { type: "APPROVE", at: AT, approverId: FINANCE },
      { type: "RESUBMIT", at: AT },
      { type: "PAY", at: AT, paidOn: "2026-12-03", reference: "TRX-1" },
    ];

    it.each([
      ["submitted", clean, ["MATCH"]],
      ["matched", clean, ["APPROVE"]],
      ["disputed", mismatch, ["RESUBMIT"]],
      ["approved", clean, ["PAY"]],
      ["paid", clean, []],
    ] as const)("offers the right events for a %s invoice", (status, context, expected) => {
      expect(allowedEvents(invoiceWorkflow, status, context, candidates)).toEqual(expected);
    });

    it("offers APPROVE on a disputed invoice once an override reason is given", () => {
      expect(
        allowedEvents(invoiceWorkflow, "disputed", mismatch, [
          { type: "APPROVE", at: AT, approverId: FINANCE, overrideReason: "Credit note agreed" },
        ]),
      ).toEqual(["APPROVE"]);
    });
  });
});
