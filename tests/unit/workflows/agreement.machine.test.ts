import { describe, expect, it } from "vitest";
import { initialTransition } from "xstate";

import {
  AGREEMENT_STATUSES,
  agreementMachine,
  agreementWorkflow,
  dayOf,
  type AgreementContext,
  type AgreementEvent,
  type AgreementStatus,
} from "../../../workflows/agreement.machine";
import { allowedEvents, step } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

const CONTEXT: AgreementContext = { itemCount: 2, validFrom: "2027-01-01", validTo: "2027-12-31" };
const IN_TERM = "2027-06-15T09:00:00.000Z";
const BEFORE = "2026-12-20T09:00:00.000Z";
const LAST_DAY = "2027-12-31T23:59:00.000Z";
const AFTER = "2028-01-01T00:00:00.000Z";
const run = (status: AgreementStatus, event: AgreementEvent, context: AgreementContext = CONTEXT) =>
  step(agreementWorkflow, status, context, event);

describe("agreement workflow", () => {
  it("describes itself and starts as a draft", () => {
    expect(agreementWorkflow.name).toBe("agreement");
    expect(AGREEMENT_STATUSES).toEqual(["draft", "sent", "active", "declined", "expired", "closed", "cancelled"]);
    expect(initialTransition(agreementMachine, CONTEXT)[0].value).toBe("draft");
  });

  it("is sent to the supplier, who acknowledges it into force", () => {
    expect(allowed(run("draft", { type: "SEND", at: BEFORE })).status).toBe("sent");
    expect(allowed(run("sent", { type: "ACKNOWLEDGE", at: BEFORE })).status).toBe("active");
  });

  it("is not sent without items, nor sent or acknowledged once its end has passed", () => {
    expect(refusal(run("draft", { type: "SEND", at: BEFORE }, { ...CONTEXT, itemCount: 0 }))).toBe(
      "Add at least one item before sending the agreement.",
    );
    expect(refusal(run("draft", { type: "SEND", at: AFTER }))).toBe(
      "This agreement ended on 2027-12-31; it can no longer be sent.",
    );
    expect(refusal(run("sent", { type: "ACKNOWLEDGE", at: AFTER }))).toBe(
      "This agreement ended on 2027-12-31; it can no longer be acknowledged.",
    );
    expect(allowed(run("sent", { type: "ACKNOWLEDGE", at: LAST_DAY })).status).toBe("active");
  });

  it("lets the supplier decline with a reason, and the buyer cancel before it is in force", () => {
    expect(refusal(run("sent", { type: "DECLINE", at: BEFORE, reason: "  " }))).toBe("Give a reason.");
    expect(allowed(run("sent", { type: "DECLINE", at: BEFORE, reason: "Prices no longer hold." })).status).toBe(
      "declined",
    );
    expect(allowed(run("draft", { type: "CANCEL", at: BEFORE, reason: "Duplicate" })).status).toBe("cancelled");
    expect(allowed(run("sent", { type: "CANCEL", at: BEFORE, reason: "Wrong supplier" })).status).toBe("cancelled");
    expect(refusal(run("active", { type: "CANCEL", at: IN_TERM, reason: "x" }))).toBe(
      "Cannot cancel while the agreement is active.",
    );
  });

  it("allows call-offs only while active and within its dates, without moving it", () => {
    expect(allowed(run("active", { type: "CALL_OFF", at: IN_TERM })).status).toBe("active");
    expect(allowed(run("active", { type: "CALL_OFF", at: "2027-01-01T00:00:00.000Z" })).status).toBe("active");
    expect(allowed(run("active", { type: "CALL_OFF", at: LAST_DAY })).status).toBe("active");
    expect(refusal(run("active", { type: "CALL_OFF", at: BEFORE }))).toBe(
      "This agreement can be ordered from on 2027-01-01 at the earliest.",
    );
    expect(refusal(run("active", { type: "CALL_OFF", at: AFTER }))).toBe("This agreement ended on 2027-12-31.");
    expect(refusal(run("sent", { type: "CALL_OFF", at: IN_TERM }))).toBe(
      "Cannot order from while the agreement is sent.",
    );
    expect(refusal(run("draft", { type: "CALL_OFF", at: IN_TERM }))).toBe(
      "Cannot order from while the agreement is a draft.",
    );
  });

  it("expires only after its last day, and closes early with a reason", () => {
    expect(refusal(run("active", { type: "EXPIRE", at: LAST_DAY }))).toBe("This agreement runs until 2027-12-31.");
    expect(allowed(run("active", { type: "EXPIRE", at: AFTER })).status).toBe("expired");
    expect(allowed(run("sent", { type: "EXPIRE", at: AFTER })).status).toBe("expired");
    expect(refusal(run("draft", { type: "EXPIRE", at: AFTER }))).toBe("Cannot expire while the agreement is a draft.");
    expect(allowed(run("active", { type: "CLOSE", at: IN_TERM, reason: "Supplier merged" })).status).toBe("closed");
    expect(refusal(run("active", { type: "CLOSE", at: IN_TERM, reason: "" }))).toBe("Give a reason.");
  });

  it("moves nothing out of its final states", () => {
    for (const status of ["declined", "expired", "closed", "cancelled"] as const) {
      for (const event of [
        { type: "SEND", at: IN_TERM },
        { type: "ACKNOWLEDGE", at: IN_TERM },
        { type: "CALL_OFF", at: IN_TERM },
        { type: "CLOSE", at: IN_TERM, reason: "r" },
        { type: "EXPIRE", at: AFTER },
      ] satisfies AgreementEvent[]) {
        expect(run(status, event).ok, `${status} ${event.type}`).toBe(false);
      }
    }
  });

  it("refuses an attempt without a valid time", () => {
    expect(run("draft", { type: "SEND", at: "not a date" }).ok).toBe(false);
    expect(run("active", { type: "CALL_OFF", at: "" }).ok).toBe(false);
    expect(dayOf("2027-03-04T23:30:00.000Z")).toBe("2027-03-04");
  });

  it("offers what each status allows", () => {
    const candidates: AgreementEvent[] = [
      { type: "SEND", at: IN_TERM },
      { type: "ACKNOWLEDGE", at: IN_TERM },
      { type: "DECLINE", at: IN_TERM, reason: "r" },
      { type: "CANCEL", at: IN_TERM, reason: "r" },
      { type: "CLOSE", at: IN_TERM, reason: "r" },
      { type: "CALL_OFF", at: IN_TERM },
    ];
    const offered = (s: AgreementStatus) => allowedEvents(agreementWorkflow, s, CONTEXT, candidates);
    expect(offered("draft")).toEqual(["SEND", "CANCEL"]);
    expect(offered("sent")).toEqual(["ACKNOWLEDGE", "DECLINE", "CANCEL"]);
    expect(offered("active")).toEqual(["CLOSE", "CALL_OFF"]);
    expect(offered("expired")).toEqual([]);
  });
});
