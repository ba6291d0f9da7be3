import { describe, expect, it } from "vitest";
import { initialTransition } from "xstate";

import {
  INVITATION_STATUSES,
  invitationMachine,
  invitationWorkflow,
  type InvitationContext,
  type InvitationEvent,
  type InvitationStatus,
} from "../../../workflows/invitation.machine";
import { allowedEvents, step } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

const DEADLINE = "2026-11-23T10:00:00.000Z";
const BEFORE = "2026-11-20T09:00:00.000Z";
const AFTER = "2026-11-23T10:00:01.000Z";

const open: InvitationContext = { rfqStatus: "open", deadline: DEADLINE, quoteSubmitted: false };
const ctx = (over: Partial<InvitationContext> = {}): InvitationContext => ({ ...open, ...over });
const run = (status: InvitationStatus, context: InvitationContext, event: InvitationEvent) =>
  step(invitationWorkflow, status, context, event);

const NOT_OPEN = ["closed", "awarded", "cancelled"] as const;

describe("invitation workflow", () => {
  it("describes itself", () => {
    expect(invitationWorkflow.name).toBe("invitation");
    expect(invitationWorkflow.version).toBe(1);
    expect(invitationWorkflow.machine).toBe(invitationMachine);
    expect(INVITATION_STATUSES).toEqual(["invited", "viewed", "declined", "submitted"]);
  });

  it("starts as invited", () => {
    const [snapshot] = initialTransition(invitationMachine, open);
    expect(snapshot.value).toBe("invited");
  });

  describe("VIEW", () => {
    it("moves invited to viewed once the RFQ is published", () => {
      expect(allowed(run("invited", open, { type: "VIEW", at: BEFORE })).status).toBe("viewed");
      // Opening a closed RFQ still counts as having seen it.
      expect(allowed(run("invited", ctx({ rfqStatus: "closed" }), { type: "VIEW", at: AFTER })).status).toBe("viewed");
    });

    it("is refused on a draft RFQ", () => {
      expect(refusal(run("invited", ctx({ rfqStatus: "draft" }), { type: "VIEW", at: BEFORE }))).toBe(
        "This RFQ has not been published yet.",
      );
    });

    it.each(["viewed", "declined", "submitted"] as const)("is refused once %s", (status) => {
      expect(refusal(run(status, open, { type: "VIEW", at: BEFORE }))).toBe(
        `This invitation was already opened; it is ${status}.`,
      );
    });
  });

  describe("DECLINE", () => {
    const decline = (at = BEFORE, reason = "No capacity"): InvitationEvent => ({ type: "DECLINE", at, reason });

    it.each(["invited", "viewed"] as const)("declines from %s with a reason before the deadline", (status) => {
      expect(allowed(run(status, open, decline())).status).toBe("declined");
    });

    it("needs a reason", () => {
      expect(refusal(run("viewed", open, decline(BEFORE, "  ")))).toBe("Say why you are not quoting.");
    });

    it.each([DEADLINE, AFTER])("is refused at or after the deadline (%s)", (at) => {
      expect(refusal(run("viewed", open, decline(at)))).toBe(
        "This RFQ is no longer open for answers, so it cannot be declined.",
      );
    });

    it.each(NOT_OPEN)("is refused while the RFQ is %s", (rfqStatus) => {
      expect(refusal(run("viewed", ctx({ rfqStatus }), decline()))).toBe(
        "This RFQ is no longer open for answers, so it cannot be declined.",
      );
    });

    it("is refused while a submitted quote stands, naming the way out", () => {
      const message = "You have a submitted quote on this RFQ; withdraw it before declining.";
      expect(refusal(run("submitted", ctx({ quoteSubmitted: true }), decline()))).toBe(message);
      expect(refusal(run("viewed", ctx({ quoteSubmitted: true }), decline()))).toBe(message);
    });

    it("is refused twice", () => {
      expect(refusal(run("declined", open, decline()))).toBe("You have already declined this RFQ.");
    });
  });

  describe("SUBMIT", () => {
    it.each(["invited", "viewed", "declined", "submitted"] as const)("answers from %s while open", (status) => {
      expect(allowed(run(status, open, { type: "SUBMIT", at: BEFORE })).status).toBe("submitted");
    });

    it("is refused after the deadline and once the RFQ is no longer open", () => {
      expect(refusal(run("viewed", open, { type: "SUBMIT", at: AFTER }))).toBe(
        "This RFQ is no longer open for answers, so it cannot be answered.",
      );
      expect(refusal(run("viewed", ctx({ rfqStatus: "closed" }), { type: "SUBMIT", at: BEFORE }))).toBe(
        "This RFQ is no longer open for answers, so it cannot be answered.",
      );
      expect(refusal(run("invited", ctx({ rfqStatus: "draft" }), { type: "SUBMIT", at: BEFORE }))).toBe(
        "This RFQ has not been published, so it cannot be answered.",
      );
    });
  });

  describe("WITHDRAW", () => {
    it("makes a submitted answer unanswered again", () => {
      expect(allowed(run("submitted", open, { type: "WITHDRAW", at: BEFORE })).status).toBe("viewed");
    });

    it.each(["invited", "viewed", "declined"] as const)("has nothing to withdraw while %s", (status) => {
      expect(refusal(run(status, open, { type: "WITHDRAW", at: BEFORE }))).toBe(
        "There is no submitted quote to withdraw.",
      );
    });

    it("is refused after the deadline", () => {
      expect(refusal(run("submitted", open, { type: "WITHDRAW", at: AFTER }))).toBe(
        "Answers can no longer be withdrawn: the deadline passed at 2026-11-23 10:00 UTC.",
      );
      expect(refusal(run("submitted", ctx({ rfqStatus: "closed" }), { type: "WITHDRAW", at: BEFORE }))).toBe(
        "This RFQ is no longer open for answers, so it cannot be withdrawn.",
      );
    });
  });

  it("offers what each status allows", () => {
    const candidates: InvitationEvent[] = [
      { type: "VIEW", at: BEFORE },
      { type: "DECLINE", at: BEFORE, reason: "-" },
      { type: "SUBMIT", at: BEFORE },
      { type: "WITHDRAW", at: BEFORE },
    ];
    expect(allowedEvents(invitationWorkflow, "invited", open, candidates)).toEqual(["VIEW", "DECLINE", "SUBMIT"]);
    expect(allowedEvents(invitationWorkflow, "viewed", open, candidates)).toEqual(["DECLINE", "SUBMIT"]);
    expect(allowedEvents(invitationWorkflow, "declined", open, candidates)).toEqual(["SUBMIT"]);
    expect(allowedEvents(invitationWorkflow, "submitted", ctx({ quoteSubmitted: true }), candidates)).toEqual([
      "SUBMIT",
      "WITHDRAW",
    ]);
  });
});
