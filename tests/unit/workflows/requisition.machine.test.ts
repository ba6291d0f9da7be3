import { describe, expect, it } from "vitest";
import { initialTransition } from "xstate";

import {
  REQUISITION_STATUSES,
  requisitionMachine,
  requisitionWorkflow,
  statusFromLines,
  type LineTally,
  type RequisitionContext,
  type RequisitionEvent,
  type RequisitionStatus,
} from "../../../workflows/requisition.machine";
import { allowedEvents, step } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

const AT = "2027-03-01T09:00:00.000Z";
const REQUESTER = "u-requester";
const CONTEXT: RequisitionContext = { requestedBy: REQUESTER, requiredApprovals: 1, approvals: [], lineCount: 2 };
const run = (status: RequisitionStatus, event: RequisitionEvent, context: RequisitionContext = CONTEXT) =>
  step(requisitionWorkflow, status, context, event);
const tally = (t: Partial<LineTally>): LineTally => ({ open: 0, sourcing: 0, ordered: 0, closed: 0, ...t });

describe("requisition workflow", () => {
  it("describes itself and starts as a draft", () => {
    expect(requisitionWorkflow.name).toBe("requisition");
    expect(REQUISITION_STATUSES).toEqual([
      "draft",
      "submitted",
      "approved",
      "rejected",
      "ordered",
      "sourcing",
      "closed",
      "cancelled",
    ]);
    expect(initialTransition(requisitionMachine, CONTEXT)[0].value).toBe("draft");
  });

  it("is submitted only with lines, and keeps the number of approvals the rule asked", () => {
    expect(refusal(run("draft", { type: "SUBMIT", at: AT, requiredApprovals: 1 }, { ...CONTEXT, lineCount: 0 }))).toBe(
      "Add at least one line before submitting.",
    );
    const submitted = allowed(run("draft", { type: "SUBMIT", at: AT, requiredApprovals: 2 }));
    expect(submitted.status).toBe("submitted");
    expect(submitted.context.requiredApprovals).toBe(2);
  });

  it("is approved at once only when the rule asks no approval", () => {
    const none = { ...CONTEXT, requiredApprovals: 0 as const };
    expect(allowed(run("submitted", { type: "AUTO_APPROVE", at: AT }, none)).status).toBe("approved");
    expect(refusal(run("submitted", { type: "AUTO_APPROVE", at: AT }))).toBe("This requisition waits for an approval.");
  });

  it("is never approved or rejected by the person who asked for it", () => {
    expect(refusal(run("submitted", { type: "APPROVE", at: AT, approverId: REQUESTER }))).toBe(
      "You asked for this requisition, so you cannot approve it: someone else decides.",
    );
    expect(refusal(run("submitted", { type: "REJECT", at: AT, approverId: REQUESTER, reason: "No" }))).toBe(
      "You asked for this requisition, so you cannot reject it: someone else decides.",
    );
    expect(allowed(run("submitted", { type: "APPROVE", at: AT, approverId: "u-finance" })).status).toBe("approved");
  });

  it("needs two different people when the rule asks two approvals", () => {
    const two = { ...CONTEXT, requiredApprovals: 2 as const };
    const first = allowed(run("submitted", { type: "APPROVE", at: AT, approverId: "u-a" }, two));
    expect(first.status).toBe("submitted");
    expect(first.context.approvals).toEqual(["u-a"]);
    expect(refusal(run("submitted", { type: "APPROVE", at: AT, approverId: "u-a" }, first.context))).toBe(
      "You have already approved this requisition; a second approval must come from someone else.",
    );
    expect(allowed(run("submitted", { type: "APPROVE", at: AT, approverId: "u-b" }, first.context)).status).toBe(
      "approved",
    );
  });

  it("a reorder rule's requisition (no requester) may be approved by anyone the rule allows", () => {
    const automatic = { ...CONTEXT, requestedBy: null };
    expect(allowed(run("submitted", { type: "APPROVE", at: AT, approverId: "u-any" }, automatic)).status).toBe(
      "approved",
    );
  });

  it("is rejected with a reason, and cancelled before approval only", () => {
    expect(refusal(run("submitted", { type: "REJECT", at: AT, approverId: "u-f", reason: " " }))).toBe(
      "Give a reason.",
    );
    expect(allowed(run("submitted", { type: "REJECT", at: AT, approverId: "u-f", reason: "Over budget" })).status).toBe(
      "rejected",
    );
    expect(allowed(run("draft", { type: "CANCEL", at: AT, reason: "Not needed" })).status).toBe("cancelled");
    expect(allowed(run("submitted", { type: "CANCEL", at: AT, reason: "Not needed" })).status).toBe("cancelled");
    expect(refusal(run("approved", { type: "CANCEL", at: AT, reason: "Late" }))).toBe(
      "Cannot cancel while the requisition is approved.",
    );
    expect(refusal(run("rejected", { type: "APPROVE", at: AT, approverId: "u-f" }))).toBe(
      "Cannot approve while the requisition is rejected.",
    );
  });

  it("follows its lines once approved: sourcing while any waits for an RFQ, ordered when all have POs, closed at the end", () => {
    expect(statusFromLines(tally({}))).toBeNull();
    expect(statusFromLines(tally({ ordered: 2, sourcing: 1 }))).toBe("sourcing");
    expect(statusFromLines(tally({ ordered: 1, open: 1 }))).toBe("approved");
    expect(statusFromLines(tally({ ordered: 1, closed: 1 }))).toBe("ordered");
    expect(statusFromLines(tally({ closed: 3 }))).toBe("closed");

    const mixed = allowed(run("approved", { type: "PROGRESS", at: AT, lines: tally({ ordered: 2, sourcing: 1 }) }));
    expect(mixed.status).toBe("sourcing");
    expect(allowed(run("sourcing", { type: "PROGRESS", at: AT, lines: tally({ ordered: 3 }) })).status).toBe("ordered");
    expect(allowed(run("ordered", { type: "PROGRESS", at: AT, lines: tally({ closed: 3 }) })).status).toBe("closed");
    expect(refusal(run("ordered", { type: "PROGRESS", at: AT, lines: tally({ ordered: 3 }) }))).toBe(
      "The requisition stays ordered.",
    );
    expect(refusal(run("submitted", { type: "PROGRESS", at: AT, lines: tally({ ordered: 3 }) }))).toBe(
      "The requisition stays submitted.",
    );
    expect(refusal(run("closed", { type: "PROGRESS", at: AT, lines: tally({ open: 1 }) }))).toBe(
      "The requisition stays closed.",
    );
  });

  it("offers the UI only what the record allows", () => {
    const candidates: RequisitionEvent[] = [
      { type: "APPROVE", at: AT, approverId: "u-f" },
      { type: "REJECT", at: AT, approverId: "u-f", reason: "x" },
      { type: "CANCEL", at: AT, reason: "x" },
    ];
    expect(allowedEvents(requisitionWorkflow, "submitted", CONTEXT, candidates)).toEqual([
      "APPROVE",
      "REJECT",
      "CANCEL",
    ]);
    expect(allowedEvents(requisitionWorkflow, "approved", CONTEXT, candidates)).toEqual([]);
  });
});
