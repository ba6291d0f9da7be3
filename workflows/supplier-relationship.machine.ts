/**
 * Supplier relationship lifecycle (one per buying organisation and supplier
 * organisation), the supplier's consent to work with a buyer:
 * invited (the buyer asked) -> active (the supplier accepted) | declined.
 * A supplier that declined may change its mind and accept later; the buyer
 * cannot ask again (docs/decisions/016-supplier-consents-to-new-buyers.md).
 * `blocked` is kept for relationships a buyer stopped; nothing leads there
 * yet and nothing leaves it.
 *
 * Only the supplier's side moves the relationship, so the context holds
 * nothing the runner must read: every guard is a function of the status and
 * the event.
 */
import { setup } from "xstate";
import { cannotWhile } from "./shared";
import type { Workflow } from "./workflow";

export const SUPPLIER_RELATIONSHIP_STATUSES = ["invited", "active", "declined", "blocked"] as const;
export type SupplierRelationshipStatus = (typeof SUPPLIER_RELATIONSHIP_STATUSES)[number];

/** Nothing beyond the status decides a move; kept as an object because every workflow has a context. */
export type SupplierRelationshipContext = Record<string, never>;

export type SupplierRelationshipEvent =
  | { type: "ACCEPT"; at: string }
  /** The reason is optional: declining a stranger needs no explanation. */
  | { type: "DECLINE"; at: string; reason: string };

export const supplierRelationshipMachine = setup({
  types: {} as {
    context: SupplierRelationshipContext;
    events: SupplierRelationshipEvent;
    input: SupplierRelationshipContext;
  },
}).createMachine({
  id: "supplier_relationship",
  initial: "invited",
  context: ({ input }) => input,
  states: {
    invited: {
      on: {
        ACCEPT: { target: "active" },
        DECLINE: { target: "declined" },
      },
    },
    active: {},
    declined: {
      // The supplier changes its mind; the buyer is told as on a first acceptance.
      on: { ACCEPT: { target: "active" } },
    },
    blocked: {},
  },
});

function explainSupplierRelationshipRefusal(
  status: SupplierRelationshipStatus,
  _context: SupplierRelationshipContext,
  event: SupplierRelationshipEvent,
): string {
  if (event.type === "ACCEPT" && status === "active") return "You already work with this organisation.";
  if (event.type === "DECLINE" && status === "declined") return "You have already declined this organisation.";
  if (event.type === "DECLINE" && status === "active")
    return "You already work with this organisation; its request can no longer be declined.";
  if (status === "blocked") return "This organisation no longer works with you.";
  return cannotWhile("relationship", event.type === "ACCEPT" ? "accept" : "decline", status);
}

export const supplierRelationshipWorkflow: Workflow<
  SupplierRelationshipStatus,
  SupplierRelationshipContext,
  SupplierRelationshipEvent
> = {
  name: "supplier_relationship",
  version: 1,
  machine: supplierRelationshipMachine,
  statuses: SUPPLIER_RELATIONSHIP_STATUSES,
  explainRefusal: explainSupplierRelationshipRefusal,
};
