/**
 * Invitation lifecycle (one per invited supplier per RFQ), the supplier's
 * answer as the buyer sees it:
 * invited -> viewed (the supplier opened the RFQ) -> submitted | declined.
 * A declined supplier may still quote until the deadline; withdrawing a
 * submitted quote makes the invitation unanswered ("viewed") again.
 *
 * The context carries the RFQ's status and deadline and whether a submitted
 * quote stands, as the runner read them in the same transaction.
 */
import { and, assertEvent, not, setup } from "xstate";
import { cannotWhile, formatUtc, isBefore, isBlank } from "./shared";
import type { RfqStatus } from "./rfq.machine";
import type { Workflow } from "./workflow";

export const INVITATION_STATUSES = ["invited", "viewed", "declined", "submitted"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface InvitationContext {
  rfqStatus: RfqStatus;
  /** The RFQ's quote deadline, ISO 8601. */
  deadline: string;
  /** The supplier's quote is submitted (not a draft, not withdrawn). */
  quoteSubmitted: boolean;
}

export type InvitationEvent =
  | { type: "VIEW"; at: string }
  | { type: "DECLINE"; at: string; reason: string }
  | { type: "SUBMIT"; at: string }
  | { type: "WITHDRAW"; at: string };

const ACTION: Record<InvitationEvent["type"], string> = {
  VIEW: "open the invitation",
  DECLINE: "decline",
  SUBMIT: "answer with a quote",
  WITHDRAW: "withdraw the answer",
};

// Rules, shared by the guards and by the refusal wording so the two cannot drift.
const rfqOpen = (c: InvitationContext) => c.rfqStatus === "open";
const published = (c: InvitationContext) => c.rfqStatus !== "draft";
const beforeDeadline = (c: InvitationContext, at: string) => isBefore(at, c.deadline);
const reasonGiven = (reason: string) => !isBlank(reason);

/** Why the supplier cannot answer now, or null while the RFQ is open and its deadline ahead. */
function answerWindowProblem(c: InvitationContext, at: string, verb: string): string | null {
  switch (c.rfqStatus) {
    case "draft":
      return `This RFQ has not been published, so it cannot be ${verb}.`;
    case "open":
      if (!beforeDeadline(c, at)) return `This RFQ is no longer open for answers, so it cannot be ${verb}.`;
      return null;
    default:
      return `This RFQ is no longer open for answers, so it cannot be ${verb}.`;
  }
}

export const invitationMachine = setup({
  types: {} as { context: InvitationContext; events: InvitationEvent; input: InvitationContext },
  guards: {
    published: ({ context }) => published(context),
    rfqOpen: ({ context }) => rfqOpen(context),
    beforeDeadline: ({ context, event }) => {
      assertEvent(event, ["DECLINE", "SUBMIT", "WITHDRAW"]);
      return beforeDeadline(context, event.at);
    },
    reasonGiven: ({ event }) => {
      assertEvent(event, "DECLINE");
      return reasonGiven(event.reason);
    },
    quoteSubmitted: ({ context }) => context.quoteSubmitted,
  },
}).createMachine({
  id: "invitation",
  initial: "invited",
  context: ({ input }) => input,
  states: {
    invited: {
      on: {
        VIEW: { target: "viewed", guard: "published" },
        DECLINE: {
          target: "declined",
          guard: and(["rfqOpen", "beforeDeadline", "reasonGiven", not("quoteSubmitted")]),
        },
        SUBMIT: { target: "submitted", guard: and(["rfqOpen", "beforeDeadline"]) },
      },
    },
    viewed: {
      on: {
        DECLINE: {
          target: "declined",
          guard: and(["rfqOpen", "beforeDeadline", "reasonGiven", not("quoteSubmitted")]),
        },
        SUBMIT: { target: "submitted", guard: and(["rfqOpen", "beforeDeadline"]) },
      },
    },
    declined: {
      on: {
        SUBMIT: { target: "submitted", guard: and(["rfqOpen", "beforeDeadline"]) },
      },
    },
    submitted: {
      on: {
        // A new revision is another answer; the time of each is recorded.
        SUBMIT: { target: "submitted", guard: and(["rfqOpen", "beforeDeadline"]) },
        WITHDRAW: { target: "viewed", guard: and(["rfqOpen", "beforeDeadline"]) },
      },
    },
  },
});

function explainInvitationRefusal(
  status: InvitationStatus,
  context: InvitationContext,
  event: InvitationEvent,
): string {
  switch (event.type) {
    case "VIEW":
      if (!published(context)) return "This RFQ has not been published yet.";
      return `This invitation was already opened; it is ${status}.`;
    case "DECLINE":
      if (status === "declined") return "You have already declined this RFQ.";
      if (status === "submitted" || context.quoteSubmitted)
        return "You have a submitted quote on this RFQ; withdraw it before declining.";
      return (
        answerWindowProblem(context, event.at, "declined") ??
        (!reasonGiven(event.reason)
          ? "Say why you are not quoting."
          : cannotWhile("invitation", ACTION.DECLINE, status))
      );
    case "SUBMIT":
      return answerWindowProblem(context, event.at, "answered") ?? cannotWhile("invitation", ACTION.SUBMIT, status);
    case "WITHDRAW":
      if (status !== "submitted") return "There is no submitted quote to withdraw.";
      if (context.rfqStatus === "open" && !beforeDeadline(context, event.at))
        return `Answers can no longer be withdrawn: the deadline passed at ${formatUtc(context.deadline)}.`;
      return answerWindowProblem(context, event.at, "withdrawn") ?? cannotWhile("invitation", ACTION.WITHDRAW, status);
  }
}

export const invitationWorkflow: Workflow<InvitationStatus, InvitationContext, InvitationEvent> = {
  name: "invitation",
  version: 1,
  machine: invitationMachine,
  statuses: INVITATION_STATUSES,
  explainRefusal: explainInvitationRefusal,
};
