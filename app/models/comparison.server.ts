/**
 * The price comparison in the RFQ's currency. Each quote's amounts are
 * converted with finance's FX rate of the RFQ's close date; a missing rate
 * stays missing (never guessed) and such a quote is left out of every
 * cross-supplier figure, since its amounts cannot be compared.
 *
 * Beside the prices: each line's minimum order quantity and alternate
 * offer, each supplier's terms and on-time delivery record with this buying
 * organisation, and a weighted score (./scoring.ts). The page and the CSV
 * are both built from this one result.
 */
import Decimal from "decimal.js";
import { sql } from "kysely";

import type { Db } from "../../db/client.server";
import type { Actor, AppAbility } from "../auth/ability";
import { compare, formatQuantity, minorUnits, toDecimal, type DecimalString } from "../utils/money";
import { instantToZonedLocal } from "../utils/time";

import {
  formatMoq,
  formatPerformance,
  isFixed,
  plainAmount,
  plainUnitPrice,
  type DeliveryRecord,
  type LineTerms,
  type Performance,
} from "./comparison-format";
import { linePage, type LinePage, type LinePageRequest } from "./comparison-page.schema";
import { getComparison } from "./quote.server";
export type { DeliveryRecord, LineTerms, Performance } from "./comparison-format";
import {
  CRITERIA,
  CRITERION_LABELS,
  DEFAULT_WEIGHTS,
  scoreSuppliers,
  type ScoredSupplier,
  type Weights,
} from "./scoring";

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
  prices: Record<
    string,
    {
      unitPrice: DecimalString | null;
      lineTotal: DecimalString | null;
      noBid: boolean;
      minOrderQuantity?: DecimalString | null;
      alternateOffer?: string | null;
    }
  >;
}

