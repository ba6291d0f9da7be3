/**
 * The buying organisation's two dashboard charts: what it committed this
 * quarter, week by week (POs by the week they were issued), and the value of
 * its open POs by status. Amounts are in the approval policy's currency (the
 * organisation's base currency without one), each PO converted at the
 * newest rate on the day it was issued (today for one not issued); a PO with
 * no known rate is counted apart rather than guessed.
 *
 * Internal to the buying organisation: asked only of those who may read its
 * POs' pending changes (never a supplier). Two queries, whatever the data.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";

import type { Database } from "../../../db/schema";

import type { PurchaseOrderStatus } from "../../../workflows/purchase-order.machine";
import { accessibleWhere } from "../../auth/accessible.server";
import { toDecimal, minorUnits } from "../../utils/money";
import { type Ctx } from "../shared/context.server";

/** Orders still running: committed, not yet finished, stopped or closed. */
export const OPEN_PO_STATUSES = [
  "draft",
  "pending_approval",
  "approved",
  "rejected",
  "issued",
  "acknowledged",
  "partially_received",
  "received",
  "invoiced",
] as const satisfies readonly PurchaseOrderStatus[];

export interface SpendCharts {
  currency: string;
  /** Monday of each week of the quarter so far (UTC), with the amount issued in it. */
  weeks: { week: string; amount: string }[];
  byStatus: { status: PurchaseOrderStatus; amount: string; count: number }[];
  /** POs left out because no rate converts their currency. */
  unconverted: number;
  quarter: string;
}

export async function getSpendCharts(ctx: Ctx): Promise<SpendCharts | null> {
  const { db, ability, actor, now } = ctx;
  const where = accessibleWhere(ability, "readPendingChange", "PurchaseOrder");
  if (!where) return null;
  const org = await db
    .selectFrom("organisations")
    .leftJoin("approval_policies as policy", "policy.org_id", "organisations.id")
    .where("organisations.id", "=", actor.orgId)
    .select(["organisations.base_currency", "policy.currency as policyCurrency"])
    .executeTakeFirstOrThrow();
  const currency = org.policyCurrency ?? org.base_currency;
  const today = now.toISOString().slice(0, 10);
  const quarterStart = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
  const quarter = `Q${Math.floor(now.getUTCMonth() / 3) + 1} ${now.getUTCFullYear()}`;

  // Each PO's total with the newest rate on its day; converted in TypeScript with decimals.
  const base = (filter: (eb: ExpressionBuilder<Database, "purchase_orders">) => Expression<SqlBool>) =>
    db
      .selectFrom("purchase_orders")
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom("fx_rates")
            .whereRef("fx_rates.org_id", "=", "purchase_orders.buyer_org_id")
            .where("fx_rates.base_currency", "=", currency)
            .whereRef("fx_rates.quote_currency", "=", "purchase_orders.currency")
            .where(
              "fx_rates.valid_on",
              "<=",
              sql<string>`coalesce((purchase_orders.issued_at at time zone 'UTC')::date, ${today}::date)`,
            )
            .orderBy("fx_rates.valid_on", "desc")
            .limit(1)
            .select("fx_rates.rate")
            .as("fx"),
        (join) => join.onTrue(),
      )
      .where((eb) => where(eb))
      .where((eb) => filter(eb))
      .select(["purchase_orders.total", "purchase_orders.currency", "purchase_orders.status", "fx.rate"]);

  const [issued, open] = await Promise.all([
    base((eb) =>
      eb.and([
        eb("purchase_orders.issued_at", ">=", quarterStart),
        eb("purchase_orders.issued_at", "<=", now),
        eb("purchase_orders.status", "not in", ["cancelled", "declined"]),
      ]),
    )
      .select(
        sql<string>`to_char(date_trunc('week', purchase_orders.issued_at at time zone 'UTC'), 'YYYY-MM-DD')`.as("week"),
      )
      .execute(),
    base((eb) => eb("purchase_orders.status", "in", OPEN_PO_STATUSES)).execute(),
  ]);

  let unconverted = 0;
  const places = minorUnits(currency);
  const convert = (row: { total: string; currency: string; rate: string | null }) => {
    if (row.currency === currency) return toDecimal(row.total);
    if (row.rate === null) {
      unconverted += 1;
      return null;
    }
    return toDecimal(row.total).times(row.rate).toDecimalPlaces(places);
  };

  // Every week of the quarter so far, empty ones too, so the chart's axis is time.
  const weeks = new Map<string, ReturnType<typeof toDecimal>>();
  const firstMonday = new Date(quarterStart);
  firstMonday.setUTCDate(firstMonday.getUTCDate() - ((firstMonday.getUTCDay() + 6) % 7));
  for (let d = firstMonday; d <= now; d = new Date(d.getTime() + 7 * 24 * 3_600_000)) {
    weeks.set(d.toISOString().slice(0, 10), toDecimal(0));
  }
  for (const row of issued) {
    const amount = convert(row);
    if (amount) weeks.set(row.week, (weeks.get(row.week) ?? toDecimal(0)).plus(amount));
  }
  const byStatus = new Map<PurchaseOrderStatus, { amount: ReturnType<typeof toDecimal>; count: number }>();
  for (const row of open) {
    const amount = convert(row);
    if (!amount) continue;
    const entry = byStatus.get(row.status) ?? { amount: toDecimal(0), count: 0 };
    byStatus.set(row.status, { amount: entry.amount.plus(amount), count: entry.count + 1 });
  }
  return {
    currency,
    quarter,
    weeks: [...weeks.entries()].map(([week, amount]) => ({ week, amount: amount.toFixed(places) })),
    byStatus: OPEN_PO_STATUSES.flatMap((status) => {
      const entry = byStatus.get(status);
      return entry ? [{ status, amount: entry.amount.toFixed(places), count: entry.count }] : [];
    }),
    unconverted,
  };
}
