/**
 * Purchase order lifecycle:
 * draft -> pending_approval -> approved -> issued -> acknowledged
 *   -> partially_received -> received -> invoiced -> closed,
 * with rejected (back to draft by REVISE), declined by the supplier, and
 * cancelled before any goods are received.
 *
 * Separation of duties: the creator of a PO can neither approve nor reject
 * it, and with two required approvals the approvers must be distinct.
 *
 * Change orders: an issued, acknowledged or partially received PO can be
 * changed (CHANGE) into a new revision, with a reason. When its total rises
 * into a tier that needs approval it goes back to pending_approval (the
 * change's author may not approve it either), and a rejection returns it to
 * where it was; otherwise the new revision is issued at once. A partially
 * received PO may be changed as long as something is left to receive, so the
 * supplier's acknowledgement of the new revision has deliveries to follow.
 */
import { and, assertEvent, assign, not, setup } from "xstate";
import { cannotWhile, isBlank, statusPhrase } from "./shared";
import type { Workflow } from "./workflow";

export const PURCHASE_ORDER_STATUSES = [
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
] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export type RequiredApprovals = 0 | 1 | 2;

/** The statuses a change order may start from, and so the ones a rejected change returns to. */
export const CHANGEABLE_STATUSES = ["issued", "acknowledged", "partially_received"] as const;
export type ChangeableStatus = (typeof CHANGEABLE_STATUSES)[number];

/** The statuses in which the supplier may invoice: acknowledged, with goods coming or come. */
export const INVOICEABLE_STATUSES = ["acknowledged", "partially_received", "received"] as const;

export function isChangeableStatus(value: unknown): value is ChangeableStatus {
  return (CHANGEABLE_STATUSES as readonly unknown[]).includes(value);
}

export interface PurchaseOrderContext {
  /** User id of whoever created the PO. */
  createdBy: string;
  requiredApprovals: RequiredApprovals;
  /** User ids who approved the current submission, in order. */
  approvals: string[];
  lineCount: number;
  receivedAny: boolean;
  /** Author of the change order awaiting approval, who may not approve it; null otherwise. */
  changedBy: string | null;
  /** While a change order awaits approval: where a rejection returns the PO; null otherwise. */
  changeFrom: ChangeableStatus | null;
}

export type PurchaseOrderEvent =
  | { type: "UPDATE_DRAFT" }
  | { type: "SUBMIT"; at: string; requiredApprovals: RequiredApprovals }
  | { type: "APPROVE"; at: string; approverId: string }
  | { type: "REJECT"; at: string; approverId: string; reason: string }
  | { type: "REVISE" }
  | { type: "ISSUE"; at: string }
  | { type: "ACKNOWLEDGE"; at: string; promisedDate?: string }
  | { type: "DECLINE"; at: string; reason: string }
  | { type: "RECEIVE"; at: string; complete: boolean }
  | { type: "INVOICE"; at: string }
  | { type: "CLOSE"; at: string }
  | { type: "CANCEL"; at: string; reason: string }
  | {
      type: "CHANGE";
      at: string;
      authorId: string;
      reason: string;
      /** Whether the new revision's total, in the policy's currency, is above the previous one's. */
      totalRises: boolean;
      /** The approval tier of the new total. */
      requiredApprovals: RequiredApprovals;
      /** Whether some line still has goods to receive after the change. */
      goodsLeftToReceive: boolean;
    };

/** Verb phrases for the generic refusal. */
const ACTION: Record<PurchaseOrderEvent["type"], string> = {
  UPDATE_DRAFT: "edit",
  SUBMIT: "submit for approval",
  APPROVE: "approve",
  REJECT: "reject",
  REVISE: "revise",
  ISSUE: "issue",
  ACKNOWLEDGE: "acknowledge",
  DECLINE: "decline",
  RECEIVE: "receive goods",
  INVOICE: "invoice",
  CLOSE: "close",
  CANCEL: "cancel",
  CHANGE: "make a change order",
};

const hasLines = (c: PurchaseOrderContext) => c.lineCount >= 1;
const isCreator = (c: PurchaseOrderContext, userId: string) => userId === c.createdBy;
const isChangeAuthor = (c: PurchaseOrderContext, userId: string) => c.changedBy !== null && userId === c.changedBy;
/** A change needs approval only when its total rises into a tier that asks for one. */
const changeNeedsApproval = (e: { totalRises: boolean; requiredApprovals: RequiredApprovals }) =>
  e.totalRises && e.requiredApprovals > 0;
