/**
 * The price comparison in the RFQ's currency, as pure arithmetic over the
 * quotes it is given. Each quote's amounts are converted with finance's FX
 * rate of the RFQ's close date; a missing rate stays missing (never guessed)
 * and such a quote is left out of every cross-supplier figure, since its
 * amounts cannot be compared.
 *
 * "Cheapest" has one meaning everywhere: the landed total, what the buyer
 * pays (lines + freight + other charges, converted at the locked rate).
 * Per line it is the converted line total plus the line's share of its
 * supplier's converted freight and charges, in proportion to the line's
 * value in that quote (splitProportionally, the rule the award uses to put
 * freight on its POs), so a supplier's landed lines add up to its landed
 * total. The lowest marks, the summary, the scoring, the award's
 * justification rule and the CSV all read these landed amounts; the
 * goods-only totals stay beside them. Beside the prices: minimum order quantities,
 * alternate offers, terms, on-time delivery and a weighted score
 * (./scoring.ts). The page and the CSV are both built from this one result.
 */
import Decimal from "decimal.js";
import { msg } from "../../i18n/config";
import { multiplyPlain } from "../../utils/fixed-point";
import { compare, minorUnits, toDecimal, type DecimalString } from "../../utils/money";
import { isFixed, type DeliveryRecord, type LineTerms, type Performance } from "./comparison-format";
import { splitProportionally } from "../shared/pricing";
import { linePage, type LinePage, type LinePageRequest } from "./comparison-page.schema";
import { DEFAULT_WEIGHTS, scoreSuppliers, type ScoredSupplier, type Weights } from "./scoring";
export type { DeliveryRecord, LineTerms, Performance } from "./comparison-format";

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
  /** The converted line total plus its share of the supplier's freight and charges; null without a rate. */
  landedLineTotal: DecimalString | null;
  /** The lowest landed amount for this line. */
  lowest: boolean;
}

export interface ComparisonSupplier extends Omit<ComparisonQuoteInput, "prices"> {
  /** null when the quote is already in the RFQ's currency. */
  rate: DecimalString | null;
  missingRate: boolean;
  expired: boolean;
  pricedLines: number;
  cells: Record<string, ComparisonCell | null>;
  /** Goods only: the converted line totals added up. */
  convertedTotal: DecimalString | null;
  /** Freight and other charges, converted; null without a rate. */
  convertedCharges: DecimalString | null;
  /** Goods + freight + charges: what "cheapest" means. */
  landedTotal: DecimalString | null;
  /** The lowest landed total among suppliers that priced every line. */
  lowest: boolean;
  /** By RFQ line id, only lines with a minimum order quantity or an alternate offer. */
  lineTerms: Record<string, LineTerms>;
  moqLines: number;
  alternateLines: number;
  performance: Performance;
}

export interface ComparisonSummary {
  /** The lowest landed total, with that supplier's goods-only total beside it. */
  lowest: { supplierName: string; total: DecimalString; goodsTotal: DecimalString } | null;
  /** Sum over lines of the lowest landed line amount; null when some line has no comparable price. */
  splitTotal: DecimalString | null;
  difference: DecimalString | null;
}

