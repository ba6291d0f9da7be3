/**
 * Words the comparison page and its CSV share, so both say the same thing:
 * the on-time delivery record and a line's minimum order quantity. No
 * server code, so the page's components may import it.
 */
import Decimal from "decimal.js";

import {
  formatAmount,
  formatMoney,
  formatUnitPrice,
  formatUnitPriceAmount,
  minorUnits,
  toDecimal,
  type DecimalString,
} from "../../utils/money";

/** Past purchase orders of the buying organisation with one supplier, as judged for on-time delivery. */
export interface DeliveryRecord {
  onTime: number;
  counted: number;
}

/** What a supplier wrote beside a line's price; also on a no-bid line, where an alternate is often offered instead. */
export interface LineTerms {
  minOrderQuantity: DecimalString | null;
  /** The minimum order quantity asks for more than the RFQ line's quantity. */
  moqAboveQuantity: boolean;
  alternateOffer: string | null;
}

export interface Performance extends DeliveryRecord {
  /** onTime ÷ counted, from 0 to 1; null when no purchase order could be judged ("no history"). */
  share: DecimalString | null;
}

/** "3 of 4 on time (75%)", or "no history": the same words on the page and in the CSV. */
export function formatPerformance(p: Performance): string {
  if (p.share === null) return "no history";
  return `${p.onTime} of ${p.counted} on time (${toDecimal(p.share).times(100).toFixed(0, Decimal.ROUND_HALF_UP)}%)`;
}

/*
 * A large comparison shows tens of thousands of amounts; parsing each into
 * a Decimal to format it dominated the page's and the CSV's time. Amounts
 * already written as canonical fixed-point strings (as Postgres and
 * Decimal#toFixed write them: no sign, no leading zeros) are formatted by
 * string instead, with the same result as the money helpers; anything
 * else goes through them.
 */
const fixedPatterns = new Map<number, RegExp>();

/** A canonical non-negative fixed-point string with exactly `places` decimals. */
export function isFixed(value: string, places: number): boolean {
  let pattern = fixedPatterns.get(places);
  if (!pattern) {
    pattern = new RegExp(places === 0 ? "^(0|[1-9]\\d*)$" : `^(0|[1-9]\\d*)\\.\\d{${places}}$`);
    fixedPatterns.set(places, pattern);
  }
  return pattern.test(value);
}

const group = (whole: string) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** formatAmount(value, places) without the grouping commas, so spreadsheets read a number. */
export function plainAmount(value: DecimalString, places: number): string {
  return isFixed(value, places) ? value : formatAmount(value, places).replace(/,/g, "");
}

/** formatMoney, by string when the amount is already canonical. */
export function moneyText(value: DecimalString, currency: string): string {
  const places = minorUnits(currency);
  if (!isFixed(value, places)) return formatMoney(value, currency);
  const [whole, fraction] = value.split(".");
  return `${group(whole)}${fraction ? `.${fraction}` : ""} ${currency}`;
}

const UNIT_PRICE = /^(0|[1-9]\d*)(?:\.(\d{0,4}))?$/;

/** formatUnitPriceAmount without grouping: the currency's minor unit at least, up to four decimals as given. */
export function plainUnitPrice(value: DecimalString, currency: string): string {
  const m = UNIT_PRICE.exec(value);
  if (!m) return formatUnitPriceAmount(value, currency).replace(/,/g, "");
  const fraction = (m[2] ?? "").replace(/0+$/, "").padEnd(minorUnits(currency), "0");
  return fraction ? `${m[1]}.${fraction}` : m[1];
}

/** formatUnitPrice, by string when the price has at most four decimals. */
export function unitPriceText(value: DecimalString, currency: string): string {
  if (!UNIT_PRICE.test(value)) return formatUnitPrice(value, currency);
  const [whole, fraction] = plainUnitPrice(value, currency).split(".");
  return `${group(whole)}${fraction ? `.${fraction}` : ""} ${currency}`;
}
