import { describe, it, expect, expectTypeOf } from "vitest";
import { assign, setup, type StateValueFrom } from "xstate";
import * as api from "../../../workflows/index";
import { cannotWhile, formatUtc, isAtOrAfter, isBefore, isBlank, statusPhrase } from "../../../workflows/shared";
import { allowedEvents, isWorkflowStatus, step, type Workflow } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

// A toy workflow, so the generic helpers are tested apart from the domain machines.
type DoorStatus = "closed" | "open" | "locked";
interface DoorContext {
  opened: number;
}
type DoorEvent = { type: "OPEN" } | { type: "CLOSE" } | { type: "LOCK"; key: string };

const doorMachine = setup({
  types: {} as { context: DoorContext; events: DoorEvent },
  guards: { rightKey: ({ event }) => event.type === "LOCK" && event.key === "brass" },
  actions: { countOpening: assign({ opened: ({ context }) => context.opened + 1 }) },
}).createMachine({
  id: "door",
  initial: "closed",
  context: { opened: 0 },
  states: {
    closed: {
      on: {
        OPEN: { target: "open", actions: "countOpening" },
        LOCK: { target: "locked", guard: "rightKey" },
      },
    },
    open: { on: { CLOSE: { target: "closed" } } },
    locked: {},
  },
});

const refusals: Array<[DoorStatus, DoorContext, DoorEvent]> = [];
const doorWorkflow: Workflow<DoorStatus, DoorContext, DoorEvent> = {
  name: "rfq",
  version: 7,
  machine: doorMachine,
  statuses: ["closed", "open", "locked"],
  explainRefusal(status, context, event) {
    refusals.push([status, context, event]);
    return `No ${event.type} while ${status}.`;
  },
};

describe("step", () => {
  it("returns the next status and context", () => {
    const context = { opened: 2 };
    const result = allowed(step(doorWorkflow, "closed", context, { type: "OPEN" }));
    expect(result).toEqual({ status: "open", context: { opened: 3 } });
    expect(context).toEqual({ opened: 2 });
  });

  it("returns the explanation, with the arguments it was given, when the event is not allowed", () => {
    refusals.length = 0;
    const context = { opened: 1 };
    const event: DoorEvent = { type: "LOCK", key: "iron" };
    expect(step(doorWorkflow, "closed", context, event)).toEqual({ ok: false, message: "No LOCK while closed." });
    expect(refusals).toEqual([["closed", context, event]]);
  });

  it("refuses events the current state does not handle at all", () => {
    expect(refusal(step(doorWorkflow, "locked", { opened: 0 }, { type: "OPEN" }))).toBe("No OPEN while locked.");
  });

  it("throws for a status the workflow does not know", () => {
    expect(() => step(doorWorkflow, "ajar" as DoorStatus, { opened: 0 }, { type: "OPEN" })).toThrow(
      'Unknown rfq status "ajar".',
    );
  });
});

describe("allowedEvents", () => {
  it("lists each allowed event type once, in the order given", () => {
    const candidates: DoorEvent[] = [
      { type: "LOCK", key: "iron" },
      { type: "OPEN" },
      { type: "CLOSE" },
      { type: "LOCK", key: "brass" },
      { type: "OPEN" },
    ];
    expect(allowedEvents(doorWorkflow, "closed", { opened: 0 }, candidates)).toEqual(["OPEN", "LOCK"]);
    expect(allowedEvents(doorWorkflow, "open", { opened: 1 }, candidates)).toEqual(["CLOSE"]);
    expect(allowedEvents(doorWorkflow, "locked", { opened: 1 }, candidates)).toEqual([]);
  });

  it("throws for a status the workflow does not know", () => {
    expect(() => allowedEvents(doorWorkflow, "ajar" as DoorStatus, { opened: 0 }, [])).toThrow(
      'Unknown rfq status "ajar".',
    );
  });
});

describe("isWorkflowStatus", () => {
  it("accepts only the statuses of the workflow", () => {
    expect(isWorkflowStatus(doorWorkflow, "open")).toBe(true);
    expect(isWorkflowStatus(doorWorkflow, "ajar")).toBe(false);
    expect(isWorkflowStatus(doorWorkflow, 3)).toBe(false);
  });
});

