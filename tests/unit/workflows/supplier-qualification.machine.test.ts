import { describe, expect, it } from "vitest";
import { initialTransition } from "xstate";

import {
  SUPPLIER_QUALIFICATION_STATUSES,
  supplierQualificationMachine,
  supplierQualificationWorkflow,
  type SupplierQualificationContext,
  type SupplierQualificationEvent,
  type SupplierQualificationStatus,
} from "../../../workflows/supplier-qualification.machine";
import { allowedEvents, step } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

const AT = "2026-12-20T09:00:00.000Z";
const IN_ORDER: SupplierQualificationContext = { suspendedAutomatically: false, documentsInOrder: true };
const APPROVE: SupplierQualificationEvent = { type: "APPROVE", at: AT };
const SUSPEND: SupplierQualificationEvent = { type: "SUSPEND", at: AT, reason: "Late twice", automatic: false };
const LIFT: SupplierQualificationEvent = { type: "LIFT", at: AT };
const REINSTATE: SupplierQualificationEvent = { type: "REINSTATE", at: AT };
const BLOCK: SupplierQualificationEvent = { type: "BLOCK", at: AT, reason: "Fraudulent invoice" };
const UNBLOCK: SupplierQualificationEvent = { type: "UNBLOCK", at: AT, reason: "Cleared by audit" };
const ALL = [APPROVE, SUSPEND, LIFT, REINSTATE, BLOCK, UNBLOCK];
const run = (
  status: SupplierQualificationStatus,
  event: SupplierQualificationEvent,
  context: SupplierQualificationContext = IN_ORDER,
) => step(supplierQualificationWorkflow, status, context, event);

describe("supplier qualification workflow", () => {
  it("describes itself and starts as pending", () => {
    expect(supplierQualificationWorkflow.name).toBe("supplier_qualification");
    expect(SUPPLIER_QUALIFICATION_STATUSES).toEqual(["pending", "approved", "suspended", "blocked"]);
    expect(initialTransition(supplierQualificationMachine, IN_ORDER)[0].value).toBe("pending");
  });

  it("approves a pending supplier, suspends an approved one and lifts the suspension", () => {
    expect(allowed(run("pending", APPROVE)).status).toBe("approved");
    expect(allowed(run("approved", SUSPEND)).status).toBe("suspended");
    expect(allowed(run("suspended", LIFT)).status).toBe("approved");
  });

  it("needs a reason to suspend, block or unblock", () => {
    const why = "Give a reason: the supplier's record keeps it.";
    expect(refusal(run("approved", { ...SUSPEND, reason: "  " }))).toBe(why);
    expect(refusal(run("pending", { ...BLOCK, reason: "" }))).toBe(why);
    expect(refusal(run("blocked", { ...UNBLOCK, reason: "" }))).toBe(why);
  });

  it("blocks from every state but blocked, and an unblocked supplier is judged again from pending", () => {
    for (const s of ["pending", "approved", "suspended"] as const)
      expect(allowed(run(s, BLOCK)).status).toBe("blocked");
    expect(refusal(run("blocked", BLOCK))).toBe("This supplier is already blocked.");
    expect(allowed(run("blocked", UNBLOCK)).status).toBe("pending");
    expect(refusal(run("blocked", APPROVE))).toBe("This supplier is blocked; only an admin can lift the block.");
    expect(refusal(run("blocked", LIFT))).toBe("This supplier is blocked; only an admin can lift the block.");
  });

  it("reinstates only an automatic suspension, and only once the documents are in order", () => {
    expect(allowed(run("suspended", REINSTATE, { suspendedAutomatically: true, documentsInOrder: true })).status).toBe(
      "approved",
    );
    expect(refusal(run("suspended", REINSTATE, { suspendedAutomatically: true, documentsInOrder: false }))).toBe(
      "Some required documents are still missing, unapproved or expired.",
    );
    expect(refusal(run("suspended", REINSTATE, { suspendedAutomatically: false, documentsInOrder: true }))).toBe(
      "A buyer suspended this supplier; only a buyer lifts it.",
    );
  });

  it("refuses moves that make no sense, with a sentence", () => {
    expect(refusal(run("approved", APPROVE))).toBe("This supplier is already approved.");
    expect(refusal(run("suspended", APPROVE))).toBe("This supplier is suspended: lift the suspension.");
    expect(refusal(run("suspended", SUSPEND))).toBe("This supplier is already suspended.");
    expect(refusal(run("pending", SUSPEND))).toBe("Cannot suspend the supplier while the supplier is pending.");
  });

  it("offers what each status allows", () => {
    const offered = (s: SupplierQualificationStatus) => allowedEvents(supplierQualificationWorkflow, s, IN_ORDER, ALL);
    expect(offered("pending")).toEqual(["APPROVE", "BLOCK"]);
    expect(offered("approved")).toEqual(["SUSPEND", "BLOCK"]);
    expect(offered("suspended")).toEqual(["LIFT", "BLOCK"]);
    expect(offered("blocked")).toEqual(["UNBLOCK"]);
  });
});