const hasApproved = (c: PurchaseOrderContext, userId: string) => c.approvals.includes(userId);
/** Whether this (new, distinct) approver brings the approvals up to the number required. */
const completesApproval = (c: PurchaseOrderContext) => c.approvals.length + 1 >= c.requiredApprovals;

/** Statuses from which a PO may still be cancelled (and only if nothing was received). */
const CANCELLABLE: readonly PurchaseOrderStatus[] = [
  "draft",
  "pending_approval",
  "approved",
  "rejected",
  "issued",
  "acknowledged",
];
const RECEIVING: readonly PurchaseOrderStatus[] = ["partially_received", "received", "invoiced", "closed"];
const AFTER_APPROVAL: readonly PurchaseOrderStatus[] = ["approved", "issued", "acknowledged", "declined", ...RECEIVING];
const AFTER_ISSUE: readonly PurchaseOrderStatus[] = ["issued", "acknowledged", "declined", ...RECEIVING];

/** CHANGE from an issued status: back to approval when the new total needs it, else issued at once. */
const changeFrom = (from: ChangeableStatus) => [
  {
    target: "pending_approval" as const,
    guard: and(["reasonGiven", "goodsLeftToReceive", "changeNeedsApproval"]),
    actions: { type: "startChangeApproval" as const, params: { from } },
  },
  { target: "issued" as const, guard: and(["reasonGiven", "goodsLeftToReceive"]), actions: "endChange" as const },
];

