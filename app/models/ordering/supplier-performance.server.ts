/**
 * Supplier performance kept as it happens (decision 028): one row per buying
 * organisation, supplier and month in supplier_performance_months, whose
 * counters each event moves in its own transaction, so that the comparison
 * and the scorecard read a handful of rows instead of the whole history.
 *
 * Delivery is judged as the comparison always judged it: a PO is due on its
 * promised date, else its wanted delivery date; it is received in full on
 * the date of the receipt that brought its last item line up to the ordered
 * quantity; on time when that date is on or before the due date. A PO is
 * counted once, by the receipt that completes it, in the month it was due
 * (the month it was completed when it had no date). A PO not yet in full
 * whose due date has passed is late, judged at read time from the few open
 * POs (`openLateDeliveries`), since no event happens on the day it falls due.
 *
 * In ordering, so that receipts and invoices (fulfilment) and RFQs and
 * awards (sourcing) can all write through it.
 */
import { sql, type RawBuilder } from "kysely";
import type { Db, Trx } from "../../../db/client.server";
import type { SupplierPerformanceMonthsTable } from "../../../db/schema";
import type { PurchaseOrderStatus } from "../../../workflows/purchase-order.machine";

/** States in which the supplier has the order: the only POs that say anything about delivery. */
export const DELIVERY_STATES: PurchaseOrderStatus[] = [
  "issued",
  "acknowledged",
  "partially_received",
  "received",
  "invoiced",
  "closed",
];
/** Of those, the ones not yet received in full: the only ones judged at read time. */
export const OPEN_DELIVERY_STATES: PurchaseOrderStatus[] = ["issued", "acknowledged", "partially_received"];

export type PerformanceCounter = Exclude<
  keyof SupplierPerformanceMonthsTable,
  "buyer_org_id" | "supplier_org_id" | "month"
>;

/** The first day of the month of a "YYYY-MM-DD" date or of an instant (in UTC). */
export function monthOf(date: string | Date): string {
  const iso = typeof date === "string" ? date : date.toISOString();
  return `${iso.slice(0, 7)}-01`;
}

/**
 * Adds to one month's counters of one buyer and supplier, creating the row
 * the first time. Called inside the event's own transaction.
 */
export async function countPerformance(
  trx: Trx,
  args: {
    buyerOrgId: string;
    supplierOrgId: string;
    month: string;
    add: Partial<Record<PerformanceCounter, number | string>>;
  },
): Promise<void> {
  const entries = Object.entries(args.add).filter(([, v]) => Number(v) !== 0) as [
    PerformanceCounter,
    number | string,
  ][];
  if (entries.length === 0) return;
  const values = Object.fromEntries(entries.map(([k, v]) => [k, k === "price_ratio_sum" ? String(v) : Number(v)]));
  await trx
    .insertInto("supplier_performance_months")
    .values({ buyer_org_id: args.buyerOrgId, supplier_org_id: args.supplierOrgId, month: args.month, ...values })
    .onConflict((oc) =>
      oc
        .columns(["buyer_org_id", "supplier_org_id", "month"])
        .doUpdateSet(
          Object.fromEntries(
            entries.map(([k]) => [k, sql`supplier_performance_months.${sql.ref(k)} + excluded.${sql.ref(k)}`]),
          ),
        ),
    )
    .execute();
}

/** How one PO was delivered, by the definitions above. */
export interface DeliveryOutcome {
  po_id: string;
  buyer_org_id: string;
  supplier_org_id: string;
  /** Promised date, else wanted delivery date; null when it has neither. */
  due: string | null;
  /** The date its last item line was received in full; null while not in full. */
  full_on: string | null;
  /** Item lines, and those received in exactly the quantity ordered (once in full). */
  line_count: number;
  exact_count: number;
}

/**
 * The delivery outcome of the POs `where` picks (a condition on `p`, a
 * purchase_orders row): a few POs at a time, never the history.
 */