export interface ComparisonInput {
  currency: string;
  lines: ComparisonLineInput[];
  quotes: ComparisonQuoteInput[];
  /** Units of the RFQ's currency per one unit of the quote currency, by quote currency. */
  rates: Record<string, DecimalString>;
  /** ISO date; quotes valid until before it are expired. */
  today: string;
  /** On-time delivery by supplier organisation id; a supplier left out has no history. */
  delivery?: Record<string, DeliveryRecord>;
  weights?: Weights;
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
  /** By RFQ line id, only lines with a minimum order quantity or an alternate offer. */
  lineTerms: Record<string, LineTerms>;
  moqLines: number;
  alternateLines: number;
  performance: Performance;
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

/*
 * A large comparison has tens of thousands of cells; parsing each amount
 * into a Decimal several times dominated its time. Canonical fixed-point
 * strings (see isFixed) are compared and added exactly as scaled integers
 * instead.
 */
/** Compares two canonical fixed-point strings with the same decimals: the longer is larger, else by characters. */
function compareFixed(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Converts at `rate`, passing an amount already in the target's canonical form straight through at rate 1. */
function convertFast(amount: DecimalString, rate: DecimalString, places: number): DecimalString {
  return rate === "1" && isFixed(amount, places) ? amount : convertAmount(amount, rate, places);
}

export function buildComparison(input: ComparisonInput) {
  const { currency, lines } = input;
  const places = minorUnits(currency);
  // Each supplier's cells also by line index, so the per-line pass below needs no lookups by id.
  const cellsByIndex: (ComparisonCell | null)[][] = [];
  const suppliers: ComparisonSupplier[] = input.quotes.map((q) => {
    const same = q.currency === currency;
    const rate = same ? "1" : (input.rates[q.currency] ?? null);
    const cells: Record<string, ComparisonCell | null> = {};
    const indexed: (ComparisonCell | null)[] = [];
    cellsByIndex.push(indexed);
    const converted: DecimalString[] = [];
    for (const line of lines) {
      const p = q.prices[line.id];
      if (!p || p.noBid || p.unitPrice === null || p.lineTotal === null) {
        cells[line.id] = null;
        indexed.push(null);
        continue;
      }
      const cell: ComparisonCell = {
        unitPrice: p.unitPrice,
        lineTotal: p.lineTotal,
        convertedUnitPrice: rate === null ? null : convertFast(p.unitPrice, rate, Math.max(places, UNIT_PRICE_PLACES)),
        convertedLineTotal: rate === null ? null : convertFast(p.lineTotal, rate, places),
        lowest: false,
      };
      if (cell.convertedLineTotal !== null) converted.push(cell.convertedLineTotal);
      cells[line.id] = cell;
      indexed.push(cell);
    }
    const lineTerms: Record<string, LineTerms> = {};
    for (const line of lines) {
      const p = q.prices[line.id];
      const moq = p?.minOrderQuantity ?? null;
      const alternate = p?.alternateOffer?.trim() ? p.alternateOffer.trim() : null;
      if (moq === null && alternate === null) continue;
      lineTerms[line.id] = {
        minOrderQuantity: moq,
        moqAboveQuantity: moq !== null && compare(moq, line.quantity) > 0,
        alternateOffer: alternate,
      };
    }
    const terms = Object.values(lineTerms);
    const record = input.delivery?.[q.supplierOrgId] ?? { onTime: 0, counted: 0 };
    const { prices: _prices, ...rest } = q;
    const pricedLines = indexed.filter(Boolean).length;
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
      lineTerms,
      moqLines: terms.filter((t) => t.minOrderQuantity !== null).length,
      alternateLines: terms.filter((t) => t.alternateOffer !== null).length,
      performance: {
        ...record,
        share: record.counted === 0 ? null : new Decimal(record.onTime).div(record.counted).toString(),
      },
    };
  });

  let splitTotal: DecimalString[] | null = [];
  for (let i = 0; i < lines.length; i++) {
    let best: DecimalString | null = null;
    for (const indexed of cellsByIndex) {
      const v = indexed[i]?.convertedLineTotal ?? null;
      if (v !== null && (best === null || compareFixed(v, best) < 0)) best = v;
    }
    if (best === null) {
      splitTotal = null;
      continue;
    }
    // Canonical strings: equal amounts are equal strings.
    for (const indexed of cellsByIndex) {
      const cell = indexed[i];
      if (cell && cell.convertedLineTotal === best) cell.lowest = true;
    }
    splitTotal?.push(best);
  }

  // Only a quote that prices every line is comparable on its total.
  const complete = suppliers.filter((s) => s.pricedLines === lines.length && s.convertedTotal !== null);
  const lowestTotal = minOf(complete.map((s) => s.convertedTotal));
  for (const s of complete) s.lowest = lowestTotal !== null && compare(s.convertedTotal as string, lowestTotal) === 0;
  const lowestSupplier = complete.find((s) => s.lowest) ?? null;
  const split = splitTotal === null || lines.length === 0 ? null : addUp(splitTotal, places);
  const summary: ComparisonSummary = {
    lowest: lowestSupplier ? { supplierName: lowestSupplier.supplierName, total: lowestTotal as string } : null,
    splitTotal: split,
    difference: lowestTotal !== null && split !== null ? toDecimal(lowestTotal).minus(split).toFixed(places) : null,
  };
  const weights = input.weights ?? DEFAULT_WEIGHTS;
  const ranking: ScoredSupplier[] = scoreSuppliers(
    suppliers.map((s) => ({
      id: s.quoteId,
      name: s.supplierName,
      // Landed: freight and other charges are part of what the buyer pays.
      price: s.pricedLines === lines.length ? s.landedTotal : null,
      priceNote: s.missingRate
        ? "no FX rate: not comparable"
        : `prices ${s.pricedLines} of ${lines.length} lines: not comparable on total`,
      leadTimeDays: s.leadTimeDays,
      onTimeShare: s.performance.share,
    })),
    weights,
  );
  return { currency, lines, suppliers, summary, weights, ranking };
}

export type Comparison = ReturnType<typeof buildComparison>;

function addUp(values: DecimalString[], places: number): DecimalString {
  if (values.every((v) => isFixed(v, places))) {
    const scaled = values.reduce((acc, v) => acc + BigInt(v.replace(".", "")), 0n).toString();
    if (places === 0) return scaled;
    const digits = scaled.padStart(places + 1, "0");
    return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }
  return values.reduce((acc, v) => acc.plus(v), new Decimal(0)).toFixed(places, Decimal.ROUND_HALF_UP);
}

function minOf(values: (DecimalString | null)[]): DecimalString | null {
  return values.reduce<DecimalString | null>(
    (best, v) => (v === null ? best : best === null || compare(v, best) < 0 ? v : best),
    null,
  );
}

/** Purchase-order states in which the supplier has the order; drafts, unissued, declined and cancelled ones say nothing about delivery. */
const DELIVERY_STATES = ["issued", "acknowledged", "partially_received", "received", "invoiced", "closed"];

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
      join purchase_order_lines l on l.po_id = po.id
      join receipt_lines rl on rl.po_line_id = l.id
      join receipts r on r.id = rl.receipt_id
    ),
    line_full as (
      select po_id, line_id, min(received_on) as full_on from running where received >= quantity group by po_id, line_id
    ),
    judged as (
      select po.supplier_org_id, po.due,
        (select count(*) from purchase_order_lines l where l.po_id = po.id) as line_count,
        (select count(*) from line_full f where f.po_id = po.id) as full_count,
        (select max(full_on) from line_full f where f.po_id = po.id) as full_on
      from po
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

/**
 * The comparison page's data: getComparison does the authorization (sealed
 * bids, organisation scope, audit of refusals), then a fixed number of
 * queries (terms, line extras, rates, delivery records) whatever the number
 * of suppliers or lines.
 */
export async function loadComparison(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  rfqId: string,
  now: Date,
  weights: Weights = DEFAULT_WEIGHTS,
) {
  const { rfq, lines, columns } = await getComparison(db, actor, ability, rfqId);
  const zone = rfq.deadline_time_zone;
  // Closed RFQs only reach here; the fallback keeps the type honest.
  const closeDate = instantToZonedLocal(new Date(rfq.closed_at ?? now), zone).slice(0, 10);
  const today = instantToZonedLocal(now, zone).slice(0, 10);
  const quoteIds = columns.map((c) => c.quoteId);
  const foreign = [...new Set(columns.map((c) => c.currency).filter((c) => c !== rfq.currency))];
  const [terms, extras, rateRows, delivery] = await Promise.all([
    quoteIds.length
      ? db
          .selectFrom("quotes")
          .innerJoin("quote_revisions", (join) =>
            join
              .onRef("quote_revisions.quote_id", "=", "quotes.id")
              .onRef("quote_revisions.revision", "=", "quotes.current_revision"),
          )
          .where("quotes.id", "in", quoteIds)
          .select([
            "quotes.id as quoteId",
            "quote_revisions.freight",
            "quote_revisions.other_charges",
            "quote_revisions.valid_until",
            "quote_revisions.payment_terms",
            "quote_revisions.incoterm",
          ])
          .execute()
      : [],
    // Only the lines that carry a minimum order quantity or an alternate: usually few.
    quoteIds.length
      ? db
          .selectFrom("quotes")
          .innerJoin("quote_revisions", (join) =>
            join
              .onRef("quote_revisions.quote_id", "=", "quotes.id")
              .onRef("quote_revisions.revision", "=", "quotes.current_revision"),
          )
          .innerJoin("quote_lines", "quote_lines.revision_id", "quote_revisions.id")
          .where("quotes.id", "in", quoteIds)
          .where((eb) =>
            eb.or([
              eb("quote_lines.min_order_quantity", "is not", null),
              eb("quote_lines.alternate_offer", "is not", null),
            ]),
          )
          .select([
            "quotes.id as quoteId",
            "quote_lines.rfq_line_id",
            "quote_lines.min_order_quantity",
            "quote_lines.alternate_offer",
          ])
          .execute()
      : [],
    foreign.length
      ? db
          .selectFrom("fx_rates")
          .where("org_id", "=", rfq.org_id)
          .where("base_currency", "=", rfq.currency)
          .where("quote_currency", "in", foreign)
          .where("valid_on", "<=", closeDate)
          .select(["quote_currency", "rate", "valid_on"])
          .orderBy("valid_on", "desc")
          .execute()
      : [],
    deliveryRecords(db, {
      buyerOrgId: rfq.org_id,
      supplierOrgIds: columns.map((c) => c.supplierOrgId),
      excludeRfqId: rfq.id,
      today,
    }),
  ]);
  const byQuote = new Map(terms.map((t) => [t.quoteId, t]));
  const rates: Record<string, string> = {};
  // Newest first, so the first row per currency is the rate in force on the close date.
  for (const r of rateRows) rates[r.quote_currency] ??= toDecimal(r.rate).toFixed();
  const extrasByQuote = new Map<string, (typeof extras)[number][]>();
  for (const e of extras) {
    const list = extrasByQuote.get(e.quoteId);
    if (list) list.push(e);
    else extrasByQuote.set(e.quoteId, [e]);
  }

  const comparison = buildComparison({
    currency: rfq.currency,
    lines,
    rates,
    today,
    delivery,
    weights,
    quotes: columns.map((c) => {
      const t = byQuote.get(c.quoteId);
      const prices: ComparisonQuoteInput["prices"] = { ...c.prices };
      for (const e of extrasByQuote.get(c.quoteId) ?? [])
        prices[e.rfq_line_id] = {
          ...(prices[e.rfq_line_id] ?? { unitPrice: null, lineTotal: null, noBid: true }),
          minOrderQuantity: e.min_order_quantity === null ? null : toDecimal(e.min_order_quantity).toFixed(),
          alternateOffer: e.alternate_offer,
        };
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
        prices,
      };
    }),
  });
  return { rfq, closeDate, ...comparison };
}