export const purchaseOrderMachine = setup({
  types: {} as { context: PurchaseOrderContext; events: PurchaseOrderEvent; input: PurchaseOrderContext },
  guards: {
    hasLines: ({ context }) => hasLines(context),
    needsNoApproval: ({ event }) => {
      assertEvent(event, "SUBMIT");
      return event.requiredApprovals === 0;
    },
    byCreator: ({ context, event }) => {
      assertEvent(event, ["APPROVE", "REJECT"]);
      return isCreator(context, event.approverId) || isChangeAuthor(context, event.approverId);
    },
    alreadyApproved: ({ context, event }) => {
      assertEvent(event, "APPROVE");
      return hasApproved(context, event.approverId);
    },
    completesApproval: ({ context }) => completesApproval(context),
    reasonGiven: ({ event }) => {
      assertEvent(event, ["REJECT", "DECLINE", "CANCEL", "CHANGE"]);
      return !isBlank(event.reason);
    },
    changeNeedsApproval: ({ event }) => {
      assertEvent(event, "CHANGE");
      return changeNeedsApproval(event);
    },
    goodsLeftToReceive: ({ event }) => {
      assertEvent(event, "CHANGE");
      return event.goodsLeftToReceive;
    },
    changedFrom: ({ context }, params: { status: ChangeableStatus }) => context.changeFrom === params.status,
    isChangeOrder: ({ context }) => context.changeFrom !== null,
    receivesAll: ({ event }) => {
      assertEvent(event, "RECEIVE");
      return event.complete;
    },
    nothingReceived: ({ context }) => !context.receivedAny,
  },
  actions: {
    startApproval: assign(({ event }) => {
      assertEvent(event, "SUBMIT");
      return { requiredApprovals: event.requiredApprovals, approvals: [] };
    }),
    recordApproval: assign({
      approvals: ({ context, event }) => {
        assertEvent(event, "APPROVE");
        return [...context.approvals, event.approverId];
      },
    }),
    clearApprovals: assign({ approvals: () => [] }),
    markReceived: assign({ receivedAny: () => true }),
    startChangeApproval: assign(({ event }, params: { from: ChangeableStatus }) => {
      assertEvent(event, "CHANGE");
      return {
        requiredApprovals: event.requiredApprovals,
        approvals: [],
        changedBy: event.authorId,
        changeFrom: params.from,
      };
    }),
    endChange: assign({ approvals: () => [], changedBy: () => null, changeFrom: () => null }),
    clearChange: assign({ changedBy: () => null, changeFrom: () => null }),
  },
}).createMachine({
  id: "purchase_order",
  initial: "draft",
  context: ({ input }) => input,
  states: {
    draft: {
      on: {
        UPDATE_DRAFT: { target: "draft" },
        SUBMIT: [
          { target: "approved", guard: and(["hasLines", "needsNoApproval"]), actions: "startApproval" },
          { target: "pending_approval", guard: "hasLines", actions: "startApproval" },
        ],
        CANCEL: { target: "cancelled", guard: and(["nothingReceived", "reasonGiven"]) },
      },
    },
    pending_approval: {
      on: {
        APPROVE: [
          {
            target: "approved",
            guard: and([not("byCreator"), not("alreadyApproved"), "completesApproval"]),
            actions: "recordApproval",
          },
          {
            target: "pending_approval",
            guard: and([not("byCreator"), not("alreadyApproved")]),
            actions: "recordApproval",
          },
        ],
        REJECT: [
          // A rejected change order leaves the PO as the supplier last had it.
          ...CHANGEABLE_STATUSES.map((status) => ({
            target: status,
            guard: and([not("byCreator"), "reasonGiven", { type: "changedFrom" as const, params: { status } }]),
            actions: "endChange" as const,
          })),
          { target: "rejected", guard: and([not("byCreator"), "reasonGiven", not("isChangeOrder")]) },
        ],
        CANCEL: { target: "cancelled", guard: and(["nothingReceived", "reasonGiven"]) },
      },
    },
    approved: {
      on: {
        ISSUE: { target: "issued", actions: "clearChange" },
        CANCEL: { target: "cancelled", guard: and(["nothingReceived", "reasonGiven"]) },
      },
    },
    rejected: {
      on: {
        REVISE: { target: "draft", actions: "clearApprovals" },
        CANCEL: { target: "cancelled", guard: and(["nothingReceived", "reasonGiven"]) },
      },
    },
    issued: {
      on: {
        ACKNOWLEDGE: { target: "acknowledged" },
        DECLINE: { target: "declined", guard: "reasonGiven" },
        CANCEL: { target: "cancelled", guard: and(["nothingReceived", "reasonGiven"]) },
        CHANGE: changeFrom("issued"),
      },
    },
    acknowledged: {
      on: {
        RECEIVE: [
          { target: "received", guard: "receivesAll", actions: "markReceived" },
          { target: "partially_received", actions: "markReceived" },
        ],
        CANCEL: { target: "cancelled", guard: and(["nothingReceived", "reasonGiven"]) },
        CHANGE: changeFrom("acknowledged"),
      },
    },
    partially_received: {
      on: {
        RECEIVE: [
          { target: "received", guard: "receivesAll", actions: "markReceived" },
          { target: "partially_received", actions: "markReceived" },
        ],
        CHANGE: changeFrom("partially_received"),
      },
    },
    received: {
      on: {
        INVOICE: { target: "invoiced" },
      },
    },
    invoiced: {
      on: {
        CLOSE: { target: "closed" },
      },
    },
    declined: { type: "final" },
    closed: { type: "final" },
    cancelled: { type: "final" },
  },
});

