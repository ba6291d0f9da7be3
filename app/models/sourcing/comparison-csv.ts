/**
 * The comparison matrix as CSV, with the page's numbers. Its words (headers,
 * row labels, "no bid") from the catalogue in the reader's language; its
 * numbers plain decimals without grouping in every language, so a
 * spreadsheet reads them as numbers. Pure.
 */
import Decimal from "decimal.js";

import { DEFAULT_LOCALE } from "../../i18n/config";
import { translatorFor } from "../../i18n/translator";
import { formatQuantity, minorUnits, toDecimal, type DecimalString } from "../../utils/money";
import { plainAmount, plainUnitPrice, type Performance } from "./comparison-format";
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

/** "3 of 4 on time (75%)", or "no history", in the reader's words; the share a plain whole percent. */
function performance(t: Translate, p: Performance): string {
  if (p.share === null) return t("no history");
  const share = `${toDecimal(p.share).times(100).toFixed(0, Decimal.ROUND_HALF_UP)}%`;
  return t("{{onTime}} of {{counted}} on time ({{share}})", { onTime: p.onTime, counted: p.counted, share });
}

/** A line's minimum order quantity with its unit code, ungrouped, and whether it asks for more than the line. */
function moq(
  t: Translate,
  terms: { minOrderQuantity: DecimalString | null; moqAboveQuantity: boolean } | undefined,
  unit: string,
) {
  if (!terms?.minOrderQuantity) return "";
  const quantity = ungrouped(formatQuantity(terms.minOrderQuantity));
  return terms.moqAboveQuantity
    ? t("{{quantity}} {{unit}} (above the quantity asked)", { quantity, unit })
    : `${quantity} ${unit}`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The page's formatting without digit grouping, so spreadsheets read the numbers as numbers. */
const ungrouped = (formatted: string) => formatted.replace(/,/g, "");

const csvAmount = (value: DecimalString, currency: string) => plainAmount(value, minorUnits(currency));

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * The matrix as CSV, with the page's numbers (plain decimals, no grouping, so spreadsheets read them) and
 * its words in the reader's language (`t` for the request's locale; English by default).
 */
export function comparisonCsv(
  c: Pick<Comparison, "currency" | "lines" | "suppliers" | "summary"> &
    Partial<Pick<Comparison, "ranking" | "weights">>,
  { t = translatorFor(DEFAULT_LOCALE) as Translate }: { t?: Translate } = {},
): string {
  const rows: string[][] = [];
  const noBid = t("no bid");
  const noRate = t("no rate");
  const header = [t("Line"), t("Item"), t("Quantity"), t("Unit")];
  for (const s of c.suppliers) {
    const supplier = s.supplierName;
    header.push(
      csvText(t("{{supplier}} unit price ({{currency}})", { supplier, currency: s.currency })),
      csvText(t("{{supplier}} line total ({{currency}})", { supplier, currency: s.currency })),
      csvText(t("{{supplier}} line total ({{currency}})", { supplier, currency: c.currency })),
      csvText(t("{{supplier}} landed line total ({{currency}})", { supplier, currency: c.currency })),
      csvText(t("{{supplier}} lowest", { supplier })),
      csvText(t("{{supplier}} minimum order quantity", { supplier })),
      csvText(t("{{supplier}} alternate offer", { supplier })),
    );
  }
  rows.push(header);
  for (const l of c.lines) {
    const row = [String(l.position), csvText(l.item_name), ungrouped(formatQuantity(l.quantity)), csvText(l.unit)];
    for (const s of c.suppliers) {
      const cell = s.cells[l.id];
      const terms = s.lineTerms[l.id];
      if (!cell) row.push(noBid, noBid, noBid, noBid, "");
      else
        row.push(
          plainUnitPrice(cell.unitPrice, s.currency),
          csvAmount(cell.lineTotal, s.currency),
          cell.convertedLineTotal === null ? noRate : csvAmount(cell.convertedLineTotal, c.currency),
          cell.landedLineTotal === null ? noRate : csvAmount(cell.landedLineTotal, c.currency),
          cell.lowest ? t("lowest") : "",
        );
      row.push(moq(t, terms, l.unit), csvText(terms?.alternateOffer ?? ""));
    }
    rows.push(row);
  }
  const perSupplier = (label: string, value: (s: ComparisonSupplier) => string) => {
    const row = [label, "", "", ""];
    for (const s of c.suppliers) row.push("", "", value(s), "", "", "", "");
    rows.push(row);
  };
  perSupplier(t("Goods total ({{currency}})", { currency: c.currency }), (s) => s.convertedTotal ?? noRate);
  perSupplier(t("Freight and charges ({{currency}})", { currency: c.currency }), (s) => s.convertedCharges ?? noRate);
  perSupplier(t("Landed total ({{currency}})", { currency: c.currency }), (s) => s.landedTotal ?? noRate);
  perSupplier(t("FX rate"), (s) => (s.missingRate ? noRate : (s.rate ?? "")));
  perSupplier(t("Lead time (days)"), (s) => String(s.leadTimeDays));
  perSupplier(t("Valid until"), (s) =>
    s.expired ? t("{{date}} (expired)", { date: s.validUntil ?? "" }) : (s.validUntil ?? ""),
  );
  perSupplier(t("Expired"), (s) => (s.expired ? t("expired") : ""));
  perSupplier(t("Payment terms"), (s) => csvText(s.paymentTerms ?? ""));
  perSupplier(t("Incoterm"), (s) => csvText(s.incoterm ?? ""));
  perSupplier(t("Lines with a minimum order quantity"), (s) => String(s.moqLines));
  perSupplier(t("Lines with an alternate offer"), (s) => String(s.alternateLines));
  perSupplier(t("On-time delivery"), (s) => performance(t, s.performance));
  if (c.ranking && c.weights) {
    const byQuote = new Map(c.ranking.map((r) => [r.id, r]));
    const w = c.weights;
    perSupplier(
      t("Score (weights: price {{price}} / lead time {{lead}} / performance {{performance}})", {
        price: w.price,
        lead: w.lead,
        performance: w.performance,
      }),
      (s) => byQuote.get(s.quoteId)?.total ?? "",
    );
    perSupplier(t("Rank"), (s) => String(byQuote.get(s.quoteId)?.rank ?? ""));
    for (const criterion of CRITERIA)
      perSupplier(
        t("{{criterion}} score", { criterion: t(CRITERION_LABELS[criterion]) }),
        (s) => byQuote.get(s.quoteId)?.criteria.find((k) => k.criterion === criterion)?.score ?? "",
      );
  }
  rows.push([]);
  // Cheapest means landed (lines + freight + charges) here as on the page; the goods-only total stays beside it.
  rows.push([
    t("Lowest landed total"),
    csvText(c.summary.lowest?.supplierName ?? ""),
    c.summary.lowest?.total ?? "",
    c.summary.lowest?.goodsTotal ?? "",
  ]);
  rows.push([t("Cheapest per line landed (best split)"), "", c.summary.splitTotal ?? ""]);
  rows.push([t("Difference"), "", c.summary.difference ?? ""]);
  return `\uFEFF${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