/** The lines a page of the comparison leaves out, as the award form needs them. */
export interface OffPageLines {
  /** How many of them some supplier quoted. */
  quoted: number;
  /**
   * Positions of those quoted only without a known FX rate: their cheapest
   * cannot be shown, so leaving them to the default needs a justification.
   */
  withoutComparablePrice: number[];
}

/**
 * The comparison as the page shows it: every figure computed over all lines
 * (summary, totals, terms, ranking), but the line rows and each supplier's
 * cells and line terms only for one page of lines, so what the page renders
 * and sends to the browser does not grow with the number of lines. The CSV
 * and the award keep using the whole comparison.
 */
export function pageComparison<C extends Pick<Comparison, "lines" | "suppliers">>(
  comparison: C,
  request: LinePageRequest,
): Omit<C, "lines" | "suppliers"> &
  Pick<Comparison, "lines" | "suppliers"> & { linePage: LinePage; offPage: OffPageLines } {
  const page = linePage(request, comparison.lines.length);
  const lines = comparison.lines.slice(Math.max(0, page.first - 1), page.last);
  const pick = <T>(byLine: Record<string, T>): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const l of lines) if (l.id in byLine) out[l.id] = byLine[l.id];
    return out;
  };
  // What the award form needs to know of the lines it does not show, which go to their cheapest price.
  const shown = new Set(lines.map((l) => l.id));
  let quoted = 0;
  const withoutComparablePrice: number[] = [];
  for (const l of comparison.lines) {
    if (shown.has(l.id)) continue;
    const cells = comparison.suppliers.map((s) => s.cells[l.id]).filter((c) => c != null);
    if (cells.length === 0) continue;
    quoted += 1;
    if (!cells.some((c) => c.convertedLineTotal !== null)) withoutComparablePrice.push(l.position);
  }
  return {
    ...comparison,
    lines,
    suppliers: comparison.suppliers.map((s) => ({ ...s, cells: pick(s.cells), lineTerms: pick(s.lineTerms) })),
    linePage: page,
    offPage: { quoted, withoutComparablePrice },
  };
}