function explainPurchaseOrderRefusal(
  status: PurchaseOrderStatus,
  context: PurchaseOrderContext,
  event: PurchaseOrderEvent,
): string {
  const is = (...statuses: readonly PurchaseOrderStatus[]) => statuses.includes(status);
  switch (event.type) {
    case "UPDATE_DRAFT":
      if (status === "rejected") return "This purchase order was rejected; revise it before editing it.";
      if (status !== "draft") return `Only a draft purchase order can be edited; this one is ${statusPhrase(status)}.`;
      break;
    case "SUBMIT":
      if (status === "rejected") return "This purchase order was rejected; revise it before submitting it again.";
      if (is("pending_approval", ...AFTER_APPROVAL)) return "This purchase order has already been submitted.";
      if (status === "draft" && !hasLines(context)) {
        return "Add at least one line before submitting the purchase order for approval.";
      }
      break;
    case "APPROVE":
    case "REJECT": {
      const verb = event.type === "APPROVE" ? "approve" : "reject";
      if (status === "draft") return "This purchase order has not been submitted for approval yet.";
      if (is(...AFTER_APPROVAL)) return "This purchase order has already been approved.";
      if (status === "rejected") return "This purchase order has already been rejected.";
      if (status !== "pending_approval") break;
      if (isCreator(context, event.approverId)) {
        return `You created this purchase order, so you cannot ${verb} it (separation of duties).`;
      }
      if (isChangeAuthor(context, event.approverId)) {
        return `You made this change order, so you cannot ${verb} it (separation of duties).`;
      }
      if (event.type === "APPROVE" && hasApproved(context, event.approverId)) {
        return "You have already approved this purchase order.";
      }
      if (event.type === "REJECT" && isBlank(event.reason)) return "Give a reason for rejecting the purchase order.";
      break;
    }
    case "REVISE":
      if (status !== "rejected") {
        return `Only a rejected purchase order can be revised; this one is ${statusPhrase(status)}.`;
      }
      break;
    case "ISSUE":
      if (status === "draft") return "This purchase order must be submitted and approved before it can be issued.";
      if (status === "pending_approval")
        return "This purchase order is still awaiting approval, so it cannot be issued yet.";
      if (status === "rejected")
        return "This purchase order was rejected; revise it and have it approved before issuing it.";
      if (is(...AFTER_ISSUE)) return "This purchase order has already been issued.";
      break;
    case "ACKNOWLEDGE":
    case "DECLINE": {
      const verb = event.type === "ACKNOWLEDGE" ? "acknowledged" : "declined";
      if (is("draft", "pending_approval", "approved", "rejected")) {
        return `This purchase order has not been issued yet, so it cannot be ${verb}.`;
      }
      if (status === "declined") return "The supplier has already declined this purchase order.";
      if (is("acknowledged", ...RECEIVING)) {
        return event.type === "ACKNOWLEDGE"
          ? "This purchase order has already been acknowledged."
          : "This purchase order has already been acknowledged, so it can no longer be declined.";
      }
      if (event.type === "DECLINE" && status === "issued" && isBlank(event.reason)) {
        return "Give a reason for declining the purchase order.";
      }
      break;
    }
    case "RECEIVE":
      if (status === "issued")
        return "The supplier has not acknowledged this purchase order yet, so goods cannot be received.";
      if (is("received", "invoiced", "closed")) return "All goods on this purchase order have already been received.";
      if (is("draft", "pending_approval", "approved", "rejected")) {
        return "This purchase order has not been issued yet, so goods cannot be received.";
      }
      break;
    case "INVOICE":
      if (status === "partially_received") {
        return "Only part of this purchase order has been received; it can be invoiced once all goods are received.";
      }
      if (is("invoiced", "closed")) return "This purchase order has already been invoiced.";
      break;
    case "CLOSE":
      if (status === "closed") return "This purchase order is already closed.";
      if (status === "received") return "This purchase order has not been invoiced yet, so it cannot be closed.";
      break;
    case "CANCEL":
      if (status === "cancelled") return "This purchase order is already cancelled.";
      if (is(...RECEIVING) || (is(...CANCELLABLE) && context.receivedAny)) {
        return "This purchase order cannot be cancelled once goods have been received.";
      }
      if (status === "declined") return "The supplier declined this purchase order; there is nothing left to cancel.";
      if (is(...CANCELLABLE) && isBlank(event.reason)) return "Give a reason for cancelling the purchase order.";
      break;
    case "CHANGE":
      if (status === "draft") return "A draft can be edited directly; change orders are for issued purchase orders.";
      if (is("pending_approval", "approved", "rejected")) {
        return `Only an issued purchase order can be changed with a change order; this one is ${statusPhrase(status)}.`;
      }
      if (is("received", "invoiced", "closed")) {
        return "All goods on this purchase order have been received, so it can no longer be changed.";
      }
      if (is("declined", "cancelled")) return `This purchase order is ${status}, so it cannot be changed.`;
      if (isBlank(event.reason)) return "Give a reason for the change.";
      if (!event.goodsLeftToReceive) {
        return "After this change every line would already be fully received; leave something to deliver.";
      }
      break;
  }
  return cannotWhile("purchase order", ACTION[event.type], status);
}

export const purchaseOrderWorkflow: Workflow<PurchaseOrderStatus, PurchaseOrderContext, PurchaseOrderEvent> = {
  name: "purchase_order",
  version: 2,
  machine: purchaseOrderMachine,
  statuses: PURCHASE_ORDER_STATUSES,
  explainRefusal: explainPurchaseOrderRefusal,
};
