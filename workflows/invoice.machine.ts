/**
 * Invoice lifecycle: submitted -> matched | disputed -> approved -> paid,
 * and disputed -> submitted when the supplier resubmits. Paying is refused
 * while the supplier's changed bank details wait for this buying
 * organisation's acknowledgement (PAY carries that fact as `held`).
 *
 * The three-way match itself (PO price and quantity, quantity received,
 * quantity invoiced, within finance's tolerance) is computed outside the
 * machine; MATCH carries its result as a list of human-readable differences.
 */
import { assertEvent, assign, setup } from "xstate";
import { cannotWhile, isBlank } from "./shared";
import type { Workflow } from "./workflow";

export const INVOICE_STATUSES = ["submitted", "matched", "disputed", "approved", "paid"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface InvoiceContext {
  /** Differences found by the last match; empty unless disputed. */
  differences: string[];
}

export type InvoiceEvent =
  | { type: "MATCH"; at: string; differences: string[] }
  | { type: "APPROVE"; at: string; approverId: string; overrideReason?: string }
  | { type: "RESUBMIT"; at: string }
  /** `held` names the unacknowledged bank change that holds payments to this supplier, if any. */
  | { type: "PAY"; at: string; paidOn: string; reference: string; held?: string };

/** Verb phrases for the generic refusal. */
const ACTION: Record<InvoiceEvent["type"], string> = {
  MATCH: "match",
  APPROVE: "approve",
  RESUBMIT: "resubmit",
  PAY: "record a payment for",
};

export const invoiceMachine = setup({
  types: {} as { context: InvoiceContext; events: InvoiceEvent; input: InvoiceContext },
  guards: {
    noDifferences: ({ event }) => {
      assertEvent(event, "MATCH");
      return event.differences.length === 0;
    },
    overrideGiven: ({ event }) => {
      assertEvent(event, "APPROVE");
      return !isBlank(event.overrideReason);
    },
    paymentsReleased: ({ event }) => {
      assertEvent(event, "PAY");
      return isBlank(event.held);
    },
  },
  actions: {
    recordDifferences: assign({
      differences: ({ event }) => {
        assertEvent(event, "MATCH");
        return [...event.differences];
      },
    }),
    clearDifferences: assign({ differences: () => [] }),
  },
}).createMachine({
  id: "invoice",
  initial: "submitted",
  context: ({ input }) => input,
  states: {
    submitted: {
      on: {
        MATCH: [
          { target: "matched", guard: "noDifferences", actions: "recordDifferences" },
          { target: "disputed", actions: "recordDifferences" },
        ],
      },
    },
    matched: {
      on: {
        APPROVE: { target: "approved" },
      },
    },
    disputed: {
      on: {
        APPROVE: { target: "approved", guard: "overrideGiven" },
        RESUBMIT: { target: "submitted", actions: "clearDifferences" },
      },
    },
    approved: {
      on: {
        PAY: { target: "paid", guard: "paymentsReleased" },
      },
    },
    paid: { type: "final" },
  },
});

function explainInvoiceRefusal(status: InvoiceStatus, context: InvoiceContext, event: InvoiceEvent): string {
  switch (event.type) {
    case "MATCH":
      if (status === "matched") return "This invoice has already been matched.";
      if (status === "disputed")
        return "This invoice is disputed; it must be resubmitted before it can be matched again.";
      if (status === "approved" || status === "paid") return "This invoice has already been approved.";
      break;
    case "APPROVE":
      if (status === "submitted") return "This invoice has not been matched against the purchase order yet.";
      if (status === "approved" || status === "paid") return "This invoice has already been approved.";
      if (status === "disputed" && isBlank(event.overrideReason)) {
        // The differences are listed on the invoice, each in the reader's words, beside this refusal.
        return "This invoice does not match the purchase order; give a reason to approve it anyway.";
      }
      break;
    case "RESUBMIT":
      if (status !== "disputed") return `Only a disputed invoice can be resubmitted; this one is ${status}.`;
      break;
    case "PAY":
      if (status === "paid") return "This invoice has already been paid.";
      if (status === "approved" && !isBlank(event.held)) return event.held as string;
      if (status !== "approved") return `Only an approved invoice can be paid; this one is ${status}.`;
      break;
  }
  return cannotWhile("invoice", ACTION[event.type], status);
}

export const invoiceWorkflow: Workflow<InvoiceStatus, InvoiceContext, InvoiceEvent> = {
  name: "invoice",
  version: 2,
  machine: invoiceMachine,
  statuses: INVOICE_STATUSES,
  explainRefusal: explainInvoiceRefusal,
};
