import { describe, it, expect } from "vitest";
import { initialTransition } from "xstate";
import {
  QUOTE_STATUSES,
  quoteMachine,
  quoteWorkflow,
  type QuoteContext,
  type QuoteEvent,
  type QuoteStatus,
} from "../../../workflows/quote.machine";
import { allowedEvents, step } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

const DEADLINE = "2026-11-23T10:00:00.000Z";
const BEFORE = "2026-11-20T09:00:00.000Z";
const AFTER = "2026-11-23T10:00:01.000Z";

const open: QuoteContext = { rfqStatus: "open", deadline: DEADLINE, revisionCount: 0 };
const ctx = (over: Partial<QuoteContext> = {}): QuoteContext => ({ ...open, ...over });
const run = (status: QuoteStatus, context: QuoteContext, event: QuoteEvent) =>
  step(quoteWorkflow, status, context, event);

const DECIDED = [
  ["awarded", "was awarded"],
  ["partially_awarded", "was partially awarded"],
  ["not_awarded", "was not awarded"],
] as const;

/** The RFQ states in which the bidding window is shut, and how each is explained. */
const SHUT = (verb: string) =>
  [
    ["draft", `Quotes cannot be ${verb} yet: the RFQ has not been published.`],
    ["closed", `Quotes can no longer be ${verb}: the RFQ is closed.`],
    ["awarded", `Quotes can no longer be ${verb}: the RFQ has been awarded.`],
    ["cancelled", `Quotes can no longer be ${verb}: the RFQ was cancelled.`],
  ] as const;