/** amount × rate, rounded half-up to `places`. */
export function convertAmount(amount: DecimalString, rate: DecimalString, places: number): DecimalString {
  return multiplyPlain(amount, rate, places) ?? toDecimal(amount).times(rate).toFixed(places, Decimal.ROUND_HALF_UP);
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
    const lineTerms: Record<string, LineTerms> = {};
    for (const line of lines) {
      const p = q.prices[line.id];
      const moq = p?.minOrderQuantity ?? null;
      const alternate = p?.alternateOffer?.trim() ? p.alternateOffer.trim() : null;
      if (moq !== null || alternate !== null)
        lineTerms[line.id] = {
          minOrderQuantity: moq,
          moqAboveQuantity: moq !== null && compare(moq, line.quantity) > 0,
          alternateOffer: alternate,
        };
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
        landedLineTotal: null,
        lowest: false,
      };
      if (cell.convertedLineTotal !== null) converted.push(cell.convertedLineTotal);
      cells[line.id] = cell;
      indexed.push(cell);
    }
    const terms = Object.values(lineTerms);
    const record = input.delivery?.[q.supplierOrgId] ?? { onTime: 0, counted: 0 };
    const { prices: _prices, ...rest } = q;
    const pricedLines = indexed.filter(Boolean).length;
    // The converted total adds the converted line totals, so the column adds up on the page.
    const convertedTotal = rate === null ? null : addUp(converted, places);
    // Each charge converted on its own, as the award puts each on its POs as its own line.
    const charges = rate === null ? null : [q.freight, q.otherCharges].map((a) => convertAmount(a, rate, places));
    const convertedCharges = charges === null ? null : addUp(charges, places);
    if (charges !== null) landLines(indexed, charges, places);
    return {
      ...rest,
      rate: same ? null : rate,
      missingRate: rate === null,
      expired: q.validUntil !== null && q.validUntil < input.today,
      pricedLines,
      cells,
      convertedTotal,
      convertedCharges,
      landedTotal:
        convertedTotal === null || convertedCharges === null ? null : addUp([convertedTotal, convertedCharges], places),
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
      const v = indexed[i]?.landedLineTotal ?? null;
      if (v !== null && (best === null || compareFixed(v, best) < 0)) best = v;
    }
    if (best === null) {
      splitTotal = null;
      continue;
    }
    // Canonical strings: equal amounts are equal strings.
    for (const indexed of cellsByIndex) {
      const cell = indexed[i];
      if (cell && cell.landedLineTotal === best) cell.lowest = true;
    }
    splitTotal?.push(best);
  }

  // Only a quote that prices every line is comparable on its total.
  const complete = suppliers.filter((s) => s.pricedLines === lines.length && s.landedTotal !== null);
  const lowestTotal = minOf(complete.map((s) => s.landedTotal));
  for (const s of complete) s.lowest = lowestTotal !== null && compare(s.landedTotal as string, lowestTotal) === 0;
  const lowestSupplier = complete.find((s) => s.lowest) ?? null;
  const split = splitTotal === null || lines.length === 0 ? null : addUp(splitTotal, places);
  const summary: ComparisonSummary = {
    lowest: lowestSupplier
      ? {
          supplierName: lowestSupplier.supplierName,
          total: lowestTotal as string,
          goodsTotal: lowestSupplier.convertedTotal as string,
        }
      : null,
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
        ? msg("no FX rate: not comparable")
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

/**
 * Gives each priced cell its landed amount: the converted line total plus
 * its share of each converted charge (freight, other charges), each shared
 * by line value with the remainder kept exact, as the award shares them onto
 * its POs; so the landed cells add up to the landed total.
 */
function landLines(cells: (ComparisonCell | null)[], charges: DecimalString[], places: number) {
  const priced = cells.filter((c): c is ComparisonCell => c !== null && c.convertedLineTotal !== null);
  if (priced.length === 0) return;
  const weights = priced.map((c) => c.convertedLineTotal as string);
  // A zero charge adds nothing: no arithmetic for it on large comparisons.
  const shares = charges
    .filter((charge) => !/^-?0(\.0*)?$/.test(charge))
    .map((charge) => splitProportionally(charge, weights, places));
  priced.forEach((c, i) => {
    const line = c.convertedLineTotal as string;
    c.landedLineTotal = shares.length === 0 ? line : addUp([line, ...shares.map((s) => s[i])], places);
  });
}

function minOf(values: (DecimalString | null)[]): DecimalString | null {
  return values.reduce<DecimalString | null>(
    (best, v) => (v === null ? best : best === null || compare(v, best) < 0 ? v : best),
    null,
  );
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
  const page = linePage(request, comparison.lines.length, comparison.suppliers.length);
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
    if (!cells.some((c) => c.landedLineTotal !== null)) withoutComparablePrice.push(l.position);
  }
  return {
    ...comparison,
    lines,
    suppliers: comparison.suppliers.map((s) => ({ ...s, cells: pick(s.cells), lineTerms: pick(s.lineTerms) })),
    linePage: page,
    offPage: { quoted, withoutComparablePrice },
  };
}
