/** The comparison matrix as CSV, with the page's numbers. Pure. */
import { formatQuantity, minorUnits, type DecimalString } from "../../utils/money";
import { formatMoq, formatPerformance, plainAmount, plainUnitPrice } from "./comparison-format";
import { CRITERIA, CRITERION_LABELS } from "./scoring";
import { type Comparison, type ComparisonSupplier } from "./comparison";
export type { DeliveryRecord, LineTerms, Performance } from "./comparison-format";

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
      csvText(`${s.supplierName} landed line total (${c.currency})`),
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
      if (!cell) row.push("no bid", "no bid", "no bid", "no bid", "");
      else
        row.push(
          plainUnitPrice(cell.unitPrice, s.currency),
          csvAmount(cell.lineTotal, s.currency),
          cell.convertedLineTotal === null ? "no rate" : csvAmount(cell.convertedLineTotal, c.currency),
          cell.landedLineTotal === null ? "no rate" : csvAmount(cell.landedLineTotal, c.currency),
          cell.lowest ? "lowest" : "",
        );
      row.push(ungrouped(formatMoq(terms, l.unit)), csvText(terms?.alternateOffer ?? ""));
    }
    rows.push(row);
  }
  const perSupplier = (label: string, value: (s: ComparisonSupplier) => string) => {
    const row = [label, "", "", ""];
    for (const s of c.suppliers) row.push("", "", value(s), "", "", "", "");
    rows.push(row);
  };
  perSupplier(`Goods total (${c.currency})`, (s) => s.convertedTotal ?? "no rate");
  perSupplier(`Freight and charges (${c.currency})`, (s) => s.convertedCharges ?? "no rate");
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
  // Cheapest means landed (lines + freight + charges) here as on the page; the goods-only total stays beside it.
  rows.push([
    "Lowest landed total",
    csvText(c.summary.lowest?.supplierName ?? ""),
    c.summary.lowest?.total ?? "",
    c.summary.lowest?.goodsTotal ?? "",
  ]);
  rows.push(["Cheapest per line landed (best split)", "", c.summary.splitTotal ?? ""]);
  rows.push(["Difference", "", c.summary.difference ?? ""]);
  return `\uFEFF${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
