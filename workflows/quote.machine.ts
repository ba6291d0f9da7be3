/**
 * Quote lifecycle (one quote per supplier per RFQ):
 * draft -> submitted (revisable) -> withdrawn -> submitted again, all while
 * the RFQ is open and before its deadline; once the RFQ is closed a
 * submitted quote is awarded, partially awarded or not awarded.
 *
 * Which of the three is decided by the award's line allocation: the
 * decision events carry how many of the lines the quote prices went to it,
 * and each is refused when it does not match (a quote cannot be "awarded"
 * while one of its lines went elsewhere).
 *
 * The context carries the RFQ's status and deadline as the runner read them
 * in the same transaction, so the guards stay pure.
 */
import { and, assertEvent, assign, setup } from "xstate";
import { cannotWhile, formatUtc, isBefore, statusPhrase } from "./shared";
import type { RfqStatus } from "./rfq.machine";
import type { Workflow } from "./workflow";

export const QUOTE_STATUSES = [
  "draft",
  "submitted",
  "withdrawn",
  "awarded",
  "partially_awarded",
  "not_awarded",
] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export interface QuoteContext {
  rfqStatus: RfqStatus;
  /** The RFQ's quote deadline, ISO 8601. */
  deadline: string;
  /** How many times the quote has been submitted; the n-th submission is revision n. */
  revisionCount: number;
}

export type QuoteEvent =
  | { type: "SAVE_DRAFT"; at: string }
  | { type: "SUBMIT"; at: string }
  | { type: "WITHDRAW"; at: string }
  | ({ type: "AWARD" } & LineAllocation)
  | ({ type: "AWARD_PARTIALLY" } & LineAllocation)
  | ({ type: "NOT_AWARD" } & LineAllocation);

/** How an award's lines fall on one quote. */
export interface LineAllocation {
  /** Lines the quote prices (no-bid lines excluded). */
  quotedLines: number;
  /** Of those, the lines awarded to this quote. */
  awardedLines: number;
}

/** Verb phrases for the generic refusal. */
const ACTION: Record<QuoteEvent["type"], string> = {
  SAVE_DRAFT: "save the draft",
  SUBMIT: "submit",
  WITHDRAW: "withdraw",
  AWARD: "award",
  AWARD_PARTIALLY: "partially award",
  NOT_AWARD: "mark as not awarded",
};

const rfqOpen = (c: QuoteContext) => c.rfqStatus === "open";
const beforeDeadline = (c: QuoteContext, at: string) => isBefore(at, c.deadline);
const rfqClosed = (c: QuoteContext) => c.rfqStatus === "closed";

const countsMakeSense = (e: LineAllocation) =>
  Number.isInteger(e.quotedLines) &&
  Number.isInteger(e.awardedLines) &&
  e.awardedLines >= 0 &&
  e.awardedLines <= e.quotedLines;
const allLinesAwarded = (e: LineAllocation) =>
  countsMakeSense(e) && e.quotedLines > 0 && e.awardedLines === e.quotedLines;
const someLinesAwarded = (e: LineAllocation) =>
  countsMakeSense(e) && e.awardedLines > 0 && e.awardedLines < e.quotedLines;
const noLineAwarded = (e: LineAllocation) => countsMakeSense(e) && e.awardedLines === 0;

/** Why the allocation does not fit the decision, or null when it does. */
function allocationProblem(event: { type: "AWARD" | "AWARD_PARTIALLY" | "NOT_AWARD" } & LineAllocation): string | null {
  if (!countsMakeSense(event)) return "A quote cannot be awarded more lines than it prices.";
  const lines = (n: number) => (n === 1 ? "1 line" : `${n} lines`);
  switch (event.type) {
    case "AWARD":
      if (allLinesAwarded(event)) return null;
      if (event.awardedLines === 0) return "No line is awarded to this quote, so it cannot be awarded.";
      return `Only ${lines(event.awardedLines)} of the ${event.quotedLines} this quote prices went to it; that is a partial award.`;
    case "AWARD_PARTIALLY":
      if (someLinesAwarded(event)) return null;
      if (event.awardedLines === 0) return "No line is awarded to this quote, so it cannot be partially awarded.";
      return "Every line this quote prices went to it; that is a full award, not a partial one.";
    case "NOT_AWARD":
      if (noLineAwarded(event)) return null;
      return `${lines(event.awardedLines)} of this quote ${event.awardedLines === 1 ? "is" : "are"} awarded, so it cannot be marked as not awarded.`;
  }
}

/** Why quotes cannot be changed now, or null while the RFQ is open and its deadline ahead. */
function biddingWindowProblem(c: QuoteContext, at: string, verb: "saved" | "submitted" | "withdrawn"): string | null {
  switch (c.rfqStatus) {
    case "draft":
      return `Quotes cannot be ${verb} yet: the RFQ has not been published.`;
    case "closed":
      return `Quotes can no longer be ${verb}: the RFQ is closed.`;
    case "awarded":
      return `Quotes can no longer be ${verb}: the RFQ has been awarded.`;
    case "cancelled":
      return `Quotes can no longer be ${verb}: the RFQ was cancelled.`;
    case "open":
      if (!beforeDeadline(c, at))
        return `Quotes can no longer be ${verb}: the deadline passed at ${formatUtc(c.deadline)}.`;
      return null;
  }
}

