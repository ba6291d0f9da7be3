/**
 * RFQ lifecycle: draft -> open -> closed -> awarded, and cancelled from
 * draft, open or closed. Pure: no I/O, and "now" is the event's `at`.
 */
import { and, assertEvent, assign, or, setup } from "xstate";
import { cannotWhile, formatUtc, isAtOrAfter, isBefore, isBlank, isValidInstant } from "./shared";
import type { Workflow } from "./workflow";

export const RFQ_STATUSES = ["draft", "open", "closed", "awarded", "cancelled"] as const;
export type RfqStatus = (typeof RFQ_STATUSES)[number];

export interface RfqContext {
  lineCount: number;
  invitedCount: number;
  /** Invited suppliers that have submitted a quote or declined. */
  answeredCount: number;
  /** Quote deadline, ISO 8601. */
  deadline: string;
}

export type RfqEvent =
  | { type: "PUBLISH"; at: string }
  | { type: "UPDATE_DRAFT" }
  | { type: "EXTEND_DEADLINE"; at: string; deadline: string }
  | { type: "CLOSE"; at: string }
  | { type: "DEADLINE_REACHED"; at: string }
  | { type: "AWARD"; at: string }
  | { type: "CANCEL"; at: string; reason: string };

/** Verb phrases for the generic refusal. */
const ACTION: Record<RfqEvent["type"], string> = {
  PUBLISH: "publish",
  UPDATE_DRAFT: "edit",
  EXTEND_DEADLINE: "extend the deadline",
  CLOSE: "close",
  DEADLINE_REACHED: "close at the deadline",
  AWARD: "award",
  CANCEL: "cancel",
};

// Rules, shared by the guards and by explainRefusal so the two cannot drift.
const hasLines = (c: RfqContext) => c.lineCount >= 1;
const hasInvitedSuppliers = (c: RfqContext) => c.invitedCount >= 1;
const deadlineAhead = (c: RfqContext, at: string) => isBefore(at, c.deadline);
const deadlineReached = (c: RfqContext, at: string) => isAtOrAfter(at, c.deadline);
const everyoneAnswered = (c: RfqContext) => c.invitedCount > 0 && c.answeredCount >= c.invitedCount;

function extensionProblem(c: RfqContext, e: { at: string; deadline: string }): string | null {
  // Once the deadline has passed the bids are due to be unsealed; moving it
  // later then would reopen a closed competition after prices could be read.
  if (deadlineReached(c, e.at)) {
    return `The deadline (${formatUtc(c.deadline)}) has already passed; the RFQ can no longer be extended.`;
  }
  if (!isValidInstant(e.deadline)) return "The new deadline is not a valid date and time.";
  if (!isBefore(c.deadline, e.deadline)) {
    return `The new deadline must be later than the current one (${formatUtc(c.deadline)}).`;
  }
  if (!isBefore(e.at, e.deadline)) return "The new deadline must be in the future.";
  return null;
}

export const rfqMachine = setup({
  types: {} as { context: RfqContext; events: RfqEvent; input: RfqContext },
  guards: {
    hasLines: ({ context }) => hasLines(context),
    hasInvitedSuppliers: ({ context }) => hasInvitedSuppliers(context),
    deadlineAhead: ({ context, event }) => {
      assertEvent(event, "PUBLISH");
      return deadlineAhead(context, event.at);
    },
    deadlineReached: ({ context, event }) => {
      assertEvent(event, ["CLOSE", "DEADLINE_REACHED"]);
      return deadlineReached(context, event.at);
    },
    everyoneAnswered: ({ context }) => everyoneAnswered(context),
    validExtension: ({ context, event }) => {
      assertEvent(event, "EXTEND_DEADLINE");
      return extensionProblem(context, event) === null;
    },
    reasonGiven: ({ event }) => {
      assertEvent(event, "CANCEL");
      return !isBlank(event.reason);
    },
  },
  actions: {
    setDeadline: assign({
      deadline: ({ event }) => {
        assertEvent(event, "EXTEND_DEADLINE");
        return event.deadline;
      },
    }),
  },
}).createMachine({
  id: "rfq",
  initial: "draft",
  context: ({ input }) => input,
  states: {
    draft: {
      on: {
        UPDATE_DRAFT: { target: "draft" },
        PUBLISH: { target: "open", guard: and(["hasLines", "hasInvitedSuppliers", "deadlineAhead"]) },
        CANCEL: { target: "cancelled", guard: "reasonGiven" },
      },
    },
    open: {
      on: {
        EXTEND_DEADLINE: { target: "open", guard: "validExtension", actions: "setDeadline" },
        CLOSE: { target: "closed", guard: or(["deadlineReached", "everyoneAnswered"]) },
        DEADLINE_REACHED: { target: "closed", guard: "deadlineReached" },
        CANCEL: { target: "cancelled", guard: "reasonGiven" },
      },
    },
    closed: {
      on: {
        AWARD: { target: "awarded" },
        CANCEL: { target: "cancelled", guard: "reasonGiven" },
      },
    },
    awarded: { type: "final" },
    cancelled: { type: "final" },
  },
});

