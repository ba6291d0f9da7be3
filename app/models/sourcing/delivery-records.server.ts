/** Suppliers' on-time delivery with one buying organisation, as the comparison and the scorecard show it. */
import { sql } from "kysely";
import type { Db } from "../../../db/client.server";
import { OPEN_DELIVERY_STATES, deliveryOutcomeQuery } from "../ordering/supplier-performance.server";
import { type DeliveryRecord } from "./comparison-format";
export type { DeliveryRecord, LineTerms, Performance } from "./comparison-format";

/**
 * On-time delivery of past purchase orders of one buying organisation, for
 * several suppliers in one query whose cost does not grow with the history
 * (decision 028). A PO is due on its promised date, or on the wanted
 * delivery date when the supplier promised none. It is received in full on
 * the date of the receipt that brought every line up to its ordered
 * quantity. It counts as on time when received in full on or before its due
 * date, and as late when received in full after it, or not yet in full once
 * the due date has passed (before `today`). A PO with no date at all, or not
 * yet due and not yet in full, is not judged. The PO of the RFQ being
 * compared is left out: it is not past.
 *
 * POs received in full are read from the monthly counters the receipts kept
 * (ordering/supplier-performance.server.ts); the late ones not yet in full
 * from the partial index of open POs; the compared RFQ's own POs, at most one
 * per supplier, are judged again and taken back out of the counters.
 */
export async function deliveryRecords(db: Db, args: DeliveryRecordsArgs): Promise<Record<string, DeliveryRecord>> {
  if (args.supplierOrgIds.length === 0) return {};
  const { rows } = await deliveryRecordsQuery(args).execute(db);
  return Object.fromEntries(
    rows.map((r) => [r.supplier_org_id, { onTime: Number(r.on_time), counted: Number(r.counted) }]),
  );
}

export interface DeliveryRecordsArgs {
  buyerOrgId: string;
  /** At least one. */
  supplierOrgIds: string[];
  excludeRfqId?: string;
  today: string;
}

/** The one statement behind deliveryRecords, apart so its plan can be read (tests, bench). */
export function deliveryRecordsQuery(args: DeliveryRecordsArgs) {
  const suppliers = sql.join(args.supplierOrgIds);
  const excluded = args.excludeRfqId
    ? deliveryOutcomeQuery(
        sql`p.rfq_id = ${args.excludeRfqId} and p.buyer_org_id = ${args.buyerOrgId} and p.supplier_org_id in (${suppliers})`,
      )
    : sql`select null::uuid as supplier_org_id, null::date as due, null::date as full_on where false`;
  return sql<{ supplier_org_id: string; on_time: string; counted: string }>`
    with counters as (
      select supplier_org_id, sum(pos_on_time) as on_time, sum(pos_judged) as counted
      from supplier_performance_months
      where buyer_org_id = ${args.buyerOrgId} and supplier_org_id in (${suppliers})
      group by supplier_org_id
    ),
    open_late as (
      select p.supplier_org_id, 0 as on_time, count(*) as counted
      from purchase_orders p
      where p.buyer_org_id = ${args.buyerOrgId} and p.supplier_org_id in (${suppliers})
        and p.status in (${sql.join(OPEN_DELIVERY_STATES)})
        and coalesce(p.promised_date, p.delivery_date) < ${args.today}::date
        and p.rfq_id is distinct from ${args.excludeRfqId ?? null}
      group by p.supplier_org_id
    ),
    -- The compared RFQ's delivered POs are in the counters: taken back out.
    excluded as (
      select supplier_org_id,
        -count(*) filter (where full_on::date <= due::date) as on_time,
        -count(*) filter (where due is not null and full_on is not null) as counted
      from (${excluded}) o
      group by supplier_org_id
    )
    select supplier_org_id, sum(on_time) as on_time, sum(counted) as counted
    from (select * from counters union all select * from open_late union all select * from excluded) t
    group by supplier_org_id
    having sum(counted) > 0
  `;
}
