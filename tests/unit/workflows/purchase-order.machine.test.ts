import { describe, it, expect } from "vitest";
import { initialTransition } from "xstate";
import {
  CHANGEABLE_STATUSES,
  PURCHASE_ORDER_STATUSES,
  purchaseOrderMachine,
  purchaseOrderWorkflow,
  type PurchaseOrderContext,
  type PurchaseOrderEvent,
  type PurchaseOrderStatus,
} from "../../../workflows/purchase-order.machine";
import { allowedEvents, step } from "../../../workflows/workflow";
import { allowed, refusal } from "./helpers";

const AT = "2026-11-25T12:00:00.000Z";
const CREATOR = "user-buyer";
const FINANCE_A = "user-finance-a";
const FINANCE_B = "user-finance-b";

const base: PurchaseOrderContext = {
  createdBy: CREATOR,
  requiredApprovals: 1,
  approvals: [],
  lineCount: 3,
  receivedAny: false,
  changedBy: null,
  changeFrom: null,
};
const ctx = (over: Partial<PurchaseOrderContext> = {}): PurchaseOrderContext => ({ ...base, ...over });
const run = (status: PurchaseOrderStatus, context: PurchaseOrderContext, event: PurchaseOrderEvent) =>
  step(purchaseOrderWorkflow, status, context, event);

const allStatuses = [...PURCHASE_ORDER_STATUSES];
const CHANGEABLE = [...CHANGEABLE_STATUSES];
const change = (over: Partial<Extract<PurchaseOrderEvent, { type: "CHANGE" }>> = {}): PurchaseOrderEvent => ({
  type: "CHANGE",
  at: AT,
  authorId: "user-buyer-two",
  reason: "Customer doubled the order",
  totalRises: true,
  requiredApprovals: 1,
  goodsLeftToReceive: true,
  ...over,
});
const except = (...excluded: PurchaseOrderStatus[]) => allStatuses.filter((s) => !excluded.includes(s));

