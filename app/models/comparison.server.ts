/**
 * The price comparison in the RFQ's currency. Each quote's amounts are
 * converted with finance's FX rate of the RFQ's close date; a missing rate
 * stays missing (never guessed) and such a quote is left out of every
 * cross-supplier figure, since its amounts cannot be compared.
 */
import Decimal from "decimal.js";

import type { Db } from "../../db/client.server";
import type { Actor, AppAbility } from "../auth/ability";
import {
  compare,
  formatAmount,
  formatQuantity,
  formatUnitPriceAmount,
  minorUnits,
  toDecimal,
  type DecimalString,
} from "../utils/money";
import { instantToZonedLocal } from "../utils/time";

import { getComparison } from "./quote.server";

/** Converted unit prices keep the precision unit prices are quoted in. */
const UNIT_PRICE_PLACES = 4;

export interface ComparisonLineInput {
  id: string;
  position: number;
  item_name: string;
  quantity: DecimalString;
  unit: string;
}

export interface ComparisonQuoteInput {
  supplierOrgId: string;
  supplierName: string;
  quoteId: string;
  revision: number;
  receivedAt: Date;
  leadTimeDays: number;
  currency: string;
  subtotal: DecimalString;
  freight: DecimalString;
  otherCharges: DecimalString;
  validUntil: string | null;
  paymentTerms: string | null;
  incoterm: string | null;
  prices: Record<string, { unitPrice: DecimalString | null; lineTotal: DecimalString | null; noBid: boolean }>;
}

export interface ComparisonInput {
  currency: string;
  lines: ComparisonLineInput[];
  quotes: ComparisonQuoteInput[];
  /** Units of the RFQ's currency per one unit of the quote currency, by quote currency. */
  rates: Record<string, DecimalString>;
  /** ISO date; quotes valid until before it are expired. */
  today: string;
}

export interface ComparisonCell {
  unitPrice: DecimalString;
  lineTotal: DecimalString;
  convertedUnitPrice: DecimalString | null;
  convertedLineTotal: DecimalString | null;
  lowest: boolean;
}

export interface ComparisonSupplier extends Omit<ComparisonQuoteInput, "prices"> {
  /** null when the quote is already in the RFQ's currency. */
  rate: DecimalString | null;
  missingRate: boolean;
  expired: boolean;
  pricedLines: number;
  cells: Record<string, ComparisonCell | null>;
  convertedTotal: DecimalString | null;
  landedTotal: DecimalString | null;
  lowest: boolean;
}

export interface ComparisonSummary {
  lowest: { supplierName: string; total: DecimalString } | null;
  /** Sum over lines of the lowest converted line total; null when some line has no comparable price. */
  splitTotal: DecimalString | null;
  difference: DecimalString | null;
}

/** amount × rate, rounded half-up to `places`. */
export function convertAmount(amount: DecimalString, rate: DecimalString, places: number): DecimalString {
  return toDecimal(amount).times(rate).toFixed(places, Decimal.ROUND_HALF_UP);
}

