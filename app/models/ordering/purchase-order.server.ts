/**
 * The core of a purchase order: numbering, loading it for a person (404 for
 * whoever may not read it, 403 for an action they may not take), moving it
 * through its machine, and what a supplier may see of a change awaiting
 * approval. Every use case in this folder builds on these.
 */
import type { PurchaseOrder } from "../../../db/schema";
import {
  purchaseOrderWorkflow,
  type PurchaseOrderContext,
  type PurchaseOrderEvent,
  type PurchaseOrderStatus,
  type RequiredApprovals,
} from "../../../workflows/purchase-order.machine";
import { runTransition } from "../../../workflows/run-transition.server";
import { authorize } from "../../auth/authorize.server";
import { subject, type Actor, type AppAbility } from "../../auth/ability";
import { notFound } from "../../utils/http.server";
import type { Trx } from "../../../db/client.server";
import { type Ctx } from "../shared/context.server";
import { poNumberPrefix } from "../shared/organisation-settings.server";

/**
 * The next number of the organisation's year: PO-2026-000123, "PO" being
 * the organisation's prefix (its settings). The counter row is upserted, so
 * concurrent creations queue on its row lock and a number is never handed
 * out twice (a rolled-back one is simply skipped). The counter is the
 * organisation's, whatever the prefix: changing the prefix, even back and
 * forth, can never repeat a number, and numbers given keep their prefix.
 */
export async function nextPoNumber(trx: Trx, orgId: string, year: number): Promise<string> {
  const row = await trx
    .insertInto("po_number_sequences")
    .values({ org_id: orgId, year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "year"])
        .doUpdateSet((eb) => ({ last_value: eb("po_number_sequences.last_value", "+", 1) })),
    )
    .returning("last_value")
    .executeTakeFirstOrThrow();
  const prefix = await poNumberPrefix(trx, orgId);
  return `${prefix}-${year}-${String(row.last_value).padStart(6, "0")}`;
}

export async function poContext(trx: Trx, po: PurchaseOrder): Promise<PurchaseOrderContext> {
  const [lines, approvals, received] = await Promise.all([
    trx
      .selectFrom("purchase_order_lines")
      .where("po_id", "=", po.id)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom("approvals")
      .where("po_id", "=", po.id)
      .where("po_revision", "=", po.revision)
      .where("submission", "=", po.submission)
      .where("decision", "=", "approved")
      .select("approver_id")
      .orderBy("created_at")
      .execute(),
    trx
      .selectFrom("receipts")
      .where("po_id", "=", po.id)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    createdBy: po.created_by,
    requiredApprovals: Math.min(2, Math.max(0, po.required_approvals)) as RequiredApprovals,
    approvals: approvals.map((a) => a.approver_id),
    lineCount: Number(lines.n),
    receivedAny: Number(received.n) > 0,
    changedBy: po.change_from ? po.revised_by : null,
    changeFrom: po.change_from,
  };
}

type PoChanges =
  | Record<string, unknown>
  | ((result: { from: PurchaseOrderStatus; to: PurchaseOrderStatus }) => Record<string, unknown>);

export function transitionPurchaseOrder(
  trx: Trx,
  actor: Actor,
  id: string,
  event: PurchaseOrderEvent,
  options: { expectedVersion?: number; changes?: PoChanges; auditData?: Record<string, unknown> } = {},
) {
  return runTransition<PurchaseOrderStatus, PurchaseOrderContext, PurchaseOrderEvent, PurchaseOrder>(trx, {
    workflow: purchaseOrderWorkflow,
    table: "purchase_orders",
    id,
    event,
    actor,
    expectedVersion: options.expectedVersion,
    context: (row) => poContext(trx, row),
    changes: (result) => (typeof options.changes === "function" ? options.changes(result) : (options.changes ?? {})),
    auditData: options.auditData,
  });
}

/** The revision and submission of the PO as the transition, which holds its lock, left them. */
export function lockedSubmission(trx: Trx, id: string) {
  return trx
    .selectFrom("purchase_orders")
    .where("id", "=", id)
    .select(["revision", "submission", "revised_by"])
    .executeTakeFirstOrThrow();
}

export function tag(po: PurchaseOrder) {
  return subject("PurchaseOrder", po);
}

export function assertCan(ability: AppAbility, action: "approve" | "reject", po: PurchaseOrder) {
  authorize(ability, action, tag(po), "purchase order");
}

/** The PO as stored (no lock: a transition locks its row itself), or 404 for anyone who may not read it and 403 for an action they may not take. */
export async function loadPurchaseOrderFor(
  ctx: Pick<Ctx, "db" | "ability">,
  id: string,
  action: "read" | "submit" | "acknowledge" | "cancel" | "decline" | "update" | "receive" | "invoice",
) {
  const po = await ctx.db.selectFrom("purchase_orders").selectAll().where("id", "=", id).executeTakeFirst();
  if (!po) throw notFound("No such purchase order.");
  authorize(ctx.ability, action, tag(po), "purchase order");
  return po;
}

/**
 * While a change order awaits the buyer's approval the supplier keeps the
 * revision it was issued: the proposed one is internal until it is issued.
 */
export function changeHiddenFrom(
  ability: AppAbility,
  po: { status: PurchaseOrderStatus; revision: number; buyer_org_id: string; supplier_org_id: string },
): boolean {
  return (
    po.status === "pending_approval" &&
    po.revision > 1 &&
    !ability.can("readPendingChange", subject("PurchaseOrder", po))
  );
}
