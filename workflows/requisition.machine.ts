/**
 * Requisition lifecycle: what a person (or a reorder rule) asks for.
 * draft -> submitted -> approved | rejected; approved -> ordered | sourcing
 * -> closed; cancelled from draft or submitted.
 *
 * Approval: SUBMIT carries how many approvals the organisation's rule asks
 * for the requisition's amount (0, 1 or 2). With none it is approved at once
 * (AUTO_APPROVE, sent by the routing right after SUBMIT, so the audit log
 * shows both steps). Separation of duties: whoever requested it neither
 * approves nor rejects it, and two approvals come from two people. Whether
 * the approver holds the rule's role is data the use case checks; the
 * machine judges the person against the record.
 *
 * After approval the requisition's status follows its lines
 * (`statusFromLines`): a requisition mixing catalogue and free-text lines is
 * "sourcing" while any line waits for an RFQ, "ordered" once every line has
 * its PO, "closed" once every line is done. Catalogue lines held open (a cap,
 * a later ordering window) keep it "approved". PROGRESS moves it there, and
 * only there. docs/decisions/030-requisitions.md.
 */
import { and, assertEvent, assign, not, setup } from "xstate";

import { cannotWhile, isBlank } from "./shared";
import type { Workflow } from "./workflow";

export const REQUISITION_STATUSES = [
  "draft",
  "submitted",
  "approved",
  "rejected",
  "ordered",
  "sourcing",
  "closed",
  "cancelled",
] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];

export type RequisitionApprovals = 0 | 1 | 2;

/** How many of a requisition's lines stand where (cancelled lines are left out). */
export interface LineTally {
  /** Approved catalogue lines not ordered yet (waiting for their window, or held with a reason). */
  open: number;
  /** Free-text lines waiting for an RFQ or its award. */
  sourcing: number;
  /** Lines on a PO still under way. */
  ordered: number;
  /** Lines whose PO is received, invoiced or closed. */
  closed: number;
}

export interface RequisitionContext {
  /** Null when a reorder rule raised it. */
  requestedBy: string | null;
  requiredApprovals: RequisitionApprovals;
  /** User ids who approved, in order. */
  approvals: string[];
  lineCount: number;
}

export type RequisitionEvent =
  | { type: "SUBMIT"; at: string; requiredApprovals: RequisitionApprovals }
  | { type: "AUTO_APPROVE"; at: string }
  | { type: "APPROVE"; at: string; approverId: string }
  | { type: "REJECT"; at: string; approverId: string; reason: string }
  | { type: "CANCEL"; at: string; reason: string }
  | { type: "PROGRESS"; at: string; lines: LineTally };

/** Where the lines put an approved requisition; null while nothing is counted. */
export function statusFromLines(lines: LineTally): "approved" | "sourcing" | "ordered" | "closed" | null {
  const total = lines.open + lines.sourcing + lines.ordered + lines.closed;
  if (total === 0) return null;
  if (lines.sourcing > 0) return "sourcing";
  if (lines.open > 0) return "approved";
  if (lines.ordered > 0) return "ordered";
  return "closed";
}

const VERBS: Record<RequisitionEvent["type"], string> = {
  SUBMIT: "submit",
  AUTO_APPROVE: "approve",
  APPROVE: "approve",
  REJECT: "reject",
  CANCEL: "cancel",
  PROGRESS: "move on",
};

const progressTo =
  (target: "approved" | "sourcing" | "ordered" | "closed") =>
  ({ event }: { event: RequisitionEvent }) =>
    event.type === "PROGRESS" && statusFromLines(event.lines) === target;

/** PROGRESS to wherever the lines put it, from any of the after-approval states except the one it is in. */
const progress = (from: "approved" | "sourcing" | "ordered") =>
  (["approved", "sourcing", "ordered", "closed"] as const)
    .filter((to) => to !== from)
    .map((to) => ({ target: to, guard: { type: "linesAt" as const, params: { to } } }));

export const requisitionMachine = setup({
  types: {} as { context: RequisitionContext; events: RequisitionEvent; input: RequisitionContext },
  guards: {
    hasLines: ({ context }) => context.lineCount > 0,
    needsNoApproval: ({ context }) => context.requiredApprovals === 0,
    byRequester: ({ context, event }) => {
      assertEvent(event, ["APPROVE", "REJECT"]);
      return context.requestedBy !== null && event.approverId === context.requestedBy;
    },
    alreadyApproved: ({ context, event }) => {
      assertEvent(event, "APPROVE");
      return context.approvals.includes(event.approverId);
    },
    completesApproval: ({ context }) => context.approvals.length + 1 >= context.requiredApprovals,
    reasonGiven: ({ event }) => {
      assertEvent(event, ["REJECT", "CANCEL"]);
      return !isBlank(event.reason);
    },
    linesAt: ({ event }, params: { to: "approved" | "sourcing" | "ordered" | "closed" }) =>
      progressTo(params.to)({ event }),
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
  },
}).createMachine({
  id: "requisition",
  initial: "draft",
  context: ({ input }) => input,
  states: {
    draft: {
      on: {
        SUBMIT: { target: "submitted", guard: "hasLines", actions: "startApproval" },
        CANCEL: { target: "cancelled", guard: "reasonGiven" },
      },
    },
    submitted: {
      on: {
        AUTO_APPROVE: { target: "approved", guard: "needsNoApproval" },
        APPROVE: [
          {
            target: "approved",
            guard: and([not("byRequester"), not("alreadyApproved"), "completesApproval"]),
            actions: "recordApproval",
          },
          // The first of two approvals: recorded, still waiting for the second person.
          { guard: and([not("byRequester"), not("alreadyApproved")]), actions: "recordApproval" },
        ],
        REJECT: { target: "rejected", guard: and([not("byRequester"), "reasonGiven"]) },
        CANCEL: { target: "cancelled", guard: "reasonGiven" },
      },
    },
    approved: { on: { PROGRESS: progress("approved") } },
    sourcing: { on: { PROGRESS: progress("sourcing") } },
    ordered: { on: { PROGRESS: progress("ordered") } },
    rejected: {},
    closed: {},
    cancelled: {},
  },
});

function explainRequisitionRefusal(
  status: RequisitionStatus,
  context: RequisitionContext,
  event: RequisitionEvent,
): string {
  const verb = VERBS[event.type];
  if (event.type === "SUBMIT" && status === "draft") return "Add at least one line before submitting.";
  if ((event.type === "APPROVE" || event.type === "REJECT") && status === "submitted") {
    if (context.requestedBy !== null && event.approverId === context.requestedBy)
      return `You asked for this requisition, so you cannot ${verb} it: someone else decides.`;
    if (event.type === "APPROVE" && context.approvals.includes(event.approverId))
      return "You have already approved this requisition; a second approval must come from someone else.";
    if (event.type === "REJECT") return "Give a reason.";
  }
  if (event.type === "CANCEL" && (status === "draft" || status === "submitted")) return "Give a reason.";
  if (event.type === "AUTO_APPROVE" && status === "submitted") return "This requisition waits for an approval.";
  if (event.type === "PROGRESS") return `The requisition stays ${status}.`;
  return cannotWhile("requisition", verb, status);
}

export const requisitionWorkflow: Workflow<RequisitionStatus, RequisitionContext, RequisitionEvent> = {
  name: "requisition",
  version: 1,
  machine: requisitionMachine,
  statuses: REQUISITION_STATUSES,
  explainRefusal: explainRequisitionRefusal,
};