export function buildComparison(input: ComparisonInput) {
  const { currency, lines } = input;
  const places = minorUnits(currency);
  const suppliers: ComparisonSupplier[] = input.quotes.map((q) => {
    const same = q.currency === currency;
    const rate = same ? "1" : (input.rates[q.currency] ?? null);
    const cells: Record<string, ComparisonCell | null> = {};
    const converted: DecimalString[] = [];
    for (const line of lines) {
      const p = q.prices[line.id];
      if (!p || p.noBid || p.unitPrice === null || p.lineTotal === null) {
        cells[line.id] = null;
        continue;
      }
      const cell: ComparisonCell = {
        unitPrice: p.unitPrice,
        lineTotal: p.lineTotal,
        convertedUnitPrice:
          rate === null ? null : convertAmount(p.unitPrice, rate, Math.max(places, UNIT_PRICE_PLACES)),
        convertedLineTotal: rate === null ? null : convertAmount(p.lineTotal, rate, places),
        lowest: false,
      };
      if (cell.convertedLineTotal !== null) converted.push(cell.convertedLineTotal);
      cells[line.id] = cell;
    }
    const { prices: _prices, ...rest } = q;
    const pricedLines = Object.values(cells).filter(Boolean).length;
    // The converted total adds the converted line totals, so the column adds up on the page.
    const convertedTotal = rate === null ? null : addUp(converted, places);
    return {
      ...rest,
      rate: same ? null : rate,
      missingRate: rate === null,
      expired: q.validUntil !== null && q.validUntil < input.today,
      pricedLines,
      cells,
      convertedTotal,
      landedTotal:
        rate === null || convertedTotal === null
          ? null
          : addUp(
              [convertedTotal, convertAmount(q.freight, rate, places), convertAmount(q.otherCharges, rate, places)],
              places,
            ),
      lowest: false,
    };
  });

  let splitTotal: Decimal | null = new Decimal(0);
  for (const line of lines) {
    const best = minOf(suppliers.map((s) => s.cells[line.id]?.convertedLineTotal ?? null));
    if (best === null) {
      splitTotal = null;
      continue;
    }
    for (const s of suppliers) {
      const cell = s.cells[line.id];
      if (cell?.convertedLineTotal != null && compare(cell.convertedLineTotal, best) === 0) cell.lowest = true;
    }
    if (splitTotal !== null) splitTotal = splitTotal.plus(best);
  }

  // Only a quote that prices every line is comparable on its total.
  const complete = suppliers.filter((s) => s.pricedLines === lines.length && s.convertedTotal !== null);
  const lowestTotal = minOf(complete.map((s) => s.convertedTotal));
  for (const s of complete) s.lowest = lowestTotal !== null && compare(s.convertedTotal as string, lowestTotal) === 0;
  const lowestSupplier = complete.find((s) => s.lowest) ?? null;
  const split = splitTotal === null || lines.length === 0 ? null : splitTotal.toFixed(places);
  const summary: ComparisonSummary = {
    lowest: lowestSupplier ? { supplierName: lowestSupplier.supplierName, total: lowestTotal as string } : null,
    splitTotal: split,
    difference: lowestTotal !== null && split !== null ? toDecimal(lowestTotal).minus(split).toFixed(places) : null,
  };
  return { currency, lines, suppliers, summary };
}

export type Comparison = ReturnType<typeof buildComparison>;

function addUp(values: DecimalString[], places: number): DecimalString {
  return values.reduce((acc, v) => acc.plus(v), new Decimal(0)).toFixed(places, Decimal.ROUND_HALF_UP);
}

function minOf(values: (DecimalString | null)[]): DecimalString | null {
  return values.reduce<DecimalString | null>(
    (best, v) => (v === null ? best : best === null || compare(v, best) < 0 ? v : best),
    null,
  );
}

/**
 * The comparison page's data: getComparison does the authorization (sealed
 * bids, organisation scope, audit of refusals), then one query for the
 * quotes' terms and one for the rates, whatever the number of suppliers.
 */
