/**
 * Pricing of order lines: net per line, tax per line at its rate, rounded to
 * the currency's minor units, and the totals. The one tax rule of POs,
 * change orders and invoices. Pure, so a form can show running totals.
 */
import { splitPlain } from "../../utils/fixed-point";
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

/**
 * The unit of a charge line (freight, other charges): one lot of the amount.
 * UN/ECE Recommendation 20 code "LO" (lot) in UBL.
 */
export const CHARGE_UNIT = "lot";

/** Whether a PO line is a charge: invoiced and matched on its amount, never received. */
export function isCharge(line: { kind?: string | null }): boolean {
  return line.kind === "charge";
}

/**
 * Splits `amount` into parts proportional to `weights`, each rounded to
 * `places` decimals, so that the parts add up to the amount exactly: every
 * part is first rounded down, and the cents (or other minor units) left over
 * go one each to the parts with the largest remainders (the first such part
 * on a tie). Used to share a quote's freight and charges across its lines,
 * in the comparison and on the POs of an award alike. When every weight is
 * zero the amount is shared equally.
 */
export function splitProportionally(amount: string, weights: readonly string[], places: number): string[] {
  if (weights.length === 0) return [];
  const exact = splitPlain(amount, weights, places);
  if (exact) return exact;
  return splitByDecimal(amount, weights, places);
}

/** The same rule through Decimal, for amounts or weights with a sign. */
function splitByDecimal(amount: string, weights: readonly string[], places: number): string[] {
  const unit = toDecimal(1).div(toDecimal(10).pow(places));
  const total = toDecimal(toDecimal(amount).toFixed(places));
  const sumOfWeights = weights.reduce((acc, w) => acc.plus(w), toDecimal(0));
  const exact = weights.map((w) =>
    sumOfWeights.isZero() ? total.div(weights.length) : total.times(w).div(sumOfWeights),
  );
  // Toward zero, so a negative amount (a discount) is shared by the same rule.
  const parts = exact.map((e) => e.div(unit).trunc().times(unit));
  const leftover = total.minus(parts.reduce((acc, p) => acc.plus(p), toDecimal(0)));
  const steps = leftover.div(unit).abs().toNumber();
  const step = leftover.isNegative() ? unit.neg() : unit;
  const order = exact
    .map((e, i) => ({ i, remainder: e.minus(parts[i]).abs() }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  for (let k = 0; k < steps; k++) parts[order[k % order.length].i] = parts[order[k % order.length].i].plus(step);
  return parts.map((p) => p.toFixed(places));
}