const DECIDED: Partial<Record<QuoteStatus, string>> = {
  awarded: "was awarded",
  partially_awarded: "was partially awarded",
  not_awarded: "was not awarded",
};

const DECISION_VERB: Record<"AWARD" | "AWARD_PARTIALLY" | "NOT_AWARD", string> = {
  AWARD: "awarded",
  AWARD_PARTIALLY: "partially awarded",
  NOT_AWARD: "marked as not awarded",
};

export const quoteMachine = setup({
  types: {} as { context: QuoteContext; events: QuoteEvent; input: QuoteContext },
  guards: {
    rfqOpen: ({ context }) => rfqOpen(context),
    beforeDeadline: ({ context, event }) => {
      assertEvent(event, ["SAVE_DRAFT", "SUBMIT", "WITHDRAW"]);
      return beforeDeadline(context, event.at);
    },
    rfqClosed: ({ context }) => rfqClosed(context),
    allLinesAwarded: ({ event }) => {
      assertEvent(event, "AWARD");
      return allLinesAwarded(event);
    },
    someLinesAwarded: ({ event }) => {
      assertEvent(event, "AWARD_PARTIALLY");
      return someLinesAwarded(event);
    },
    noLineAwarded: ({ event }) => {
      assertEvent(event, "NOT_AWARD");
      return noLineAwarded(event);
    },
  },
  actions: {
    countRevision: assign({ revisionCount: ({ context }) => context.revisionCount + 1 }),
  },
}).createMachine({
  id: "quote",
  initial: "draft",
  context: ({ input }) => input,
  states: {
    draft: {
      on: {
        SAVE_DRAFT: { target: "draft", guard: and(["rfqOpen", "beforeDeadline"]) },
        SUBMIT: { target: "submitted", guard: and(["rfqOpen", "beforeDeadline"]), actions: "countRevision" },
      },
    },
    submitted: {
      on: {
        SUBMIT: { target: "submitted", guard: and(["rfqOpen", "beforeDeadline"]), actions: "countRevision" },
        WITHDRAW: { target: "withdrawn", guard: and(["rfqOpen", "beforeDeadline"]) },
        AWARD: { target: "awarded", guard: and(["rfqClosed", "allLinesAwarded"]) },
        AWARD_PARTIALLY: { target: "partially_awarded", guard: and(["rfqClosed", "someLinesAwarded"]) },
        NOT_AWARD: { target: "not_awarded", guard: and(["rfqClosed", "noLineAwarded"]) },
      },
    },
    withdrawn: {
      on: {
        SUBMIT: { target: "submitted", guard: and(["rfqOpen", "beforeDeadline"]), actions: "countRevision" },
      },
    },
    awarded: { type: "final" },
    partially_awarded: { type: "final" },
    not_awarded: { type: "final" },
  },
});

function explainQuoteRefusal(status: QuoteStatus, context: QuoteContext, event: QuoteEvent): string {
  const decided = DECIDED[status];
  switch (event.type) {
    case "SAVE_DRAFT":
      if (decided) return `This quote ${decided} and can no longer be changed.`;
      if (status !== "draft") return `This quote has been ${status}; only a draft can be saved as a draft.`;
      return biddingWindowProblem(context, event.at, "saved") ?? cannotWhile("quote", ACTION[event.type], status);
    case "SUBMIT":
      if (decided) return `This quote ${decided} and can no longer be changed.`;
      return biddingWindowProblem(context, event.at, "submitted") ?? cannotWhile("quote", ACTION[event.type], status);
    case "WITHDRAW":
      if (decided) return `This quote ${decided} and can no longer be withdrawn.`;
      if (status === "draft") return "This quote has not been submitted, so there is nothing to withdraw.";
      if (status === "withdrawn") return "This quote has already been withdrawn.";
      return biddingWindowProblem(context, event.at, "withdrawn") ?? cannotWhile("quote", ACTION[event.type], status);
    case "AWARD":
    case "AWARD_PARTIALLY":
    case "NOT_AWARD": {
      const verb = DECISION_VERB[event.type];
      if (decided) return `A decision has already been made on this quote: it ${decided}.`;
      if (status === "draft") return `This quote was never submitted, so it cannot be ${verb}.`;
      if (status === "withdrawn") return `This quote was withdrawn, so it cannot be ${verb}.`;
      if (context.rfqStatus === "draft" || context.rfqStatus === "open") {
        return `The RFQ is still ${statusPhrase(context.rfqStatus)}; quotes can be ${verb} only after it has closed.`;
      }
      if (context.rfqStatus === "cancelled") return `The RFQ was cancelled, so no quote can be ${verb}.`;
      if (context.rfqStatus === "awarded")
        return `The RFQ has already been awarded, so quotes can no longer be ${verb}.`;
      if (status === "submitted") return allocationProblem(event) ?? cannotWhile("quote", ACTION[event.type], status);
      break;
    }
  }
  return cannotWhile("quote", ACTION[event.type], status);
}

export const quoteWorkflow: Workflow<QuoteStatus, QuoteContext, QuoteEvent> = {
  name: "quote",
  // 2: the award decisions check the line allocation they carry.
  version: 2,
  machine: quoteMachine,
  statuses: QUOTE_STATUSES,
  explainRefusal: explainQuoteRefusal,
};
