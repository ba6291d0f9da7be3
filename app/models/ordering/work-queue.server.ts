/**
 * The purchase-order part of the dashboard's work queues: the buyer's drafts
 * to submit, rejected POs and POs to receive; finance's POs to approve
 * (oldest first, with the amount in the policy's currency); the supplier's
 * POs to acknowledge, change orders to acknowledge again and deliveries due.
 *
 * Each queue is one query filtered in SQL by the ability rule of the action
 * it waits for (`accessibleWhere`), so a queue exists only for those who may
 * act on it and the number of queries is fixed whatever the data.
 */
import { sql } from "kysely";

import type { PurchaseOrderStatus } from "../../../workflows/purchase-order.machine";
import { accessibleWhere } from "../../auth/accessible.server";
import type { Action } from "../../auth/ability";
import { formatMoney } from "../../utils/money";
import { formatInstant } from "../../utils/time";
import { type Ctx } from "../shared/context.server";
import { QUEUE_ITEMS_SHOWN, totalOf, type WorkQueue } from "../shared/work-queue";
import { listApprovalQueue } from "./queries.server";
import { msg, msgWith } from "../../i18n/config";

/** Deliveries due within this many days (or late) are in the supplier's queue. */
const DELIVERY_HORIZON_DAYS = 14;

export async function orderingQueues(ctx: Ctx): Promise<WorkQueue[]> {
  const queues = await Promise.all([
    toApprove(ctx),
    poQueue(ctx, {
      key: "pos-to-submit",
      title: msg("Purchase orders to submit for approval"),
      action: "submit",
      statuses: ["draft"],
      empty: msg("No draft purchase order waits to be submitted."),
    }),
    poQueue(ctx, {
      key: "pos-rejected",
      title: msg("Rejected purchase orders to revise"),
      action: "update",
      statuses: ["rejected"],
      empty: msg("No purchase order was rejected. Good news."),
    }),
    poQueue(ctx, {
      key: "pos-to-receive",
      title: msg("Goods to receive"),
      action: "receive",
      statuses: ["acknowledged", "partially_received"],
      empty: msg("Nothing is on its way that still needs a receipt."),
      byDueDate: true,
    }),
    poQueue(ctx, {
      key: "pos-to-acknowledge",
      title: msg("Purchase orders to acknowledge"),
      action: "acknowledge",
      statuses: ["issued"],
      revision: "first",
      empty: msg("Every purchase order is acknowledged."),
    }),
    poQueue(ctx, {
      key: "change-orders",
      title: msg("Change orders to acknowledge"),
      action: "acknowledge",
      statuses: ["issued"],
      revision: "changed",
      empty: msg("No change order waits for you."),
    }),
    poQueue(ctx, {
      key: "deliveries-due",
      title: msgWith("Deliveries due (next {{days}} days or late)", { days: DELIVERY_HORIZON_DAYS }),
      // The supplier's side of a delivery: whoever may invoice the PO is the one who ships it.
      action: "invoice",
      statuses: ["acknowledged", "partially_received"],
      empty: msgWith("No delivery is due in the next {{days}} days.", { days: DELIVERY_HORIZON_DAYS }),
      byDueDate: true,
      dueWithinDays: DELIVERY_HORIZON_DAYS,
    }),
  ]);
  return queues.filter((q): q is WorkQueue => q !== null);
}

async function toApprove(ctx: Ctx): Promise<WorkQueue | null> {
  if (!accessibleWhere(ctx.ability, "approve", "PurchaseOrder")) return null;
  const queue = await listApprovalQueue(ctx);
  return {
    key: "pos-to-approve",
    title: msg("Purchase orders to approve (oldest first)"),
    count: queue.length,
    items: queue.slice(0, QUEUE_ITEMS_SHOWN).map((p) => ({
      id: p.id,
      href: `/pos/${p.id}`,
      label: p.number,
      detail: [
        p.supplierName,
        formatMoney(p.total, p.currency),
        p.inPolicy && p.inPolicy.amount !== null && p.inPolicy.currency !== p.currency
          ? `≈ ${formatMoney(p.inPolicy.amount, p.inPolicy.currency)}`
          : null,
        p.submitted_at ? `submitted ${formatInstant(p.submitted_at)}` : null,
      ]
        .filter(Boolean)
        .join(" · "),
    })),
    empty: msg("Nothing waits for your approval."),
    more: { href: "/approvals", label: msg("All approvals") },
  };
}

interface PoQueueSpec {
  key: string;
  title: string;
  action: Action;
  statuses: PurchaseOrderStatus[];
  empty: string;
  /** A change order is an issued PO at a revision after the first. */
  revision?: "first" | "changed";
  /** Order by the promised (else wanted) delivery date, soonest first, instead of oldest update first. */
  byDueDate?: boolean;
  /** Only POs whose delivery date is within this many days of today, or past. */
  dueWithinDays?: number;
}

async function poQueue(ctx: Ctx, spec: PoQueueSpec): Promise<WorkQueue | null> {
  const { db, ability, now } = ctx;
  const where = accessibleWhere(ability, spec.action, "PurchaseOrder");
  if (!where) return null;
  const due = sql<string | null>`coalesce(purchase_orders.promised_date, purchase_orders.delivery_date)`;
  const onSupplierSide = !ability.can("readPendingChange", "PurchaseOrder");
  let query = db
    .selectFrom("purchase_orders")
    .innerJoin("organisations as supplier", "supplier.id", "purchase_orders.supplier_org_id")
    .innerJoin("organisations as buyer", "buyer.id", "purchase_orders.buyer_org_id")
    .where((eb) => where(eb))
    .where("purchase_orders.status", "in", spec.statuses)
    .select([
      "purchase_orders.id",
      "purchase_orders.number",
      "purchase_orders.total",
      "purchase_orders.currency",
      "purchase_orders.updated_at",
      "purchase_orders.reason",
      "purchase_orders.change_reason",
      "supplier.name as supplierName",
      "buyer.name as buyerName",
      sql<string | null>`${due}::text`.as("due"),
      sql<string>`count(*) over ()`.as("total_count"),
    ]);
  if (spec.revision === "first") query = query.where("purchase_orders.revision", "=", 1);
  if (spec.revision === "changed") query = query.where("purchase_orders.revision", ">", 1);
  if (spec.dueWithinDays !== undefined) {
    const until = new Date(now.getTime() + spec.dueWithinDays * 24 * 3_600_000).toISOString().slice(0, 10);
    query = query.where(due, "<=", until);
  }
  query = spec.byDueDate
    ? query.orderBy(sql`${due} asc nulls last`).orderBy("purchase_orders.id")
    : query.orderBy("purchase_orders.updated_at").orderBy("purchase_orders.id");
  const rows = await query.limit(QUEUE_ITEMS_SHOWN).execute();
  return {
    key: spec.key,
    title: spec.title,
    count: totalOf(rows.map((r) => ({ total: r.total_count }))),
    items: rows.map((r) => ({
      id: r.id,
      href: `/pos/${r.id}`,
      label: r.number,
      detail: [
        // The other party: a supplier reads its customer's name, a buyer the supplier's.
        onSupplierSide ? r.buyerName : r.supplierName,
        formatMoney(r.total, r.currency),
        r.due ? `due ${r.due}` : null,
        spec.key === "pos-rejected" && r.reason ? `“${r.reason}”` : null,
        spec.revision === "changed" && r.change_reason ? `“${r.change_reason}”` : null,
      ]
        .filter(Boolean)
        .join(" · "),
    })),
    empty: spec.empty,
  };
}
