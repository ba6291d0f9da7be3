/**
 * Supplier qualification: the buying organisation's judgement of a supplier
 * it has a relationship with, beside (not inside) the supplier's consent
 * (`supplier-relationship.machine.ts`). Only a supplier that consented
 * (`active`) and is `approved` here may be invited, awarded or ordered from
 * (docs/decisions/027-supplier-qualification.md).
 *
 *   pending --APPROVE--> approved --SUSPEND--> suspended --LIFT--> approved
 *                                               suspended --REINSTATE--> approved
 *   pending | approved | suspended --BLOCK--> blocked --UNBLOCK--> pending
 *
 * SUSPEND comes from a buyer (with a reason) or from the expiry job when a
 * required document ran out (`automatic`). REINSTATE is the system's move
 * back once every required document is approved and in date again; it only
 * undoes an automatic suspension, never one a buyer decided. BLOCK is a
 * buyer's decision with a reason; only an admin lifts it (UNBLOCK), and the
 * supplier then starts again at `pending`, to be judged afresh.
 */
import { setup } from "xstate";
import { cannotWhile, isBlank } from "./shared";
import type { Workflow } from "./workflow";

export const SUPPLIER_QUALIFICATION_STATUSES = ["pending", "approved", "suspended", "blocked"] as const;
export type SupplierQualificationStatus = (typeof SUPPLIER_QUALIFICATION_STATUSES)[number];

export interface SupplierQualificationContext {
  /** The current suspension was the expiry job's, not a buyer's. */
  suspendedAutomatically: boolean;
  /** Every document the supplier's categories require is approved and not expired. */
  documentsInOrder: boolean;
}

export type SupplierQualificationEvent =
  | { type: "APPROVE"; at: string }
  | { type: "SUSPEND"; at: string; reason: string; automatic: boolean }
  | { type: "LIFT"; at: string }
  | { type: "REINSTATE"; at: string }
  | { type: "BLOCK"; at: string; reason: string }
  | { type: "UNBLOCK"; at: string; reason: string };

export const supplierQualificationMachine = setup({
  types: {} as {
    context: SupplierQualificationContext;
    events: SupplierQualificationEvent;
    input: SupplierQualificationContext;
  },
  guards: {
    hasReason: ({ event }) => "reason" in event && !isBlank(event.reason),
    renewedAfterExpiry: ({ context }) => context.suspendedAutomatically && context.documentsInOrder,
  },
}).createMachine({
  id: "supplier_qualification",
  initial: "pending",
  context: ({ input }) => input,
  states: {
    pending: {
      on: {
        APPROVE: { target: "approved" },
        BLOCK: { target: "blocked", guard: "hasReason" },
      },
    },
    approved: {
      on: {
        SUSPEND: { target: "suspended", guard: "hasReason" },
        BLOCK: { target: "blocked", guard: "hasReason" },
      },
    },
    suspended: {
      on: {
        LIFT: { target: "approved" },
        REINSTATE: { target: "approved", guard: "renewedAfterExpiry" },
        BLOCK: { target: "blocked", guard: "hasReason" },
      },
    },
    blocked: {
      on: { UNBLOCK: { target: "pending", guard: "hasReason" } },
    },
  },
});

const VERBS: Record<SupplierQualificationEvent["type"], string> = {
  APPROVE: "approve the supplier",
  SUSPEND: "suspend the supplier",
  LIFT: "lift the suspension",
  REINSTATE: "reinstate the supplier",
  BLOCK: "block the supplier",
  UNBLOCK: "lift the block",
};

function explainSupplierQualificationRefusal(
  status: SupplierQualificationStatus,
  context: SupplierQualificationContext,
  event: SupplierQualificationEvent,
): string {
  const needsReason =
    (event.type === "SUSPEND" && status === "approved") ||
    (event.type === "BLOCK" && status !== "blocked") ||
    (event.type === "UNBLOCK" && status === "blocked");
  if (needsReason && "reason" in event && isBlank(event.reason))
    return "Give a reason: the supplier's record keeps it.";
  if (event.type === "APPROVE" && status === "approved") return "This supplier is already approved.";
  if (event.type === "APPROVE" && status === "suspended") return "This supplier is suspended: lift the suspension.";
  if (event.type === "BLOCK" && status === "blocked") return "This supplier is already blocked.";
  if (event.type === "SUSPEND" && status === "suspended") return "This supplier is already suspended.";
  if (event.type === "REINSTATE" && status === "suspended") {
    return context.suspendedAutomatically
      ? "Some required documents are still missing, unapproved or expired."
      : "A buyer suspended this supplier; only a buyer lifts it.";
  }
  if (status === "blocked") return "This supplier is blocked; only an admin can lift the block.";
  return cannotWhile("supplier", VERBS[event.type], status);
}

export const supplierQualificationWorkflow: Workflow<
  SupplierQualificationStatus,
  SupplierQualificationContext,
  SupplierQualificationEvent
> = {
  name: "supplier_qualification",
  version: 1,
  machine: supplierQualificationMachine,
  statuses: SUPPLIER_QUALIFICATION_STATUSES,
  explainRefusal: explainSupplierQualificationRefusal,
};
