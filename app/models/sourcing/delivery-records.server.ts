/** Suppliers' on-time delivery with one buying organisation, as the comparison shows it. */
import { sql } from "kysely";
import type { Db } from "../../../db/client.server";
import type { PurchaseOrderStatus } from "../../../workflows/purchase-order.machine";
import { type DeliveryRecord } from "./comparison-format";
export type { DeliveryRecord, LineTerms, Performance } from "./comparison-format";

/** Purchase-order states in which the supplier has the order; drafts, unissued, declined and cancelled ones say nothing about delivery. */
const DELIVERY_STATES: PurchaseOrderStatus[] = [
  "issued",
  "acknowledged",
  "partially_received",
  "received",
  "invoiced",
  "closed",
];

/**
 * On-time delivery of past purchase orders of one buying organisation, for
 * several suppliers in one query. A PO is due on its promised date, or on
 * the wanted delivery date when the supplier promised none. It is received
 * in full on the date of the receipt that brought every line up to its
 * ordered quantity. It counts as on time when received in full on or before
 * its due date, and as late when received in full after it, or not yet in
 * full once the due date has passed (before `today`). A PO with no date at
 * all, or not yet due and not yet in full, is not judged. The PO of the RFQ
 * being compared is left out: it is not past.
 */
export async function deliveryRecords(
  db: Db,
  args: { buyerOrgId: string; supplierOrgIds: string[]; excludeRfqId?: string; today: string },
): Promise<Record<string, DeliveryRecord>> {
  if (args.supplierOrgIds.length === 0) return {};
  const { rows } = await sql<{ supplier_org_id: string; on_time: string; counted: string }>`
    with po as (
      select p.id, p.supplier_org_id, coalesce(p.promised_date, p.delivery_date) as due
      from purchase_orders p
      where p.buyer_org_id = ${args.buyerOrgId}
        and p.supplier_org_id in (${sql.join(args.supplierOrgIds)})
        and p.status in (${sql.join(DELIVERY_STATES)})
        and p.rfq_id is distinct from ${args.excludeRfqId ?? null}
    ),
    running as (
      select l.po_id, l.id as line_id, l.quantity, r.received_on,
        sum(rl.quantity) over (partition by l.id order by r.received_on, r.created_at, rl.id) as received
      from po
      join purchase_order_lines l on l.po_id = po.id and l.kind = 'item'
      join receipt_lines rl on rl.po_line_id = l.id
      join receipts r on r.id = rl.receipt_id
    ),
    line_full as (
      select po_id, line_id, min(received_on) as full_on from running where received >= quantity group by po_id, line_id
    ),
    -- Grouped once and joined: a correlated count per PO over line_full made the query quadratic in the history.
    po_lines as (
      -- Charges (freight) are never received, so only items count toward delivered in full.
      select l.po_id, count(*) as line_count from purchase_order_lines l join po on po.id = l.po_id
      where l.kind = 'item' group by l.po_id
    ),
    po_full as (
      select po_id, count(*) as full_count, max(full_on) as full_on from line_full group by po_id
    ),
    judged as (
      select po.supplier_org_id, po.due,
        coalesce(po_lines.line_count, 0) as line_count,
        coalesce(po_full.full_count, 0) as full_count,
        po_full.full_on
      from po
      left join po_lines on po_lines.po_id = po.id
      left join po_full on po_full.po_id = po.id
      where po.due is not null
    )
    select supplier_org_id,
      count(*) filter (where full_count = line_count and line_count > 0 and full_on <= due) as on_time,
      count(*) filter (where (full_count = line_count and line_count > 0) or due < ${args.today}::date) as counted
    from judged
    group by supplier_org_id
  `.execute(db);
  return Object.fromEntries(
    rows.map((r) => [r.supplier_org_id, { onTime: Number(r.on_time), counted: Number(r.counted) }]),
  );
}
