/**
 * Money arithmetic on decimal strings (decimal.js), never on floats.
 * Amounts are rounded half-up to the currency's minor unit only where a
 * total is stated; unit prices keep up to four decimals.
 */
import Decimal from "decimal.js";

export type DecimalString = string;

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** ISO 4217 minor units for the currencies we expect; two is the default. */
const MINOR_UNITS: Record<string, number> = { JPY: 0, KRW: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 };

export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

export function toDecimal(value: DecimalString | number): Decimal {
  return new D(value);
}

export function isDecimalString(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value.trim());
}

/** quantity × unit price, rounded to the currency's minor unit. */
export function lineTotal(quantity: DecimalString, unitPrice: DecimalString, currency: string): DecimalString {
  return new D(quantity).times(unitPrice).toFixed(minorUnits(currency), Decimal.ROUND_HALF_UP);
}

export function sum(values: readonly DecimalString[], currency: string): DecimalString {
  return values.reduce((acc, v) => acc.plus(v), new D(0)).toFixed(minorUnits(currency), Decimal.ROUND_HALF_UP);
}

export function compare(a: DecimalString, b: DecimalString): number {
  return new D(a).comparedTo(b);
}

/** "1234567.5" -> "1,234,567.50" (grouping by string, no float on the way). */
export function formatAmount(value: DecimalString, decimals = 2): string {
  const fixed = new D(value).toFixed(decimals, Decimal.ROUND_HALF_UP);
  const negative = fixed.startsWith("-");
  const [whole, fraction] = (negative ? fixed.slice(1) : fixed).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

export function formatMoney(value: DecimalString, currency: string): string {
  return `${formatAmount(value, minorUnits(currency))} ${currency}`;
}

/** Unit prices: at least the minor unit, up to four decimals when given. */
export function formatUnitPriceAmount(value: DecimalString, currency: string): string {
  const places = Math.min(4, Math.max(minorUnits(currency), new D(value).decimalPlaces()));
  return formatAmount(value, places);
}

export function formatUnitPrice(value: DecimalString, currency: string): string {
  return `${formatUnitPriceAmount(value, currency)} ${currency}`;
}

/** Quantities: as many decimals as they have, none when whole ("2500.000" -> "2,500"). */
export function formatQuantity(value: DecimalString): string {
  const normalized = new D(value).toFixed();
  const places = normalized.includes(".") ? normalized.split(".")[1].length : 0;
  return formatAmount(normalized, places);
}
