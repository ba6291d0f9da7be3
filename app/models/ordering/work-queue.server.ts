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
import { type Ctx } from "../shared/context.server";
import { QUEUE_ITEMS_SHOWN, totalOf, type WorkQueue } from "../shared/work-queue";
import { listApprovalQueue } from "./queries.server";
import { msg, msgWith, shown, type Formatted } from "../../i18n/config";

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
      detail: approvalFacts(p),
    })),
    empty: msg("Nothing waits for your approval."),
    more: { href: "/approvals", label: msg("All approvals") },
  };
}

type ApprovalItem = Awaited<ReturnType<typeof listApprovalQueue>>[number];

/** Who it is from, how much (also in the policy's currency when that differs) and since when it waits. */
function approvalFacts(p: ApprovalItem): string {
  const values = { supplier: p.supplierName, total: shown.money(p.total, p.currency) };
  const inPolicy =
    p.inPolicy && p.inPolicy.amount !== null && p.inPolicy.currency !== p.currency
      ? shown.money(p.inPolicy.amount, p.inPolicy.currency)
      : null;
  if (p.submitted_at) {
    const at = shown.instant(p.submitted_at);
    return inPolicy
      ? msgWith("{{supplier}} · {{total}} · ≈ {{inPolicy}} · submitted {{at}}", { ...values, inPolicy, at })
      : msgWith("{{supplier}} · {{total}} · submitted {{at}}", { ...values, at });
  }
  return inPolicy
    ? msgWith("{{supplier}} · {{total}} · ≈ {{inPolicy}}", { ...values, inPolicy })
    : msgWith("{{supplier}} · {{total}}", values);
}

/** The other party and the amount, with the day it is due and why it waits when there are such. */
function poFacts({
  party,
  total,
  due,
  reason,
}: {
  party: string;
  total: Formatted;
  due: string | null;
  reason: string | null;
}): string {
  if (due) {
    const date = shown.date(due);
    return reason
      ? msgWith("{{party}} · {{total}} · due {{date}} · “{{reason}}”", { party, total, date, reason })
      : msgWith("{{party}} · {{total}} · due {{date}}", { party, total, date });
  }
  return reason
    ? msgWith("{{party}} · {{total}} · “{{reason}}”", { party, total, reason })
    : msgWith("{{party}} · {{total}}", { party, total });
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
      detail: poFacts({
        // The other party: a supplier reads its customer's name, a buyer the supplier's.
        party: onSupplierSide ? r.buyerName : r.supplierName,
        total: shown.money(r.total, r.currency),
        due: r.due,
        // Why it waits: the rejection to answer, or the change to acknowledge.
        reason: (spec.key === "pos-rejected" ? r.reason : spec.revision === "changed" ? r.change_reason : null) || null,
      }),
    })),
    empty: spec.empty,
  };
}
