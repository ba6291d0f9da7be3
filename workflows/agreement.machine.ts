/**
 * Agreement lifecycle (a framework or blanket order with one supplier):
 * draft (edited in place by the buyer) -> sent (the supplier has it and answers) -> active (acknowledged)
 *   -> expired (its end date passed) | closed (the buyer ended it early);
 * declined by the supplier from sent; cancelled by the buyer from draft or
 * sent. Nothing leaves expired, closed, declined or cancelled.
 *
 * A call-off (a PO against the agreement) does not move it: CALL_OFF is a
 * transition without a target, allowed while it is active and the day of
 * the attempt lies within its validity, so the page and the call-off ask
 * the machine the same question. Caps are judged by the call-off itself
 * (decimal arithmetic on stored consumption), not here.
 *
 * Validity dates are calendar days (YYYY-MM-DD); the day of an attempt is
 * the UTC date of its `at`. docs/decisions/025-agreements.md.
 */
import { setup } from "xstate";

import { cannotWhile, isBlank, isValidInstant, statusPhrase } from "./shared";
import type { Workflow } from "./workflow";

export const AGREEMENT_STATUSES = ["draft", "sent", "active", "declined", "expired", "closed", "cancelled"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export interface AgreementContext {
  itemCount: number;
  /** First day the agreement may be called off, YYYY-MM-DD. */
  validFrom: string;
  /** Last day the agreement may be called off, YYYY-MM-DD. */
  validTo: string;
}

export type AgreementEvent =
  | { type: "UPDATE_DRAFT"; at: string }
  | { type: "SEND"; at: string }
  | { type: "ACKNOWLEDGE"; at: string }
  | { type: "DECLINE"; at: string; reason: string }
  | { type: "CANCEL"; at: string; reason: string }
  | { type: "CLOSE"; at: string; reason: string }
  | { type: "EXPIRE"; at: string }
  | { type: "CALL_OFF"; at: string };

/** The calendar day (UTC) of an ISO instant, or "" when it is not one. */
export function dayOf(at: string): string {
  return isValidInstant(at) ? new Date(at).toISOString().slice(0, 10) : "";
}

/** Whether the agreement's validity has ended by `at` (its last day is over). */
export function hasEnded(context: AgreementContext, at: string): boolean {
  const day = dayOf(at);
  return day !== "" && day > context.validTo;
}

/** Whether `at` falls on a day the agreement is valid. */
export function isWithinValidity(context: AgreementContext, at: string): boolean {
  const day = dayOf(at);
  return day !== "" && day >= context.validFrom && day <= context.validTo;
}

export const agreementMachine = setup({
  types: {} as { context: AgreementContext; events: AgreementEvent; input: AgreementContext },
  actions: {
    // XState's `can` answers false for a transition with neither target nor action; the call-off is recorded by its use case.
    recordCallOff: () => undefined,
  },
  guards: {
    sendable: ({ context, event }) => context.itemCount > 0 && isValidInstant(event.at) && !hasEnded(context, event.at),
    notEnded: ({ context, event }) => isValidInstant(event.at) && !hasEnded(context, event.at),
    hasReason: ({ event }) => "reason" in event && !isBlank(event.reason),
    ended: ({ context, event }) => hasEnded(context, event.at),
    withinValidity: ({ context, event }) => isWithinValidity(context, event.at),
  },
}).createMachine({
  id: "agreement",
  initial: "draft",
  context: ({ input }) => input,
  states: {
    draft: {
      on: {
        // The buyer's own draft: its items, prices, validity, caps and terms change in place until it is sent.
        UPDATE_DRAFT: { target: "draft" },
        SEND: { target: "sent", guard: "sendable" },
        CANCEL: { target: "cancelled", guard: "hasReason" },
      },
    },
    sent: {
      on: {
        ACKNOWLEDGE: { target: "active", guard: "notEnded" },
        DECLINE: { target: "declined", guard: "hasReason" },
        CANCEL: { target: "cancelled", guard: "hasReason" },
        // Never answered before its end: it can no longer be called off, so it ends like an active one.
        EXPIRE: { target: "expired", guard: "ended" },
      },
    },
    active: {
      on: {
        CALL_OFF: { guard: "withinValidity", actions: "recordCallOff" },
        CLOSE: { target: "closed", guard: "hasReason" },
        EXPIRE: { target: "expired", guard: "ended" },
      },
    },
    declined: {},
    expired: {},
    closed: {},
    cancelled: {},
  },
});

const VERBS: Record<AgreementEvent["type"], string> = {
  UPDATE_DRAFT: "edit",
  SEND: "send",
  ACKNOWLEDGE: "acknowledge",
  DECLINE: "decline",
  CANCEL: "cancel",
  CLOSE: "close",
  EXPIRE: "expire",
  CALL_OFF: "order from",
};

function explainAgreementRefusal(status: AgreementStatus, context: AgreementContext, event: AgreementEvent): string {
  const verb = VERBS[event.type];
  if ("reason" in event && isBlank(event.reason) && ["draft", "sent", "active"].includes(status)) {
    const allowedHere =
      (event.type === "CANCEL" && (status === "draft" || status === "sent")) ||
      (event.type === "DECLINE" && status === "sent") ||
      (event.type === "CLOSE" && status === "active");
    if (allowedHere) return "Give a reason.";
  }
  if (event.type === "SEND" && status === "draft" && context.itemCount === 0)
    return "Add at least one item before sending the agreement.";
  if ((event.type === "SEND" || event.type === "ACKNOWLEDGE") && (status === "draft" || status === "sent"))
    if (isValidInstant(event.at) && hasEnded(context, event.at))
      return `This agreement ended on ${context.validTo}; it can no longer be ${event.type === "SEND" ? "sent" : "acknowledged"}.`;
  if (event.type === "CALL_OFF" && status === "active") {
    const day = dayOf(event.at);
    if (day !== "" && day < context.validFrom)
      return `This agreement can be ordered from on ${context.validFrom} at the earliest.`;
    return `This agreement ended on ${context.validTo}.`;
  }
  if (event.type === "EXPIRE" && (status === "active" || status === "sent"))
    return `This agreement runs until ${context.validTo}.`;
  if (event.type === "ACKNOWLEDGE" && status === "active") return "This agreement is already acknowledged.";
  if (event.type === "UPDATE_DRAFT")
    return `Only a draft agreement can be edited; this one is ${statusPhrase(status)}.`;
  return cannotWhile("agreement", verb, status);
}

export const agreementWorkflow: Workflow<AgreementStatus, AgreementContext, AgreementEvent> = {
  name: "agreement",
  version: 1,
  machine: agreementMachine,
  statuses: AGREEMENT_STATUSES,
  explainRefusal: explainAgreementRefusal,
};