describe("quote workflow", () => {
  it("describes itself", () => {
    expect(quoteWorkflow.name).toBe("quote");
    expect(quoteWorkflow.version).toBe(2);
    expect(quoteWorkflow.machine).toBe(quoteMachine);
    expect(QUOTE_STATUSES).toEqual(["draft", "submitted", "withdrawn", "awarded", "partially_awarded", "not_awarded"]);
    expect(quoteWorkflow.statuses).toBe(QUOTE_STATUSES);
  });

  it("starts as a draft with the given context", () => {
    const [snapshot] = initialTransition(quoteMachine, open);
    expect(snapshot.value).toBe("draft");
    expect(snapshot.context).toEqual(open);
  });

  describe("SAVE_DRAFT", () => {
    it("keeps a draft a draft while the RFQ is open", () => {
      const result = allowed(run("draft", open, { type: "SAVE_DRAFT", at: BEFORE }));
      expect(result.status).toBe("draft");
      expect(result.context).toEqual(open);
    });

    it.each([DEADLINE, AFTER])("is refused at or after the deadline (%s)", (at) => {
      expect(refusal(run("draft", open, { type: "SAVE_DRAFT", at }))).toBe(
        "Quotes can no longer be saved: the deadline passed at 2026-11-23 10:00 UTC.",
      );
    });

    it.each(SHUT("saved"))("is refused while the RFQ is %s", (rfqStatus, message) => {
      expect(refusal(run("draft", ctx({ rfqStatus }), { type: "SAVE_DRAFT", at: BEFORE }))).toBe(message);
    });

    it.each(["submitted", "withdrawn"] as const)("is refused for a quote that has been %s", (status) => {
      expect(refusal(run(status, open, { type: "SAVE_DRAFT", at: BEFORE }))).toBe(
        `This quote has been ${status}; only a draft can be saved as a draft.`,
      );
    });

    it.each(DECIDED)("is refused for a quote that is %s", (status, phrase) => {
      expect(refusal(run(status, open, { type: "SAVE_DRAFT", at: BEFORE }))).toBe(
        `This quote ${phrase} and can no longer be changed.`,
      );
    });
  });

  describe("SUBMIT", () => {
    it("submits a draft as revision 1", () => {
      const result = allowed(run("draft", open, { type: "SUBMIT", at: BEFORE }));
      expect(result.status).toBe("submitted");
      expect(result.context).toEqual({ ...open, revisionCount: 1 });
    });

    it("revises a submitted quote, counting the revision", () => {
      const before = ctx({ revisionCount: 2 });
      const result = allowed(run("submitted", before, { type: "SUBMIT", at: BEFORE }));
      expect(result.status).toBe("submitted");
      expect(result.context).toEqual({ ...open, revisionCount: 3 });
      expect(before.revisionCount).toBe(2);
    });

    it("resubmits a withdrawn quote, counting the revision", () => {
      const result = allowed(run("withdrawn", ctx({ revisionCount: 1 }), { type: "SUBMIT", at: BEFORE }));
      expect(result.status).toBe("submitted");
      expect(result.context.revisionCount).toBe(2);
    });

    it.each(["draft", "submitted", "withdrawn"] as const)(
      "is refused for a %s quote once the deadline passed",
      (status) => {
        expect(refusal(run(status, open, { type: "SUBMIT", at: DEADLINE }))).toBe(
          "Quotes can no longer be submitted: the deadline passed at 2026-11-23 10:00 UTC.",
        );
      },
    );

    it("compares instants, not strings", () => {
      // 11:30 at UTC+02:00 is 09:30 UTC, before the deadline; 12:30 is after.
      expect(allowed(run("draft", open, { type: "SUBMIT", at: "2026-11-23T11:30:00+02:00" })).status).toBe("submitted");
      expect(refusal(run("draft", open, { type: "SUBMIT", at: "2026-11-23T12:30:00+02:00" }))).toBe(
        "Quotes can no longer be submitted: the deadline passed at 2026-11-23 10:00 UTC.",
      );
    });

    it("fails closed when the time of the attempt is not a date", () => {
      expect(refusal(run("draft", open, { type: "SUBMIT", at: "" }))).toMatch(/^Quotes can no longer be submitted/);
    });

    it.each(SHUT("submitted"))("is refused while the RFQ is %s", (rfqStatus, message) => {
      expect(refusal(run("draft", ctx({ rfqStatus }), { type: "SUBMIT", at: BEFORE }))).toBe(message);
      expect(refusal(run("submitted", ctx({ rfqStatus }), { type: "SUBMIT", at: BEFORE }))).toBe(message);
    });

    it.each(DECIDED)("is refused for a quote that %s", (status, phrase) => {
      expect(refusal(run(status, open, { type: "SUBMIT", at: BEFORE }))).toBe(
        `This quote ${phrase} and can no longer be changed.`,
      );
    });
  });

  describe("WITHDRAW", () => {
    it("withdraws a submitted quote while the RFQ is open", () => {
      const before = ctx({ revisionCount: 2 });
      const result = allowed(run("submitted", before, { type: "WITHDRAW", at: BEFORE }));
      expect(result.status).toBe("withdrawn");
      expect(result.context).toEqual(before);
    });

    it("is refused after the deadline", () => {
      expect(refusal(run("submitted", open, { type: "WITHDRAW", at: AFTER }))).toBe(
        "Quotes can no longer be withdrawn: the deadline passed at 2026-11-23 10:00 UTC.",
      );
    });

    it.each(SHUT("withdrawn").filter(([rfqStatus]) => rfqStatus !== "draft"))(
      "is refused while the RFQ is %s",
      (rfqStatus, message) => {
        expect(refusal(run("submitted", ctx({ rfqStatus }), { type: "WITHDRAW", at: BEFORE }))).toBe(message);
      },
    );

    it("is refused for a draft", () => {
      expect(refusal(run("draft", open, { type: "WITHDRAW", at: BEFORE }))).toBe(
        "This quote has not been submitted, so there is nothing to withdraw.",
      );
    });

    it("is refused for a quote already withdrawn", () => {
      expect(refusal(run("withdrawn", open, { type: "WITHDRAW", at: BEFORE }))).toBe(
        "This quote has already been withdrawn.",
      );
    });

    it.each(DECIDED)("is refused for a quote that is %s", (status, phrase) => {
      expect(refusal(run(status, open, { type: "WITHDRAW", at: BEFORE }))).toBe(
        `This quote ${phrase} and can no longer be withdrawn.`,
      );
    });
  });

  describe.each([
    ["AWARD", "awarded", "awarded", { quotedLines: 3, awardedLines: 3 }],
    ["AWARD_PARTIALLY", "partially_awarded", "partially awarded", { quotedLines: 3, awardedLines: 1 }],
    ["NOT_AWARD", "not_awarded", "marked as not awarded", { quotedLines: 3, awardedLines: 0 }],
  ] as const)("%s", (type, target, verb, allocation) => {
    const closed = ctx({ rfqStatus: "closed", revisionCount: 2 });

    it(`moves a submitted quote to ${target} once the RFQ is closed`, () => {
      const result = allowed(run("submitted", closed, { type, ...allocation }));
      expect(result.status).toBe(target);
      expect(result.context).toEqual(closed);
    });

    it.each([
      ["draft", "a draft"],
      ["open", "open"],
    ] as const)("is refused while the RFQ is %s", (rfqStatus, phrase) => {
      expect(refusal(run("submitted", ctx({ rfqStatus }), { type, ...allocation }))).toBe(
        `The RFQ is still ${phrase}; quotes can be ${verb} only after it has closed.`,
      );
    });

    it("is refused when the RFQ was cancelled", () => {
      expect(refusal(run("submitted", ctx({ rfqStatus: "cancelled" }), { type, ...allocation }))).toBe(
        `The RFQ was cancelled, so no quote can be ${verb}.`,
      );
    });

    it("is refused when the RFQ has already been awarded", () => {
      expect(refusal(run("submitted", ctx({ rfqStatus: "awarded" }), { type, ...allocation }))).toBe(
        `The RFQ has already been awarded, so quotes can no longer be ${verb}.`,
      );
    });

    it("is refused for a draft quote", () => {
      expect(refusal(run("draft", closed, { type, ...allocation }))).toBe(
        `This quote was never submitted, so it cannot be ${verb}.`,
      );
    });

    it("is refused for a withdrawn quote", () => {
      expect(refusal(run("withdrawn", closed, { type, ...allocation }))).toBe(
        `This quote was withdrawn, so it cannot be ${verb}.`,
      );
    });

    it.each(DECIDED)("is refused for a quote that is already %s", (status, phrase) => {
      expect(refusal(run(status, closed, { type, ...allocation }))).toBe(
        `A decision has already been made on this quote: it ${phrase}.`,
      );
    });
  });

  describe("the decision must match the award's line allocation", () => {
    const closed = ctx({ rfqStatus: "closed" });

    it.each([
      [1, 3, "partially_awarded"],
      [2, 3, "partially_awarded"],
      [3, 3, "awarded"],
      [1, 1, "awarded"],
      [0, 3, "not_awarded"],
      [0, 0, "not_awarded"],
    ] as const)("%i of %i lines: only the event leading to %s is allowed", (awardedLines, quotedLines, target) => {
      const allocation = { quotedLines, awardedLines };
      const outcomes = (["AWARD", "AWARD_PARTIALLY", "NOT_AWARD"] as const).map((type) => {
        const result = run("submitted", closed, { type, ...allocation });
        return result.ok ? result.status : null;
      });
      expect(outcomes.filter((o) => o !== null)).toEqual([target]);
    });

    it("refuses AWARD when a line of the quote went elsewhere, saying it is partial", () => {
      expect(refusal(run("submitted", closed, { type: "AWARD", quotedLines: 3, awardedLines: 2 }))).toBe(
        "Only 2 lines of the 3 this quote prices went to it; that is a partial award.",
      );
      expect(refusal(run("submitted", closed, { type: "AWARD", quotedLines: 3, awardedLines: 0 }))).toBe(
        "No line is awarded to this quote, so it cannot be awarded.",
      );
    });

    it("refuses AWARD for a quote that prices no line at all", () => {
      expect(refusal(run("submitted", closed, { type: "AWARD", quotedLines: 0, awardedLines: 0 }))).toBe(
        "No line is awarded to this quote, so it cannot be awarded.",
      );
    });

    it("refuses AWARD_PARTIALLY for none or all of the lines", () => {
      expect(refusal(run("submitted", closed, { type: "AWARD_PARTIALLY", quotedLines: 2, awardedLines: 0 }))).toBe(
        "No line is awarded to this quote, so it cannot be partially awarded.",
      );
      expect(refusal(run("submitted", closed, { type: "AWARD_PARTIALLY", quotedLines: 2, awardedLines: 2 }))).toBe(
        "Every line this quote prices went to it; that is a full award, not a partial one.",
      );
    });

    it("refuses NOT_AWARD while lines went to the quote", () => {
      expect(refusal(run("submitted", closed, { type: "NOT_AWARD", quotedLines: 2, awardedLines: 1 }))).toBe(
        "1 line of this quote is awarded, so it cannot be marked as not awarded.",
      );
      expect(refusal(run("submitted", closed, { type: "NOT_AWARD", quotedLines: 2, awardedLines: 2 }))).toBe(
        "2 lines of this quote are awarded, so it cannot be marked as not awarded.",
      );
    });

    it.each([
      ["AWARD", { quotedLines: 2, awardedLines: 3 }],
      ["AWARD_PARTIALLY", { quotedLines: 2, awardedLines: -1 }],
      ["NOT_AWARD", { quotedLines: 1.5, awardedLines: 0 }],
    ] as const)("refuses %s with counts that cannot be (%o)", (type, allocation) => {
      expect(refusal(run("submitted", closed, { type, ...allocation }))).toBe(
        "A quote cannot be awarded more lines than it prices.",
      );
    });

    it("still explains the RFQ's state before the allocation", () => {
      expect(
        refusal(run("submitted", ctx({ rfqStatus: "open" }), { type: "AWARD", quotedLines: 2, awardedLines: 1 })),
      ).toBe("The RFQ is still open; quotes can be awarded only after it has closed.");
    });
  });

  describe("allowedEvents", () => {
    // Every decision is offered with each allocation; only the one that fits can pass.
    const decisions = [
      { quotedLines: 2, awardedLines: 2 },
      { quotedLines: 2, awardedLines: 1 },
      { quotedLines: 2, awardedLines: 0 },
    ].flatMap((allocation): QuoteEvent[] => [
      { type: "AWARD", ...allocation },
      { type: "AWARD_PARTIALLY", ...allocation },
      { type: "NOT_AWARD", ...allocation },
    ]);
    const candidates = (at: string): QuoteEvent[] => [
      { type: "SAVE_DRAFT", at },
      { type: "SUBMIT", at },
      { type: "WITHDRAW", at },
      ...decisions,
    ];

    it.each([
      ["draft", open, BEFORE, ["SAVE_DRAFT", "SUBMIT"]],
      ["draft", open, AFTER, []],
      ["submitted", open, BEFORE, ["SUBMIT", "WITHDRAW"]],
      ["submitted", ctx({ rfqStatus: "closed" }), AFTER, ["AWARD", "AWARD_PARTIALLY", "NOT_AWARD"]],
      ["withdrawn", open, BEFORE, ["SUBMIT"]],
      ["withdrawn", ctx({ rfqStatus: "closed" }), AFTER, []],
      ["awarded", ctx({ rfqStatus: "closed" }), AFTER, []],
      ["partially_awarded", ctx({ rfqStatus: "closed" }), AFTER, []],
      ["not_awarded", ctx({ rfqStatus: "closed" }), AFTER, []],
    ] as const)("offers the right events for a %s quote (%o at %s)", (status, context, at, expected) => {
      expect(allowedEvents(quoteWorkflow, status, context, candidates(at))).toEqual(expected);
    });
  });
});
