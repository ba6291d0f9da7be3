/**
 * Pricing of order lines: net per line, tax per line at its rate, rounded to
 * the currency's minor units, and the totals. The one tax rule of POs,
 * change orders and invoices. Pure, so a form can show running totals.
 */
import { lineTotal, minorUnits, sum, toDecimal } from "../../utils/money";

/** Line totals, tax and totals of a PO's lines, in decimals rounded to the currency. */
export function priceLines<L extends { quantity: string; unitPrice: string; taxRate: string }>(
  lines: L[],
  currency: string,
) {
  const priced = lines.map((l, i) => {
    const net = lineTotal(l.quantity, l.unitPrice, currency);
    const tax = toDecimal(net).times(l.taxRate).div(100).toFixed(minorUnits(currency));
    return { ...l, position: i + 1, net, tax };
  });
  const subtotal = sum(
    priced.map((l) => l.net),
    currency,
  );
  const taxTotal = sum(
    priced.map((l) => l.tax),
    currency,
  );
  return { priced, subtotal, taxTotal, total: sum([subtotal, taxTotal], currency) };
}

/**
 * A quote's figures: each priced line's total (quantity × unit price,
 * rounded to the currency), the subtotal of the priced lines, and the total
 * with freight and other charges. A line without a price (no bid, or not
 * priced yet) counts nothing. The one rule the quote's submission stores
 * and the quote form's running total shows.
 */
export function priceQuote<L extends { quantity: string; unitPrice: string | null }>(
  lines: L[],
  charges: { freight?: string | null; otherCharges?: string | null },
  currency: string,
) {
  const priced = lines.map((l) => ({
    ...l,
    total: l.unitPrice === null ? null : lineTotal(l.quantity, l.unitPrice, currency),
  }));
  const subtotal = sum(
    priced.flatMap((l) => (l.total === null ? [] : [l.total])),
    currency,
  );
  const total = sum([subtotal, charges.freight ?? "0", charges.otherCharges ?? "0"], currency);
  return { priced, subtotal, total };
}
