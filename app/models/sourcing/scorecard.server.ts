/**
 * A supplier's scorecard with one buying organisation: how it answers
 * invitations, how often it wins, delivers on time and in the quantity
 * ordered, invoices right the first time, and what it costs against the
 * lowest quote, over all time and month by month for the last twelve
 * months. Read from the counters the events keep
 * (ordering/supplier-performance.server.ts, decision 028): a fixed number of
 * small queries, whatever the history. The on-time figure is the
 * comparison's own (`deliveryRecords`), so both pages say the same.
 */
import Decimal from "decimal.js";
import { sql } from "kysely";

import { subject } from "../../auth/ability";
import { msg, msgWith } from "../../i18n/config";
import { authorize } from "../../auth/authorize.server";
import { notFound } from "../../utils/http.server";
import { instantToZonedLocal } from "../../utils/time";
import { OPEN_DELIVERY_STATES, monthOf } from "../ordering/supplier-performance.server";
import { type Ctx } from "../shared/context.server";
import { organisationTimeZone } from "../shared/organisation-settings.server";
import { formatPerformance } from "./comparison-format";
import { deliveryRecords } from "./delivery-records.server";

export const SCORECARD_MONTHS = 12;

export type MeasureKey = "response" | "win" | "onTime" | "quantity" | "invoiceMatch" | "price";

/** One figure: a share (of `denominator`, `numerator` were good) or, for price, an average premium. */
export interface Figure {
  numerator: string;
  denominator: number;
  /** Percent, two decimals: the share, or the premium over the lowest quote; null with nothing to judge. */
  percent: string | null;
  /** What a person reads: "3 of 4 (75%)", "4.2% above the lowest quote (3 lines)", "no history". */
  display: string;
}

export interface Measure {
  key: MeasureKey;
  title: string;
  /** How it is counted, in one sentence, beside the chart. */
  definition: string;
  allTime: Figure;
  /** The last twelve months, oldest first, "YYYY-MM". */
  months: (Figure & { month: string })[];
}

const HUNDRED = new Decimal(100);

/** `said` words the figure as a catalogue message: the page says it in the viewer's words. */
function share(good: number, of: number, said: (values: Record<string, string | number>) => string): Figure {
  if (of === 0) return { numerator: String(good), denominator: 0, percent: null, display: msg("no history") };
  const percent = new Decimal(good).div(of).times(HUNDRED);
  return {
    numerator: String(good),
    denominator: of,
    percent: percent.toFixed(2, Decimal.ROUND_HALF_UP),
    display: said({ good, of, percent: percent.toFixed(0, Decimal.ROUND_HALF_UP) }),
  };
}

function premium(ratioSum: string, lines: number): Figure {
  if (lines === 0) return { numerator: ratioSum, denominator: 0, percent: null, display: msg("no history") };
  const percent = new Decimal(ratioSum).div(lines).minus(1).times(HUNDRED);
  const shown = percent.toFixed(1, Decimal.ROUND_HALF_UP);
  return {
    numerator: ratioSum,
    denominator: lines,
    percent: percent.toFixed(2, Decimal.ROUND_HALF_UP),
    display:
      shown === "0.0"
        ? lines === 1
          ? msg("at the lowest quote (1 line)")
          : msgWith("at the lowest quote ({{lines}} lines)", { lines })
        : lines === 1
          ? msgWith("{{shown}}% above the lowest quote (1 line)", { shown })
          : msgWith("{{shown}}% above the lowest quote ({{lines}} lines)", { shown, lines }),
  };
}

type Counters = {
  invitations_closed: number;
  invitations_answered: number;
  quotes_decided: number;
  quotes_won: number;
  pos_judged: number;
  pos_on_time: number;
  lines_judged: number;
  lines_exact: number;
  invoices_first: number;
  invoices_matched_first: number;
  price_lines: number;
  price_ratio_sum: string;
  /** Open POs past due in that month: late, judged now. */
  late_open: number;
};

const EMPTY: Counters = {
  invitations_closed: 0,
  invitations_answered: 0,
  quotes_decided: 0,
  quotes_won: 0,
  pos_judged: 0,
  pos_on_time: 0,
  lines_judged: 0,
  lines_exact: 0,
  invoices_first: 0,
  invoices_matched_first: 0,
  price_lines: 0,
  price_ratio_sum: "0",
  late_open: 0,
};

function add(a: Counters, b: Counters): Counters {
  const sum = { ...a };
  for (const key of Object.keys(EMPTY) as (keyof Counters)[]) {
    if (key === "price_ratio_sum") sum[key] = new Decimal(a[key]).plus(b[key]).toFixed();
    else sum[key] = a[key] + b[key];
  }
  return sum;
}