export async function loadComparison(db: Db, actor: Actor, ability: AppAbility, rfqId: string, now: Date) {
  const { rfq, lines, columns } = await getComparison(db, actor, ability, rfqId);
  const terms = columns.length
    ? await db
        .selectFrom("quotes")
        .innerJoin("quote_revisions", (join) =>
          join
            .onRef("quote_revisions.quote_id", "=", "quotes.id")
            .onRef("quote_revisions.revision", "=", "quotes.current_revision"),
        )
        .where(
          "quotes.id",
          "in",
          columns.map((c) => c.quoteId),
        )
        .select([
          "quotes.id as quoteId",
          "quote_revisions.freight",
          "quote_revisions.other_charges",
          "quote_revisions.valid_until",
          "quote_revisions.payment_terms",
          "quote_revisions.incoterm",
        ])
        .execute()
    : [];
  const byQuote = new Map(terms.map((t) => [t.quoteId, t]));
  const zone = rfq.deadline_time_zone;
  // Closed RFQs only reach here; the fallback keeps the type honest.
  const closeDate = instantToZonedLocal(new Date(rfq.closed_at ?? now), zone).slice(0, 10);
  const foreign = [...new Set(columns.map((c) => c.currency).filter((c) => c !== rfq.currency))];
  const rateRows = foreign.length
    ? await db
        .selectFrom("fx_rates")
        .where("org_id", "=", rfq.org_id)
        .where("base_currency", "=", rfq.currency)
        .where("quote_currency", "in", foreign)
        .where("valid_on", "<=", closeDate)
        .select(["quote_currency", "rate", "valid_on"])
        .orderBy("valid_on", "desc")
        .execute()
    : [];
  const rates: Record<string, string> = {};
  // Newest first, so the first row per currency is the rate in force on the close date.
  for (const r of rateRows) rates[r.quote_currency] ??= toDecimal(r.rate).toFixed();

  const comparison = buildComparison({
    currency: rfq.currency,
    lines,
    rates,
    today: instantToZonedLocal(now, zone).slice(0, 10),
    quotes: columns.map((c) => {
      const t = byQuote.get(c.quoteId);
      return {
        supplierOrgId: c.supplierOrgId,
        supplierName: c.supplierName,
        quoteId: c.quoteId,
        revision: c.revision,
        receivedAt: c.receivedAt,
        leadTimeDays: c.leadTimeDays,
        currency: c.currency,
        subtotal: c.subtotal,
        freight: t?.freight ?? "0",
        otherCharges: t?.other_charges ?? "0",
        validUntil: t?.valid_until ? String(t.valid_until).slice(0, 10) : null,
        paymentTerms: t?.payment_terms ?? null,
        incoterm: t?.incoterm ?? null,
        prices: c.prices,
      };
    }),
  });
  return { rfq, closeDate, ...comparison };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The page's formatting without digit grouping, so spreadsheets read the numbers as numbers. */
const ungrouped = (formatted: string) => formatted.replace(/,/g, "");
const csvAmount = (value: DecimalString, currency: string) => ungrouped(formatAmount(value, minorUnits(currency)));

/** The matrix as CSV, with the page's numbers (plain decimals, no grouping, so spreadsheets read them). */
export function comparisonCsv(c: Pick<Comparison, "currency" | "lines" | "suppliers" | "summary">): string {
  const rows: string[][] = [];
  const header = ["Line", "Item", "Quantity", "Unit"];
  for (const s of c.suppliers)
    header.push(
      `${s.supplierName} unit price (${s.currency})`,
      `${s.supplierName} line total (${s.currency})`,
      `${s.supplierName} line total (${c.currency})`,
      `${s.supplierName} lowest`,
    );
  rows.push(header);
  for (const l of c.lines) {
    const row = [String(l.position), l.item_name, ungrouped(formatQuantity(l.quantity)), l.unit];
    for (const s of c.suppliers) {
      const cell = s.cells[l.id];
      if (!cell) row.push("no bid", "no bid", "no bid", "");
      else
        row.push(
          ungrouped(formatUnitPriceAmount(cell.unitPrice, s.currency)),
          csvAmount(cell.lineTotal, s.currency),
          cell.convertedLineTotal === null ? "no rate" : csvAmount(cell.convertedLineTotal, c.currency),
          cell.lowest ? "lowest" : "",
        );
    }
    rows.push(row);
  }
  const perSupplier = (label: string, value: (s: ComparisonSupplier) => string) => {
    const row = [label, "", "", ""];
    for (const s of c.suppliers) row.push("", "", value(s), "");
    rows.push(row);
  };
  perSupplier(`Total (${c.currency})`, (s) => s.convertedTotal ?? "no rate");
  perSupplier(`Landed total (${c.currency})`, (s) => s.landedTotal ?? "no rate");
  perSupplier("FX rate", (s) => (s.missingRate ? "no rate" : (s.rate ?? "")));
  perSupplier("Lead time (days)", (s) => String(s.leadTimeDays));
  perSupplier("Valid until", (s) => (s.validUntil ?? "") + (s.expired ? " (expired)" : ""));
  perSupplier("Payment terms", (s) => s.paymentTerms ?? "");
  perSupplier("Incoterm", (s) => s.incoterm ?? "");
  rows.push([]);
  rows.push(["Lowest total", c.summary.lowest?.supplierName ?? "", c.summary.lowest?.total ?? ""]);
  rows.push(["Cheapest per line (best split)", "", c.summary.splitTotal ?? ""]);
  rows.push(["Difference", "", c.summary.difference ?? ""]);
  return `\uFEFF${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
