import { describe, it, expect } from "vitest";
import { initialTransition } from "xstate";
import {
  RFQ_STATUSES,
  rfqMachine,
  rfqWorkflow,
  type RfqContext,
  type RfqEvent,
  type RfqStatus,
} from "../../../workflows/rfq.machine";
import { allowedEvents, step } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

const DEADLINE = "2026-11-23T10:00:00.000Z";
const BEFORE = "2026-11-20T09:00:00.000Z";
const AFTER = "2026-11-24T08:30:00.000Z";

const ready: RfqContext = { lineCount: 2, invitedCount: 3, answeredCount: 0, deadline: DEADLINE };
const ctx = (over: Partial<RfqContext> = {}): RfqContext => ({ ...ready, ...over });
const run = (status: RfqStatus, context: RfqContext, event: RfqEvent) => step(rfqWorkflow, status, context, event);

describe("rfq workflow", () => {
  it("describes itself", () => {
    expect(rfqWorkflow.name).toBe("rfq");
    expect(rfqWorkflow.version).toBe(2);
    expect(rfqWorkflow.machine).toBe(rfqMachine);
    expect(RFQ_STATUSES).toEqual(["draft", "open", "closed", "awarded", "cancelled"]);
    expect(rfqWorkflow.statuses).toBe(RFQ_STATUSES);
  });

  it("starts as a draft with the given context", () => {
    const [snapshot] = initialTransition(rfqMachine, ready);
    expect(snapshot.value).toBe("draft");
    expect(snapshot.context).toEqual(ready);
  });

  describe("PUBLISH", () => {
    it("opens a draft that has lines, invited suppliers and a future deadline", () => {
      const result = allowed(run("draft", ready, { type: "PUBLISH", at: BEFORE }));
      expect(result.status).toBe("open");
      expect(result.context).toEqual(ready);
    });

    it("refuses a draft without lines", () => {
      expect(refusal(run("draft", ctx({ lineCount: 0 }), { type: "PUBLISH", at: BEFORE }))).toBe(
        "Add at least one line before publishing the RFQ.",
      );
    });

    it("refuses a draft without invited suppliers", () => {
      expect(refusal(run("draft", ctx({ invitedCount: 0 }), { type: "PUBLISH", at: BEFORE }))).toBe(
        "Invite at least one supplier before publishing the RFQ.",
      );
    });

    it.each([
      ["at the deadline", DEADLINE],
      ["after the deadline", AFTER],
    ])("refuses publishing %s", (_label, at) => {
      expect(refusal(run("draft", ready, { type: "PUBLISH", at }))).toBe(
        "The quote deadline (2026-11-23 10:00 UTC) must be in the future; set a later deadline before publishing.",
      );
    });

    it.each(["", "soon"])("refuses a draft whose deadline is %j", (deadline) => {
      expect(refusal(run("draft", ctx({ deadline }), { type: "PUBLISH", at: BEFORE }))).toBe(
        "Set a quote deadline before publishing the RFQ.",
      );
    });

    it("names the first missing thing when several are missing", () => {
      expect(refusal(run("draft", ctx({ lineCount: 0, invitedCount: 0 }), { type: "PUBLISH", at: AFTER }))).toBe(
        "Add at least one line before publishing the RFQ.",
      );
    });

    it.each(["open", "closed", "awarded"] as const)("refuses an RFQ that is already %s", (status) => {
      expect(refusal(run(status, ready, { type: "PUBLISH", at: BEFORE }))).toBe("This RFQ has already been published.");
    });

    it("refuses a cancelled RFQ", () => {
      expect(refusal(run("cancelled", ready, { type: "PUBLISH", at: BEFORE }))).toBe(
        "Cannot publish while the RFQ is cancelled.",
      );
    });
  });

  describe("UPDATE_DRAFT", () => {
    it("keeps a draft a draft", () => {
      const result = allowed(run("draft", ready, { type: "UPDATE_DRAFT" }));
      expect(result.status).toBe("draft");
      expect(result.context).toEqual(ready);
    });

    it.each(["open", "closed", "awarded", "cancelled"] as const)("is refused once the RFQ is %s", (status) => {
      expect(refusal(run(status, ready, { type: "UPDATE_DRAFT" }))).toBe(
        `Only a draft RFQ can be edited; this one is ${status}.`,
      );
    });
  });

  describe("EXTEND_DEADLINE", () => {
    const later = "2026-11-30T17:00:00.000Z";

    it("moves the deadline of an open RFQ later", () => {
      const before = ctx();
      const result = allowed(run("open", before, { type: "EXTEND_DEADLINE", at: BEFORE, deadline: later }));
      expect(result.status).toBe("open");
      expect(result.context).toEqual({ ...ready, deadline: later });
      expect(before.deadline).toBe(DEADLINE);
    });

    it("refuses a deadline equal to the current one", () => {
      expect(refusal(run("open", ready, { type: "EXTEND_DEADLINE", at: BEFORE, deadline: DEADLINE }))).toBe(
        "The new deadline must be later than the current one (2026-11-23 10:00 UTC).",
      );
    });

    it("refuses an earlier deadline", () => {
      expect(
        refusal(run("open", ready, { type: "EXTEND_DEADLINE", at: BEFORE, deadline: "2026-11-22T10:00:00.000Z" })),
      ).toBe("The new deadline must be later than the current one (2026-11-23 10:00 UTC).");
    });

    it("refuses a new deadline that is already in the past", () => {
      const stillOpen = ctx({ deadline: "2026-12-05T00:00:00.000Z" });
      expect(
        refusal(
          run("open", stillOpen, {
            type: "EXTEND_DEADLINE",
            at: "2026-12-01T00:00:00.000Z",
            deadline: "2026-11-30T00:00:00.000Z",
          }),
        ),
      ).toBe("The new deadline must be later than the current one (2026-12-05 00:00 UTC).");
    });

    it.each([
      ["at the current deadline", DEADLINE],
      ["after the current deadline", AFTER],
    ])("is refused %s, even for a later deadline", (_label, at) => {
      expect(refusal(run("open", ready, { type: "EXTEND_DEADLINE", at, deadline: "2026-12-31T00:00:00.000Z" }))).toBe(
        "The deadline (2026-11-23 10:00 UTC) has already passed; the RFQ can no longer be extended.",
      );
    });

    it("refuses a new deadline that is not a date", () => {
      expect(refusal(run("open", ready, { type: "EXTEND_DEADLINE", at: BEFORE, deadline: "next Friday" }))).toBe(
        "The new deadline is not a valid date and time.",
      );
    });

    it.each(["closed", "awarded", "cancelled"] as const)("is refused once the RFQ is %s", (status) => {
      expect(refusal(run(status, ready, { type: "EXTEND_DEADLINE", at: BEFORE, deadline: later }))).toBe(
        `This RFQ is ${status}; its deadline can no longer be extended.`,
      );
    });

    it("is refused for a draft", () => {
      expect(refusal(run("draft", ready, { type: "EXTEND_DEADLINE", at: BEFORE, deadline: later }))).toBe(
        "This RFQ is still a draft; change its deadline by editing the draft.",
      );
    });
  });

  describe("CLOSE", () => {
    it.each([
      ["at the deadline", DEADLINE],
      ["after the deadline", AFTER],
    ])("closes an open RFQ %s", (_label, at) => {
      const result = allowed(run("open", ready, { type: "CLOSE", at }));
      expect(result.status).toBe("closed");
      expect(result.context).toEqual(ready);
    });

    it("closes early once every invited supplier has answered", () => {
      const everyone = ctx({ answeredCount: 3 });
      const result = allowed(run("open", everyone, { type: "CLOSE", at: BEFORE }));
      expect(result.status).toBe("closed");
      expect(result.context).toEqual(everyone);
    });

    it("refuses to close early while some invited suppliers have not answered", () => {
      expect(refusal(run("open", ctx({ answeredCount: 2 }), { type: "CLOSE", at: BEFORE }))).toBe(
        "The RFQ can be closed early only once every invited supplier has answered (2 of 3 so far); " +
          "otherwise it closes at the deadline, 2026-11-23 10:00 UTC.",
      );
    });

    it("does not count an RFQ with no invited suppliers as fully answered", () => {
      expect(refusal(run("open", ctx({ invitedCount: 0, answeredCount: 0 }), { type: "CLOSE", at: BEFORE }))).toMatch(
        /^The RFQ can be closed early only once every invited supplier has answered/,
      );
    });

    it("refuses a draft", () => {
      expect(refusal(run("draft", ready, { type: "CLOSE", at: AFTER }))).toBe(
        "This RFQ has not been published yet; cancel it instead of closing it.",
      );
    });

    it("refuses an RFQ that is already closed", () => {
      expect(refusal(run("closed", ready, { type: "CLOSE", at: AFTER }))).toBe("This RFQ is already closed.");
    });

    it.each(["awarded", "cancelled"] as const)("refuses an RFQ that is %s", (status) => {
      expect(refusal(run(status, ready, { type: "CLOSE", at: AFTER }))).toBe(
        `Cannot close while the RFQ is ${status}.`,
      );
    });
  });

  describe("DEADLINE_REACHED", () => {
    it.each([DEADLINE, AFTER])("closes an open RFQ at %s", (at) => {
      const result = allowed(run("open", ready, { type: "DEADLINE_REACHED", at }));
      expect(result.status).toBe("closed");
      expect(result.context).toEqual(ready);
    });

    it("is refused before the deadline, even when everyone has answered", () => {
      expect(refusal(run("open", ctx({ answeredCount: 3 }), { type: "DEADLINE_REACHED", at: BEFORE }))).toBe(
        "The deadline has not been reached yet; it is 2026-11-23 10:00 UTC.",
      );
    });

    it("compares instants, not strings", () => {
      // 11:30 in UTC+02:00 is 09:30 UTC: still before a 10:00 UTC deadline.
      expect(refusal(run("open", ready, { type: "DEADLINE_REACHED", at: "2026-11-23T11:30:00+02:00" }))).toBe(
        "The deadline has not been reached yet; it is 2026-11-23 10:00 UTC.",
      );
      expect(allowed(run("open", ready, { type: "DEADLINE_REACHED", at: "2026-11-23T12:30:00+02:00" })).status).toBe(
        "closed",
      );
    });

    it("refuses an RFQ that is already closed", () => {
      expect(refusal(run("closed", ready, { type: "DEADLINE_REACHED", at: AFTER }))).toBe(
        "This RFQ is already closed.",
      );
    });

    it.each([
      ["draft", "a draft"],
      ["awarded", "awarded"],
      ["cancelled", "cancelled"],
    ] as const)("refuses an RFQ that is %s", (status, phrase) => {
      expect(refusal(run(status, ready, { type: "DEADLINE_REACHED", at: AFTER }))).toBe(
        `Cannot close at the deadline while the RFQ is ${phrase}.`,
      );
    });
  });

  describe("AWARD", () => {
    it("awards a closed RFQ", () => {
      const result = allowed(run("closed", ready, { type: "AWARD", at: AFTER }));
      expect(result.status).toBe("awarded");
      expect(result.context).toEqual(ready);
    });

    it.each(["draft", "open"] as const)("refuses an RFQ that is %s", (status) => {
      expect(refusal(run(status, ready, { type: "AWARD", at: AFTER }))).toBe(
        "The RFQ must be closed before it can be awarded.",
      );
    });

    it("refuses an RFQ that is already awarded", () => {
      expect(refusal(run("awarded", ready, { type: "AWARD", at: AFTER }))).toBe("This RFQ has already been awarded.");
    });

    it("refuses a cancelled RFQ", () => {
      expect(refusal(run("cancelled", ready, { type: "AWARD", at: AFTER }))).toBe(
        "Cannot award while the RFQ is cancelled.",
      );
    });
  });

  describe("CANCEL", () => {
    it.each(["draft", "open", "closed"] as const)("cancels an RFQ that is %s, given a reason", (status) => {
      const result = allowed(run(status, ready, { type: "CANCEL", at: BEFORE, reason: "Budget withdrawn" }));
      expect(result.status).toBe("cancelled");
      expect(result.context).toEqual(ready);
    });

    it.each(["draft", "open", "closed"] as const)("refuses to cancel an RFQ that is %s without a reason", (status) => {
      expect(refusal(run(status, ready, { type: "CANCEL", at: BEFORE, reason: "  \n " }))).toBe(
        "Give a reason for cancelling the RFQ.",
      );
    });

    it("refuses an awarded RFQ", () => {
      expect(refusal(run("awarded", ready, { type: "CANCEL", at: AFTER, reason: "Changed our mind" }))).toBe(
        "This RFQ has already been awarded and can no longer be cancelled.",
      );
    });

    it("refuses an RFQ that is already cancelled", () => {
      expect(refusal(run("cancelled", ready, { type: "CANCEL", at: AFTER, reason: "Again" }))).toBe(
        "This RFQ is already cancelled.",
      );
    });
  });

  describe("allowedEvents", () => {
    const candidates = (at: string): RfqEvent[] => [
      { type: "PUBLISH", at },
      { type: "UPDATE_DRAFT" },
      { type: "EXTEND_DEADLINE", at, deadline: "2026-12-31T00:00:00.000Z" },
      { type: "CLOSE", at },
      { type: "DEADLINE_REACHED", at },
      { type: "AWARD", at },
      { type: "CANCEL", at, reason: "No longer needed" },
    ];

    it.each([
      ["draft", BEFORE, ready, ["PUBLISH", "UPDATE_DRAFT", "CANCEL"]],
      ["draft", BEFORE, ctx({ lineCount: 0 }), ["UPDATE_DRAFT", "CANCEL"]],
      ["open", BEFORE, ready, ["EXTEND_DEADLINE", "CANCEL"]],
      ["open", BEFORE, ctx({ answeredCount: 3 }), ["EXTEND_DEADLINE", "CLOSE", "CANCEL"]],
      ["open", AFTER, ready, ["CLOSE", "DEADLINE_REACHED", "CANCEL"]],
      ["closed", AFTER, ready, ["AWARD", "CANCEL"]],
      ["awarded", AFTER, ready, []],
      ["cancelled", AFTER, ready, []],
    ] as const)("offers the right events for %s at %s", (status, at, context, expected) => {
      expect(allowedEvents(rfqWorkflow, status, context, candidates(at))).toEqual(expected);
    });
  });
});