/**
 * Free text typed by people (suppliers' alternate offers and terms, item
 * names, organisation names): a leading =, +, -, @ or control character
 * would make a spreadsheet run it as a formula, so it is kept as text.
 */
function csvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The page's formatting without digit grouping, so spreadsheets read the numbers as numbers. */
const ungrouped = (formatted: string) => formatted.replace(/,/g, "");
const csvAmount = (value: DecimalString, currency: string) => plainAmount(value, minorUnits(currency));

/** The matrix as CSV, with the page's numbers (plain decimals, no grouping, so spreadsheets read them). */
export function comparisonCsv(
  c: Pick<Comparison, "currency" | "lines" | "suppliers" | "summary"> &
    Partial<Pick<Comparison, "ranking" | "weights">>,
): string {
  const rows: string[][] = [];
  const header = ["Line", "Item", "Quantity", "Unit"];
  for (const s of c.suppliers)
    header.push(
      csvText(`${s.supplierName} unit price (${s.currency})`),
      csvText(`${s.supplierName} line total (${s.currency})`),
      csvText(`${s.supplierName} line total (${c.currency})`),
      csvText(`${s.supplierName} lowest`),
      csvText(`${s.supplierName} minimum order quantity`),
      csvText(`${s.supplierName} alternate offer`),
    );
  rows.push(header);
  for (const l of c.lines) {
    const row = [String(l.position), csvText(l.item_name), ungrouped(formatQuantity(l.quantity)), csvText(l.unit)];
    for (const s of c.suppliers) {
      const cell = s.cells[l.id];
      const terms = s.lineTerms[l.id];
      if (!cell) row.push("no bid", "no bid", "no bid", "");
      else
        row.push(
          plainUnitPrice(cell.unitPrice, s.currency),
          csvAmount(cell.lineTotal, s.currency),
          cell.convertedLineTotal === null ? "no rate" : csvAmount(cell.convertedLineTotal, c.currency),
          cell.lowest ? "lowest" : "",
        );
      row.push(ungrouped(formatMoq(terms, l.unit)), csvText(terms?.alternateOffer ?? ""));
    }
    rows.push(row);
  }
  const perSupplier = (label: string, value: (s: ComparisonSupplier) => string) => {
    const row = [label, "", "", ""];
    for (const s of c.suppliers) row.push("", "", value(s), "", "", "");
    rows.push(row);
  };
  perSupplier(`Total (${c.currency})`, (s) => s.convertedTotal ?? "no rate");
  perSupplier(`Landed total (${c.currency})`, (s) => s.landedTotal ?? "no rate");
  perSupplier("FX rate", (s) => (s.missingRate ? "no rate" : (s.rate ?? "")));
  perSupplier("Lead time (days)", (s) => String(s.leadTimeDays));
  perSupplier("Valid until", (s) => (s.validUntil ?? "") + (s.expired ? " (expired)" : ""));
  perSupplier("Expired", (s) => (s.expired ? "expired" : ""));
  perSupplier("Payment terms", (s) => csvText(s.paymentTerms ?? ""));
  perSupplier("Incoterm", (s) => csvText(s.incoterm ?? ""));
  perSupplier("Lines with a minimum order quantity", (s) => String(s.moqLines));
  perSupplier("Lines with an alternate offer", (s) => String(s.alternateLines));
  perSupplier("On-time delivery", (s) => formatPerformance(s.performance));
  if (c.ranking && c.weights) {
    const byQuote = new Map(c.ranking.map((r) => [r.id, r]));
    const w = c.weights;
    perSupplier(
      `Score (weights: price ${w.price} / lead time ${w.lead} / performance ${w.performance})`,
      (s) => byQuote.get(s.quoteId)?.total ?? "",
    );
    perSupplier("Rank", (s) => String(byQuote.get(s.quoteId)?.rank ?? ""));
    for (const criterion of CRITERIA)
      perSupplier(
        `${CRITERION_LABELS[criterion]} score`,
        (s) => byQuote.get(s.quoteId)?.criteria.find((k) => k.criterion === criterion)?.score ?? "",
      );
  }
  rows.push([]);
  rows.push(["Lowest total", csvText(c.summary.lowest?.supplierName ?? ""), c.summary.lowest?.total ?? ""]);
  rows.push(["Cheapest per line (best split)", "", c.summary.splitTotal ?? ""]);
  rows.push(["Difference", "", c.summary.difference ?? ""]);
  return `\uFEFF${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