describe("shared wording and time helpers", () => {
  it("formats instants in UTC to the minute", () => {
    expect(formatUtc("2026-11-23T10:00:00Z")).toBe("2026-11-23 10:00 UTC");
    expect(formatUtc("2026-11-23T12:05:59+02:00")).toBe("2026-11-23 10:05 UTC");
    expect(formatUtc("whenever")).toBe("whenever");
  });

  it("compares instants and is false whenever either side is not a date", () => {
    expect(isBefore("2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z")).toBe(true);
    expect(isBefore("2026-01-01T00:00:01Z", "2026-01-01T00:00:01Z")).toBe(false);
    expect(isAtOrAfter("2026-01-01T00:00:01Z", "2026-01-01T00:00:01Z")).toBe(true);
    expect(isAtOrAfter("2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z")).toBe(false);
    for (const bad of ["", "soon", undefined]) {
      expect(isBefore(bad, "2026-01-01T00:00:00Z")).toBe(false);
      expect(isBefore("2026-01-01T00:00:00Z", bad)).toBe(false);
      expect(isAtOrAfter(bad, "2026-01-01T00:00:00Z")).toBe(false);
      expect(isAtOrAfter("2026-01-01T00:00:00Z", bad)).toBe(false);
    }
  });

  it("treats missing and whitespace-only text as blank", () => {
    expect(isBlank(undefined)).toBe(true);
    expect(isBlank(null)).toBe(true);
    expect(isBlank(" \n\t")).toBe(true);
    expect(isBlank(" x ")).toBe(false);
  });

  it("words the generic refusal", () => {
    expect(cannotWhile("purchase order", "receive goods", "pending_approval")).toBe(
      "Cannot receive goods while the purchase order is pending approval.",
    );
    expect(cannotWhile("RFQ", "award", "draft")).toBe("Cannot award while the RFQ is a draft.");
    expect(statusPhrase("partially_awarded")).toBe("partially awarded");
  });
});

describe("public API", () => {
  it("exports the four workflows with distinct names and their machines and statuses", () => {
    const workflows = [api.rfqWorkflow, api.quoteWorkflow, api.purchaseOrderWorkflow, api.invoiceWorkflow];
    expect(workflows.map((wf) => wf.name)).toEqual(["rfq", "quote", "purchase_order", "invoice"]);
    expect(workflows.map((wf) => wf.machine)).toEqual([
      api.rfqMachine,
      api.quoteMachine,
      api.purchaseOrderMachine,
      api.invoiceMachine,
    ]);
    expect(workflows.map((wf) => wf.statuses)).toEqual([
      api.RFQ_STATUSES,
      api.QUOTE_STATUSES,
      api.PURCHASE_ORDER_STATUSES,
      api.INVOICE_STATUSES,
    ]);
    expect(typeof api.step).toBe("function");
    expect(typeof api.allowedEvents).toBe("function");
  });

  it("declares every status as a state of its machine, and no other", () => {
    for (const wf of [
      api.rfqWorkflow,
      api.quoteWorkflow,
      api.purchaseOrderWorkflow,
      api.invoiceWorkflow,
      api.invitationWorkflow,
    ]) {
      expect(Object.keys(wf.machine.states).sort()).toEqual([...wf.statuses].sort());
    }
  });

  // The status unions type the database's status columns (db/schema.ts); the
  // compiler checks each is exactly the state value its machine can take.
  it("types each status union as its machine's state value", () => {
    expectTypeOf<StateValueFrom<typeof api.rfqMachine>>().toEqualTypeOf<api.RfqStatus>();
    expectTypeOf<StateValueFrom<typeof api.quoteMachine>>().toEqualTypeOf<api.QuoteStatus>();
    expectTypeOf<StateValueFrom<typeof api.purchaseOrderMachine>>().toEqualTypeOf<api.PurchaseOrderStatus>();
    expectTypeOf<StateValueFrom<typeof api.invoiceMachine>>().toEqualTypeOf<api.InvoiceStatus>();
    expectTypeOf<StateValueFrom<typeof api.invitationMachine>>().toEqualTypeOf<api.InvitationStatus>();
  });
});
