import { describe, expect, it } from "vitest";
import { initialTransition } from "xstate";

import {
  SUPPLIER_RELATIONSHIP_STATUSES,
  supplierRelationshipMachine,
  supplierRelationshipWorkflow,
  type SupplierRelationshipEvent,
  type SupplierRelationshipStatus,
} from "../../../workflows/supplier-relationship.machine";
import { allowedEvents, step } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

const AT = "2026-12-20T09:00:00.000Z";
const ACCEPT: SupplierRelationshipEvent = { type: "ACCEPT", at: AT };
const DECLINE: SupplierRelationshipEvent = { type: "DECLINE", at: AT, reason: "" };
const run = (status: SupplierRelationshipStatus, event: SupplierRelationshipEvent) =>
  step(supplierRelationshipWorkflow, status, {}, event);

describe("supplier relationship workflow", () => {
  it("describes itself and starts as invited", () => {
    expect(supplierRelationshipWorkflow.name).toBe("supplier_relationship");
    expect(SUPPLIER_RELATIONSHIP_STATUSES).toEqual(["invited", "active", "declined", "blocked"]);
    expect(initialTransition(supplierRelationshipMachine, {})[0].value).toBe("invited");
  });

  it("lets the supplier accept or decline a request, a reason being optional", () => {
    expect(allowed(run("invited", ACCEPT)).status).toBe("active");
    expect(allowed(run("invited", DECLINE)).status).toBe("declined");
    expect(allowed(run("invited", { ...DECLINE, reason: "We only serve the automotive sector." })).status).toBe(
      "declined",
    );
  });

  it("lets a supplier that declined change its mind, but not decline twice", () => {
    expect(allowed(run("declined", ACCEPT)).status).toBe("active");
    expect(refusal(run("declined", DECLINE))).toBe("You have already declined this organisation.");
  });

  it("refuses to accept or decline again once the supplier works with the buyer", () => {
    expect(refusal(run("active", ACCEPT))).toBe("You already work with this organisation.");
    expect(refusal(run("active", DECLINE))).toBe(
      "You already work with this organisation; its request can no longer be declined.",
    );
  });

  it("moves nothing out of blocked", () => {
    expect(refusal(run("blocked", ACCEPT))).toBe("This organisation no longer works with you.");
    expect(refusal(run("blocked", DECLINE))).toBe("This organisation no longer works with you.");
  });

  it("offers what each status allows", () => {
    const offered = (s: SupplierRelationshipStatus) =>
      allowedEvents(supplierRelationshipWorkflow, s, {}, [ACCEPT, DECLINE]);
    expect(offered("invited")).toEqual(["ACCEPT", "DECLINE"]);
    expect(offered("declined")).toEqual(["ACCEPT"]);
    expect(offered("active")).toEqual([]);
    expect(offered("blocked")).toEqual([]);
  });
});