export function deliveryOutcomeQuery(where: RawBuilder<unknown>) {
  return sql<DeliveryOutcome>`
    with po as (
      select p.id, p.buyer_org_id, p.supplier_org_id, coalesce(p.promised_date, p.delivery_date) as due
      from purchase_orders p
      where p.status in (${sql.join(DELIVERY_STATES)}) and ${where}
    ),
    running as (
      select l.po_id, l.id as line_id, l.quantity, r.received_on,
        sum(rl.quantity) over (partition by l.id order by r.received_on, r.created_at, rl.id) as received,
        sum(rl.quantity) over (partition by l.id) as total
      from po
      join purchase_order_lines l on l.po_id = po.id and l.kind = 'item'
      join receipt_lines rl on rl.po_line_id = l.id
      join receipts r on r.id = rl.receipt_id
    ),
    line_full as (
      select po_id, line_id, min(received_on) as full_on, bool_and(total = quantity) as exact
      from running where received >= quantity group by po_id, line_id
    ),
    po_lines as (
      -- Charges (freight) are never received, so only items count toward delivered in full.
      select l.po_id, count(*)::int as line_count from purchase_order_lines l join po on po.id = l.po_id
      where l.kind = 'item' group by l.po_id
    ),
    po_full as (
      select po_id, count(*)::int as full_count, (count(*) filter (where exact))::int as exact_count,
        max(full_on) as full_on
      from line_full group by po_id
    )
    select po.id as po_id, po.buyer_org_id, po.supplier_org_id, to_char(po.due, 'YYYY-MM-DD') as due,
      case when po_full.full_count = po_lines.line_count then to_char(po_full.full_on, 'YYYY-MM-DD') end as full_on,
      coalesce(po_lines.line_count, 0) as line_count, coalesce(po_full.exact_count, 0) as exact_count
    from po
    join po_lines on po_lines.po_id = po.id
    left join po_full on po_full.po_id = po.id
  `;
}

/** What one delivered PO adds to the counters, and to which month; null while it is not in full. */
export function deliveryContribution(o: DeliveryOutcome) {
  if (o.full_on === null || o.line_count === 0) return null;
  return {
    month: monthOf(o.due ?? o.full_on),
    add: {
      pos_judged: o.due === null ? 0 : 1,
      pos_on_time: o.due !== null && o.full_on <= o.due ? 1 : 0,
      lines_judged: o.line_count,
      lines_exact: o.exact_count,
    },
  };
}

/**
 * Counts a PO the receipt in this transaction has just brought in full. The
 * caller calls it once, on the receipt that completes the PO: receipts are
 * never undone and a received PO takes no more, so it is counted once.
 */
export async function countCompletedDelivery(trx: Trx, poId: string): Promise<void> {
  const { rows } = await deliveryOutcomeQuery(sql`p.id = ${poId}`).execute(trx);
  const outcome = rows[0];
  const counted = outcome ? deliveryContribution(outcome) : null;
  if (!outcome || !counted) return;
  await countPerformance(trx, {
    buyerOrgId: outcome.buyer_org_id,
    supplierOrgId: outcome.supplier_org_id,
    ...counted,
  });
}

/**
 * Rebuilds one buying organisation's delivery counters from the history, in
 * one statement: for a correction made by hand in the database (a date fixed
 * after the fact) or data loaded in bulk, never on a page's path.
 */
export async function recountDeliveries(db: Db, buyerOrgId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("supplier_performance_months")
      .set({ pos_judged: 0, pos_on_time: 0, lines_judged: 0, lines_exact: 0 })
      .where("buyer_org_id", "=", buyerOrgId)
      .execute();
    // The same rule as deliveryContribution, set-based.
    await sql`
      insert into supplier_performance_months as s
        (buyer_org_id, supplier_org_id, month, pos_judged, pos_on_time, lines_judged, lines_exact)
      select buyer_org_id, supplier_org_id, date_trunc('month', coalesce(due, full_on)::date)::date,
        count(*) filter (where due is not null), count(*) filter (where full_on <= due),
        sum(line_count), sum(exact_count)
      from (${deliveryOutcomeQuery(sql`p.buyer_org_id = ${buyerOrgId}`)}) o
      where full_on is not null and line_count > 0
      group by 1, 2, 3
      on conflict (buyer_org_id, supplier_org_id, month) do update
        set pos_judged = excluded.pos_judged, pos_on_time = excluded.pos_on_time,
          lines_judged = excluded.lines_judged, lines_exact = excluded.lines_exact`.execute(trx);
  });
}