describe("purchase order workflow", () => {
  it("describes itself", () => {
    expect(purchaseOrderWorkflow.name).toBe("purchase_order");
    expect(purchaseOrderWorkflow.version).toBe(2);
    expect(purchaseOrderWorkflow.machine).toBe(purchaseOrderMachine);
    expect(PURCHASE_ORDER_STATUSES).toEqual([
      "draft",
      "pending_approval",
      "approved",
      "rejected",
      "issued",
      "acknowledged",
      "declined",
      "partially_received",
      "received",
      "invoiced",
      "closed",
      "cancelled",
    ]);
    expect(purchaseOrderWorkflow.statuses).toBe(PURCHASE_ORDER_STATUSES);
  });

  it("starts as a draft with the given context", () => {
    const [snapshot] = initialTransition(purchaseOrderMachine, base);
    expect(snapshot.value).toBe("draft");
    expect(snapshot.context).toEqual(base);
  });

  describe("UPDATE_DRAFT", () => {
    it("keeps a draft a draft", () => {
      const result = allowed(run("draft", base, { type: "UPDATE_DRAFT" }));
      expect(result.status).toBe("draft");
      expect(result.context).toEqual(base);
    });

    it("points a rejected PO to revising first", () => {
      expect(refusal(run("rejected", base, { type: "UPDATE_DRAFT" }))).toBe(
        "This purchase order was rejected; revise it before editing it.",
      );
    });

    it.each([
      ["pending_approval", "pending approval"],
      ["approved", "approved"],
      ["partially_received", "partially received"],
      ["cancelled", "cancelled"],
    ] as const)("is refused for a PO that is %s", (status, phrase) => {
      expect(refusal(run(status, base, { type: "UPDATE_DRAFT" }))).toBe(
        `Only a draft purchase order can be edited; this one is ${phrase}.`,
      );
    });
  });

  describe("SUBMIT", () => {
    it.each([1, 2] as const)("sends a draft for approval needing %i approval(s)", (requiredApprovals) => {
      const before = ctx({ requiredApprovals: 2, approvals: ["stale-approver"] });
      const result = allowed(run("draft", before, { type: "SUBMIT", at: AT, requiredApprovals }));
      expect(result.status).toBe("pending_approval");
      expect(result.context).toEqual({ ...base, requiredApprovals, approvals: [] });
      expect(before.approvals).toEqual(["stale-approver"]);
    });

    it("approves straight away when no approval is required", () => {
      const result = allowed(run("draft", base, { type: "SUBMIT", at: AT, requiredApprovals: 0 }));
      expect(result.status).toBe("approved");
      expect(result.context).toEqual({ ...base, requiredApprovals: 0, approvals: [] });
    });

    it.each([0, 1, 2] as const)("refuses a PO without lines (%i approvals)", (requiredApprovals) => {
      expect(refusal(run("draft", ctx({ lineCount: 0 }), { type: "SUBMIT", at: AT, requiredApprovals }))).toBe(
        "Add at least one line before submitting the purchase order for approval.",
      );
    });

    it("points a rejected PO to revising first", () => {
      expect(refusal(run("rejected", base, { type: "SUBMIT", at: AT, requiredApprovals: 1 }))).toBe(
        "This purchase order was rejected; revise it before submitting it again.",
      );
    });

    it.each(except("draft", "rejected", "cancelled"))("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, base, { type: "SUBMIT", at: AT, requiredApprovals: 1 }))).toBe(
        "This purchase order has already been submitted.",
      );
    });

    it("refuses a cancelled PO", () => {
      expect(refusal(run("cancelled", base, { type: "SUBMIT", at: AT, requiredApprovals: 1 }))).toBe(
        "Cannot submit for approval while the purchase order is cancelled.",
      );
    });
  });

  describe("APPROVE", () => {
    it("approves with the one approval required", () => {
      const result = allowed(run("pending_approval", base, { type: "APPROVE", at: AT, approverId: FINANCE_A }));
      expect(result.status).toBe("approved");
      expect(result.context).toEqual({ ...base, approvals: [FINANCE_A] });
    });

    it("waits for a second, distinct approver when two are required", () => {
      const two = ctx({ requiredApprovals: 2 });
      const first = allowed(run("pending_approval", two, { type: "APPROVE", at: AT, approverId: FINANCE_A }));
      expect(first.status).toBe("pending_approval");
      expect(first.context).toEqual({ ...two, approvals: [FINANCE_A] });
      expect(two.approvals).toEqual([]);

      const second = allowed(run(first.status, first.context, { type: "APPROVE", at: AT, approverId: FINANCE_B }));
      expect(second.status).toBe("approved");
      expect(second.context).toEqual({ ...two, approvals: [FINANCE_A, FINANCE_B] });
    });

    it("refuses the creator (separation of duties)", () => {
      expect(refusal(run("pending_approval", base, { type: "APPROVE", at: AT, approverId: CREATOR }))).toBe(
        "You created this purchase order, so you cannot approve it (separation of duties).",
      );
    });

    it("refuses the creator even as a second approver", () => {
      const halfway = ctx({ requiredApprovals: 2, approvals: [FINANCE_A] });
      expect(refusal(run("pending_approval", halfway, { type: "APPROVE", at: AT, approverId: CREATOR }))).toBe(
        "You created this purchase order, so you cannot approve it (separation of duties).",
      );
    });

    it("refuses the same approver twice", () => {
      const halfway = ctx({ requiredApprovals: 2, approvals: [FINANCE_A] });
      expect(refusal(run("pending_approval", halfway, { type: "APPROVE", at: AT, approverId: FINANCE_A }))).toBe(
        "You have already approved this purchase order.",
      );
    });

    it("refuses a draft", () => {
      expect(refusal(run("draft", base, { type: "APPROVE", at: AT, approverId: FINANCE_A }))).toBe(
        "This purchase order has not been submitted for approval yet.",
      );
    });

    it.each(except("draft", "pending_approval", "rejected", "cancelled"))("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, base, { type: "APPROVE", at: AT, approverId: FINANCE_A }))).toBe(
        "This purchase order has already been approved.",
      );
    });

    it("refuses a rejected PO", () => {
      expect(refusal(run("rejected", base, { type: "APPROVE", at: AT, approverId: FINANCE_A }))).toBe(
        "This purchase order has already been rejected.",
      );
    });

    it("refuses a cancelled PO", () => {
      expect(refusal(run("cancelled", base, { type: "APPROVE", at: AT, approverId: FINANCE_A }))).toBe(
        "Cannot approve while the purchase order is cancelled.",
      );
    });
  });

  describe("REJECT", () => {
    it("rejects with a reason", () => {
      const halfway = ctx({ requiredApprovals: 2, approvals: [FINANCE_A] });
      const result = allowed(
        run("pending_approval", halfway, {
          type: "REJECT",
          at: AT,
          approverId: FINANCE_B,
          reason: "Wrong cost centre",
        }),
      );
      expect(result.status).toBe("rejected");
      expect(result.context).toEqual(halfway);
    });

    it("refuses the creator (separation of duties)", () => {
      expect(
        refusal(run("pending_approval", base, { type: "REJECT", at: AT, approverId: CREATOR, reason: "Oops" })),
      ).toBe("You created this purchase order, so you cannot reject it (separation of duties).");
    });

    it("refuses a blank reason", () => {
      expect(
        refusal(run("pending_approval", base, { type: "REJECT", at: AT, approverId: FINANCE_A, reason: " " })),
      ).toBe("Give a reason for rejecting the purchase order.");
    });

    it("refuses a draft", () => {
      expect(refusal(run("draft", base, { type: "REJECT", at: AT, approverId: FINANCE_A, reason: "No" }))).toBe(
        "This purchase order has not been submitted for approval yet.",
      );
    });

    it.each(except("draft", "pending_approval", "rejected", "cancelled"))("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, base, { type: "REJECT", at: AT, approverId: FINANCE_A, reason: "No" }))).toBe(
        "This purchase order has already been approved.",
      );
    });

    it("refuses a PO already rejected", () => {
      expect(refusal(run("rejected", base, { type: "REJECT", at: AT, approverId: FINANCE_A, reason: "No" }))).toBe(
        "This purchase order has already been rejected.",
      );
    });
  });

  describe("REVISE", () => {
    it("takes a rejected PO back to draft and clears its approvals", () => {
      const rejected = ctx({ requiredApprovals: 2, approvals: [FINANCE_A] });
      const result = allowed(run("rejected", rejected, { type: "REVISE" }));
      expect(result.status).toBe("draft");
      expect(result.context).toEqual({ ...rejected, approvals: [] });
    });

    it.each([
      ["draft", "a draft"],
      ["pending_approval", "pending approval"],
      ["approved", "approved"],
      ["closed", "closed"],
    ] as const)("refuses a PO that is %s", (status, phrase) => {
      expect(refusal(run(status, base, { type: "REVISE" }))).toBe(
        `Only a rejected purchase order can be revised; this one is ${phrase}.`,
      );
    });
  });

  describe("ISSUE", () => {
    it("issues an approved PO", () => {
      const approved = ctx({ approvals: [FINANCE_A] });
      const result = allowed(run("approved", approved, { type: "ISSUE", at: AT }));
      expect(result.status).toBe("issued");
      expect(result.context).toEqual(approved);
    });

    it.each([
      ["draft", "This purchase order must be submitted and approved before it can be issued."],
      ["pending_approval", "This purchase order is still awaiting approval, so it cannot be issued yet."],
      ["rejected", "This purchase order was rejected; revise it and have it approved before issuing it."],
      ["cancelled", "Cannot issue while the purchase order is cancelled."],
    ] as const)("refuses a PO that is %s", (status, message) => {
      expect(refusal(run(status, base, { type: "ISSUE", at: AT }))).toBe(message);
    });

    it.each(["issued", "acknowledged", "declined", "partially_received", "received", "invoiced", "closed"] as const)(
      "refuses a PO that is already %s",
      (status) => {
        expect(refusal(run(status, base, { type: "ISSUE", at: AT }))).toBe(
          "This purchase order has already been issued.",
        );
      },
    );
  });

  describe("ACKNOWLEDGE", () => {
    it("acknowledges an issued PO, with or without a promised date", () => {
      for (const event of [
        { type: "ACKNOWLEDGE", at: AT },
        { type: "ACKNOWLEDGE", at: AT, promisedDate: "2026-12-10" },
      ] as const) {
        const result = allowed(run("issued", base, event));
        expect(result.status).toBe("acknowledged");
        expect(result.context).toEqual(base);
      }
    });

    it.each(["draft", "pending_approval", "approved", "rejected"] as const)("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, base, { type: "ACKNOWLEDGE", at: AT }))).toBe(
        "This purchase order has not been issued yet, so it cannot be acknowledged.",
      );
    });

    it.each(["acknowledged", "partially_received", "received", "invoiced", "closed"] as const)(
      "refuses a PO that is already %s",
      (status) => {
        expect(refusal(run(status, base, { type: "ACKNOWLEDGE", at: AT }))).toBe(
          "This purchase order has already been acknowledged.",
        );
      },
    );

    it("refuses a declined PO", () => {
      expect(refusal(run("declined", base, { type: "ACKNOWLEDGE", at: AT }))).toBe(
        "The supplier has already declined this purchase order.",
      );
    });

    it("refuses a cancelled PO", () => {
      expect(refusal(run("cancelled", base, { type: "ACKNOWLEDGE", at: AT }))).toBe(
        "Cannot acknowledge while the purchase order is cancelled.",
      );
    });
  });

  describe("DECLINE", () => {
    it("lets the supplier decline an issued PO with a reason", () => {
      const result = allowed(run("issued", base, { type: "DECLINE", at: AT, reason: "Out of stock" }));
      expect(result.status).toBe("declined");
      expect(result.context).toEqual(base);
    });

    it("refuses a blank reason", () => {
      expect(refusal(run("issued", base, { type: "DECLINE", at: AT, reason: "" }))).toBe(
        "Give a reason for declining the purchase order.",
      );
    });

    it.each(["draft", "pending_approval", "approved", "rejected"] as const)("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, base, { type: "DECLINE", at: AT, reason: "No" }))).toBe(
        "This purchase order has not been issued yet, so it cannot be declined.",
      );
    });

    it.each(["acknowledged", "partially_received", "received", "invoiced", "closed"] as const)(
      "refuses a PO that is already %s",
      (status) => {
        expect(refusal(run(status, base, { type: "DECLINE", at: AT, reason: "No" }))).toBe(
          "This purchase order has already been acknowledged, so it can no longer be declined.",
        );
      },
    );

    it("refuses a PO already declined", () => {
      expect(refusal(run("declined", base, { type: "DECLINE", at: AT, reason: "No" }))).toBe(
        "The supplier has already declined this purchase order.",
      );
    });
  });

  describe("RECEIVE", () => {
    it.each([
      ["acknowledged", true, "received"],
      ["acknowledged", false, "partially_received"],
      ["partially_received", true, "received"],
      ["partially_received", false, "partially_received"],
    ] as const)("moves a PO that is %s with complete=%s to %s", (status, complete, target) => {
      const before = ctx({ receivedAny: status === "partially_received" });
      const result = allowed(run(status, before, { type: "RECEIVE", at: AT, complete }));
      expect(result.status).toBe(target);
      expect(result.context).toEqual({ ...base, receivedAny: true });
    });

    it("does not mutate the stored context", () => {
      const before = ctx();
      allowed(run("acknowledged", before, { type: "RECEIVE", at: AT, complete: false }));
      expect(before.receivedAny).toBe(false);
    });

    it("refuses an issued PO the supplier has not acknowledged", () => {
      expect(refusal(run("issued", base, { type: "RECEIVE", at: AT, complete: true }))).toBe(
        "The supplier has not acknowledged this purchase order yet, so goods cannot be received.",
      );
    });

    it.each(["draft", "pending_approval", "approved", "rejected"] as const)("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, base, { type: "RECEIVE", at: AT, complete: true }))).toBe(
        "This purchase order has not been issued yet, so goods cannot be received.",
      );
    });

    it.each(["received", "invoiced", "closed"] as const)("refuses a PO that is already %s", (status) => {
      expect(refusal(run(status, ctx({ receivedAny: true }), { type: "RECEIVE", at: AT, complete: true }))).toBe(
        "All goods on this purchase order have already been received.",
      );
    });

    it.each(["declined", "cancelled"] as const)("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, base, { type: "RECEIVE", at: AT, complete: true }))).toBe(
        `Cannot receive goods while the purchase order is ${status}.`,
      );
    });
  });

  describe("INVOICE", () => {
    const received = ctx({ receivedAny: true });

    it("invoices a fully received PO", () => {
      const result = allowed(run("received", received, { type: "INVOICE", at: AT }));
      expect(result.status).toBe("invoiced");
      expect(result.context).toEqual(received);
    });

    it("refuses a partially received PO", () => {
      expect(refusal(run("partially_received", received, { type: "INVOICE", at: AT }))).toBe(
        "Only part of this purchase order has been received; it can be invoiced once all goods are received.",
      );
    });

    it.each(["invoiced", "closed"] as const)("refuses a PO that is already %s", (status) => {
      expect(refusal(run(status, received, { type: "INVOICE", at: AT }))).toBe(
        "This purchase order has already been invoiced.",
      );
    });

    it.each([
      ["draft", "a draft"],
      ["approved", "approved"],
      ["acknowledged", "acknowledged"],
      ["cancelled", "cancelled"],
    ] as const)("refuses a PO that is %s", (status, phrase) => {
      expect(refusal(run(status, base, { type: "INVOICE", at: AT }))).toBe(
        `Cannot invoice while the purchase order is ${phrase}.`,
      );
    });
  });

  describe("CLOSE", () => {
    it("closes an invoiced PO", () => {
      const invoiced = ctx({ receivedAny: true });
      const result = allowed(run("invoiced", invoiced, { type: "CLOSE", at: AT }));
      expect(result.status).toBe("closed");
      expect(result.context).toEqual(invoiced);
    });

    it("refuses a PO not yet invoiced", () => {
      expect(refusal(run("received", base, { type: "CLOSE", at: AT }))).toBe(
        "This purchase order has not been invoiced yet, so it cannot be closed.",
      );
    });

    it("refuses a PO already closed", () => {
      expect(refusal(run("closed", base, { type: "CLOSE", at: AT }))).toBe("This purchase order is already closed.");
    });

    it.each([
      ["issued", "issued"],
      ["pending_approval", "pending approval"],
    ] as const)("refuses a PO that is %s", (status, phrase) => {
      expect(refusal(run(status, base, { type: "CLOSE", at: AT }))).toBe(
        `Cannot close while the purchase order is ${phrase}.`,
      );
    });
  });

  describe("CANCEL", () => {
    const cancellable = ["draft", "pending_approval", "approved", "rejected", "issued", "acknowledged"] as const;

    it.each(cancellable)("cancels a PO that is %s, given a reason", (status) => {
      const result = allowed(run(status, base, { type: "CANCEL", at: AT, reason: "Project stopped" }));
      expect(result.status).toBe("cancelled");
      expect(result.context).toEqual(base);
    });

    it.each(cancellable)("refuses to cancel a PO that is %s without a reason", (status) => {
      expect(refusal(run(status, base, { type: "CANCEL", at: AT, reason: "\t" }))).toBe(
        "Give a reason for cancelling the purchase order.",
      );
    });

    it.each(cancellable)("refuses to cancel a PO that is %s once goods were received", (status) => {
      expect(refusal(run(status, ctx({ receivedAny: true }), { type: "CANCEL", at: AT, reason: "Stop" }))).toBe(
        "This purchase order cannot be cancelled once goods have been received.",
      );
    });

    it.each(["partially_received", "received", "invoiced", "closed"] as const)("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, ctx({ receivedAny: true }), { type: "CANCEL", at: AT, reason: "Stop" }))).toBe(
        "This purchase order cannot be cancelled once goods have been received.",
      );
    });

    it("refuses a declined PO", () => {
      expect(refusal(run("declined", base, { type: "CANCEL", at: AT, reason: "Stop" }))).toBe(
        "The supplier declined this purchase order; there is nothing left to cancel.",
      );
    });

    it("refuses a PO already cancelled", () => {
      expect(refusal(run("cancelled", base, { type: "CANCEL", at: AT, reason: "Stop" }))).toBe(
        "This purchase order is already cancelled.",
      );
    });
  });

  describe("CHANGE (change orders)", () => {
    const CHANGER = "user-buyer-two";
    const pending = (over: Partial<PurchaseOrderContext> = {}) =>
      ctx({ requiredApprovals: 1, approvals: [], changedBy: CHANGER, changeFrom: "acknowledged", ...over });

    it.each(CHANGEABLE)("issues the new revision at once from %s when the total does not rise", (status) => {
      const from = ctx({ approvals: [FINANCE_A], receivedAny: status === "partially_received" });
      const result = allowed(run(status, from, change({ totalRises: false, requiredApprovals: 2 })));
      expect(result.status).toBe("issued");
      expect(result.context).toMatchObject({ approvals: [], changedBy: null, changeFrom: null });
    });

    it.each([1, 2] as const)(
      "sends a rising total back to approval in tier %i, remembering the author and where it came from",
      (requiredApprovals) => {
        for (const status of CHANGEABLE) {
          const result = allowed(
            run(status, ctx({ approvals: [FINANCE_A] }), change({ totalRises: true, requiredApprovals })),
          );
          expect(result.status).toBe("pending_approval");
          expect(result.context).toMatchObject({
            requiredApprovals,
            approvals: [],
            changedBy: CHANGER,
            changeFrom: status,
          });
        }
      },
    );

    it("issues a rising total at once when its tier needs no approval", () => {
      const result = allowed(run("acknowledged", base, change({ totalRises: true, requiredApprovals: 0 })));
      expect(result.status).toBe("issued");
    });

    it("refuses a change without a reason", () => {
      expect(refusal(run("issued", base, change({ reason: "  " })))).toBe("Give a reason for the change.");
    });

    it("refuses a change that leaves nothing to receive", () => {
      expect(
        refusal(run("partially_received", ctx({ receivedAny: true }), change({ goodsLeftToReceive: false }))),
      ).toBe("After this change every line would already be fully received; leave something to deliver.");
    });

    it("points a draft to editing", () => {
      expect(refusal(run("draft", base, change()))).toBe(
        "A draft can be edited directly; change orders are for issued purchase orders.",
      );
    });

    it.each([
      ["pending_approval", "pending approval"],
      ["approved", "approved"],
      ["rejected", "rejected"],
    ] as const)("refuses a PO that is %s", (status, phrase) => {
      expect(refusal(run(status, base, change()))).toBe(
        `Only an issued purchase order can be changed with a change order; this one is ${phrase}.`,
      );
    });

    it.each(["received", "invoiced", "closed"] as const)("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, ctx({ receivedAny: true }), change()))).toBe(
        "All goods on this purchase order have been received, so it can no longer be changed.",
      );
    });

    it.each(["declined", "cancelled"] as const)("refuses a PO that is %s", (status) => {
      expect(refusal(run(status, base, change()))).toBe(`This purchase order is ${status}, so it cannot be changed.`);
    });

    it("refuses the change's author as approver (separation of duties)", () => {
      expect(refusal(run("pending_approval", pending(), { type: "APPROVE", at: AT, approverId: CHANGER }))).toBe(
        "You made this change order, so you cannot approve it (separation of duties).",
      );
      expect(
        refusal(run("pending_approval", pending(), { type: "REJECT", at: AT, approverId: CHANGER, reason: "No" })),
      ).toBe("You made this change order, so you cannot reject it (separation of duties).");
    });

    it("still refuses the PO's creator as approver of a change order", () => {
      expect(refusal(run("pending_approval", pending(), { type: "APPROVE", at: AT, approverId: CREATOR }))).toBe(
        "You created this purchase order, so you cannot approve it (separation of duties).",
      );
    });

    it("needs two distinct approvers in tier two, then approves, and issue clears the change", () => {
      const two = pending({ requiredApprovals: 2 });
      const first = allowed(run("pending_approval", two, { type: "APPROVE", at: AT, approverId: FINANCE_A }));
      expect(first.status).toBe("pending_approval");
      expect(refusal(run("pending_approval", first.context, { type: "APPROVE", at: AT, approverId: FINANCE_A }))).toBe(
        "You have already approved this purchase order.",
      );
      const second = allowed(
        run("pending_approval", first.context, { type: "APPROVE", at: AT, approverId: FINANCE_B }),
      );
      expect(second.status).toBe("approved");
      const issued = allowed(run("approved", second.context, { type: "ISSUE", at: AT }));
      expect(issued.status).toBe("issued");
      expect(issued.context).toMatchObject({ changedBy: null, changeFrom: null });
    });

    it.each(CHANGEABLE)("returns a rejected change order to %s, where it came from", (status) => {
      const result = allowed(
        run("pending_approval", pending({ changeFrom: status }), {
          type: "REJECT",
          at: AT,
          approverId: FINANCE_A,
          reason: "Over budget",
        }),
      );
      expect(result.status).toBe(status);
      expect(result.context).toMatchObject({ approvals: [], changedBy: null, changeFrom: null });
    });

    it("still needs a reason to reject a change order", () => {
      expect(
        refusal(run("pending_approval", pending(), { type: "REJECT", at: AT, approverId: FINANCE_A, reason: "" })),
      ).toBe("Give a reason for rejecting the purchase order.");
    });
  });

  describe("allowedEvents", () => {
    const candidates = (approverId: string): PurchaseOrderEvent[] => [
      { type: "UPDATE_DRAFT" },
      { type: "SUBMIT", at: AT, requiredApprovals: 1 },
      { type: "APPROVE", at: AT, approverId },
      { type: "REJECT", at: AT, approverId, reason: "Not in budget" },
      { type: "REVISE" },
      { type: "ISSUE", at: AT },
      { type: "ACKNOWLEDGE", at: AT },
      { type: "DECLINE", at: AT, reason: "Cannot supply" },
      { type: "RECEIVE", at: AT, complete: false },
      { type: "INVOICE", at: AT },
      { type: "CLOSE", at: AT },
      { type: "CANCEL", at: AT, reason: "No longer needed" },
      change({ totalRises: false }),
    ];

    it.each([
      ["draft", base, FINANCE_A, ["UPDATE_DRAFT", "SUBMIT", "CANCEL"]],
      ["pending_approval", base, FINANCE_A, ["APPROVE", "REJECT", "CANCEL"]],
      ["pending_approval", base, CREATOR, ["CANCEL"]],
      ["approved", base, FINANCE_A, ["ISSUE", "CANCEL"]],
      ["rejected", base, FINANCE_A, ["REVISE", "CANCEL"]],
      ["issued", base, FINANCE_A, ["ACKNOWLEDGE", "DECLINE", "CANCEL", "CHANGE"]],
      ["acknowledged", base, FINANCE_A, ["RECEIVE", "CANCEL", "CHANGE"]],
      ["partially_received", ctx({ receivedAny: true }), FINANCE_A, ["RECEIVE", "CHANGE"]],
      ["received", ctx({ receivedAny: true }), FINANCE_A, ["INVOICE"]],
      ["invoiced", ctx({ receivedAny: true }), FINANCE_A, ["CLOSE"]],
      ["closed", ctx({ receivedAny: true }), FINANCE_A, []],
      ["declined", base, FINANCE_A, []],
      ["cancelled", base, FINANCE_A, []],
    ] as const)("offers the right events for a %s PO", (status, context, approverId, expected) => {
      expect(allowedEvents(purchaseOrderWorkflow, status, context, candidates(approverId))).toEqual(expected);
    });

    it("offers APPROVE to a second approver but not to the first one again", () => {
      const halfway = ctx({ requiredApprovals: 2, approvals: [FINANCE_A] });
      expect(allowedEvents(purchaseOrderWorkflow, "pending_approval", halfway, candidates(FINANCE_A))).toEqual([
        "REJECT",
        "CANCEL",
      ]);
      expect(allowedEvents(purchaseOrderWorkflow, "pending_approval", halfway, candidates(FINANCE_B))).toEqual([
        "APPROVE",
        "REJECT",
        "CANCEL",
      ]);
    });
  });
});