function explainRfqRefusal(status: RfqStatus, context: RfqContext, event: RfqEvent): string {
  switch (event.type) {
    case "PUBLISH":
      if (status === "open" || status === "closed" || status === "awarded")
        return "This RFQ has already been published.";
      if (status !== "draft") break;
      if (!hasLines(context)) return "Add at least one line before publishing the RFQ.";
      if (!hasInvitedSuppliers(context)) return "Invite at least one supplier before publishing the RFQ.";
      if (!isValidInstant(context.deadline)) return "Set a quote deadline before publishing the RFQ.";
      if (!deadlineAhead(context, event.at)) {
        return `The quote deadline (${formatUtc(context.deadline)}) must be in the future; set a later deadline before publishing.`;
      }
      break;
    case "UPDATE_DRAFT":
      if (status !== "draft") return `Only a draft RFQ can be edited; this one is ${status}.`;
      break;
    case "EXTEND_DEADLINE":
      if (status === "draft") return "This RFQ is still a draft; change its deadline by editing the draft.";
      if (status !== "open") return `This RFQ is ${status}; its deadline can no longer be extended.`;
      return extensionProblem(context, event) ?? cannotWhile("RFQ", ACTION[event.type], status);
    case "CLOSE":
      if (status === "draft") return "This RFQ has not been published yet; cancel it instead of closing it.";
      if (status === "closed") return "This RFQ is already closed.";
      if (status !== "open") break;
      if (!deadlineReached(context, event.at) && !everyoneAnswered(context)) {
        return (
          `The RFQ can be closed early only once every invited supplier has answered ` +
          `(${context.answeredCount} of ${context.invitedCount} so far); otherwise it closes at the deadline, ${formatUtc(context.deadline)}.`
        );
      }
      break;
    case "DEADLINE_REACHED":
      if (status === "closed") return "This RFQ is already closed.";
      if (status !== "open") break;
      if (!deadlineReached(context, event.at)) {
        return `The deadline has not been reached yet; it is ${formatUtc(context.deadline)}.`;
      }
      break;
    case "AWARD":
      if (status === "awarded") return "This RFQ has already been awarded.";
      if (status === "draft" || status === "open") return "The RFQ must be closed before it can be awarded.";
      break;
    case "CANCEL":
      if (status === "cancelled") return "This RFQ is already cancelled.";
      if (status === "awarded") return "This RFQ has already been awarded and can no longer be cancelled.";
      if (isBlank(event.reason)) return "Give a reason for cancelling the RFQ.";
      break;
  }
  return cannotWhile("RFQ", ACTION[event.type], status);
}

export const rfqWorkflow: Workflow<RfqStatus, RfqContext, RfqEvent> = {
  name: "rfq",
  // 2: EXTEND_DEADLINE refused once the deadline has passed.
  version: 2,
  machine: rfqMachine,
  statuses: RFQ_STATUSES,
  explainRefusal: explainRfqRefusal,
};