const MEASURES: {
  key: MeasureKey;
  title: string;
  definition: string;
  figure: (c: Counters) => Figure;
}[] = [
  {
    key: "response",
    title: msg("Response rate"),
    definition: msg("Invitations answered with a quote or a decline, of the invitations whose RFQ closed that month."),
    figure: (c) =>
      share(c.invitations_answered, c.invitations_closed, (v) =>
        msgWith("{{good}} of {{of}} invitations answered ({{percent}}%)", v),
      ),
  },
  {
    key: "win",
    title: msg("Win rate"),
    definition: msg("Quotes awarded in full or in part, of the quotes decided by an award that month."),
    figure: (c) =>
      share(c.quotes_won, c.quotes_decided, (v) => msgWith("{{good}} of {{of}} quotes won ({{percent}}%)", v)),
  },
  {
    key: "onTime",
    title: msg("On-time delivery"),
    definition: msg(
      "Purchase orders received in full by their promised (else wanted) date, of those due that month that were received in full or are past due.",
    ),
    figure: (c) =>
      share(c.pos_on_time, c.pos_judged + c.late_open, (v) => msgWith("{{good}} of {{of}} on time ({{percent}}%)", v)),
  },
  {
    key: "quantity",
    title: msg("Quantity accuracy"),
    definition: msg(
      "Lines received in exactly the quantity ordered, of the lines of purchase orders received in full.",
    ),
    figure: (c) =>
      share(c.lines_exact, c.lines_judged, (v) => msgWith("{{good}} of {{of}} lines exact ({{percent}}%)", v)),
  },
  {
    key: "invoiceMatch",
    title: msg("Invoice match rate"),
    definition: msg(
      "Invoices that matched the purchase order and the receipts at their first submission, of those submitted that month.",
    ),
    figure: (c) =>
      share(c.invoices_matched_first, c.invoices_first, (v) =>
        msgWith("{{good}} of {{of}} matched first time ({{percent}}%)", v),
      ),
  },
  {
    key: "price",
    title: msg("Price against the best quote"),
    definition: msg(
      "For each line awarded to the supplier, its price over the lowest price quoted for that line (converted to the RFQ's currency), on average.",
    ),
    figure: (c) => premium(c.price_ratio_sum, c.price_lines),
  },
];

/** The twelve months ending with the one `today` falls in, oldest first, as "YYYY-MM-01". */
export function lastMonths(today: string, count = SCORECARD_MONTHS): string[] {
  const [year, month] = today.split("-").map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1));
    return monthOf(d);
  });
}

/** The supplier relationship behind the page, or a 404 for whoever has none with this supplier. */
async function loadScorecardFor(ctx: Ctx, supplierOrgId: string) {
  const { db, actor, ability } = ctx;
  const row = await db
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
    .where("supplier_relationships.buyer_org_id", "=", actor.orgId)
    .where("supplier_relationships.supplier_org_id", "=", supplierOrgId)
    .select([
      "supplier_relationships.id",
      "supplier_relationships.buyer_org_id",
      "supplier_relationships.supplier_org_id",
      "supplier_relationships.status",
      "organisations.name as supplierName",
    ])
    .executeTakeFirst();
  if (!row) throw notFound("No such supplier.");
  const { supplierName: _name, ...relationship } = row;
  authorize(ability, "readPerformance", subject("SupplierRelationship", relationship), "supplier");
  return row;
}

export async function getSupplierScorecard(ctx: Ctx, { supplierOrgId }: { supplierOrgId: string }) {
  const { db, actor, now } = ctx;
  const supplier = await loadScorecardFor(ctx, supplierOrgId);
  const zone = await organisationTimeZone(db, actor.orgId);
  const today = instantToZonedLocal(now, zone).slice(0, 10);
  const months = lastMonths(today);
  const [rows, lateRows, delivery] = await Promise.all([
    db
      .selectFrom("supplier_performance_months")
      .where("buyer_org_id", "=", actor.orgId)
      .where("supplier_org_id", "=", supplierOrgId)
      .selectAll()
      .execute(),
    // Open POs past due, by the month they were due: late already, though no receipt has said so.
    sql<{ month: string; late: string }>`
      select to_char(date_trunc('month', coalesce(promised_date, delivery_date)), 'YYYY-MM-DD') as month,
        count(*) as late
      from purchase_orders
      where buyer_org_id = ${actor.orgId} and supplier_org_id = ${supplierOrgId}
        and status in (${sql.join(OPEN_DELIVERY_STATES)})
        and coalesce(promised_date, delivery_date) < ${today}::date
      group by 1`
      .execute(db)
      .then((r) => r.rows),
    deliveryRecords(db, { buyerOrgId: actor.orgId, supplierOrgIds: [supplierOrgId], today }),
  ]);

  const byMonth = new Map<string, Counters>();
  const put = (month: string, c: Partial<Counters>) =>
    byMonth.set(month, add(byMonth.get(month) ?? EMPTY, { ...EMPTY, ...c }));
  for (const r of rows) {
    const { buyer_org_id: _b, supplier_org_id: _s, month, ...counters } = r;
    put(String(month).slice(0, 10), counters);
  }
  for (const r of lateRows) put(r.month, { late_open: Number(r.late) });
  const allTime = [...byMonth.values()].reduce(add, EMPTY);

  const measures: Measure[] = MEASURES.map((m) => ({
    key: m.key,
    title: m.title,
    definition: m.definition,
    allTime: m.figure(allTime),
    months: months.map((month) => ({ month: month.slice(0, 7), ...m.figure(byMonth.get(month) ?? EMPTY) })),
  }));
  // The comparison's own words and numbers for on-time delivery.
  const record = delivery[supplierOrgId] ?? { onTime: 0, counted: 0 };
  const onTimeShare = record.counted === 0 ? null : new Decimal(record.onTime).div(record.counted).toFixed();
  return {
    supplier: { id: supplier.supplier_org_id, name: supplier.supplierName, status: supplier.status },
    today,
    onTime: { ...record, text: formatPerformance({ ...record, share: onTimeShare }) },
    measures,
  };
}

export type SupplierScorecard = Awaited<ReturnType<typeof getSupplierScorecard>>;
