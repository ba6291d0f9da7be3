/**
 * One formatter per locale and time zone for everything a person reads that
 * is not a sentence: numbers, money, quantities, dates and instants. Pages get
 * the viewer's (their own zone, named) through useFormat(); mails and PDFs
 * make one for their recipient.
 *
 * Amounts are decimal strings (decision 005) and are grouped as strings, so
 * no amount passes through a float on its way to the page.
 */
import { formatAmount, formatQuantity, formatUnitPriceAmount, minorUnits, type DecimalString } from "~/utils/money";
import { formatInstant, instantToZonedLocal } from "~/utils/time";

import { PSEUDO_CLOSE, PSEUDO_LOCALE, PSEUDO_OPEN } from "./pseudo";

export type Format = {
  locale: string;
  timeZone: string;
  /** "2026-12-07 14:30 Europe/Berlin": an instant in the viewer's zone, the zone named. */
  instant(value: Date | string): string;
  /** "2026-12-07": the calendar day of an instant in the viewer's zone, or a stored date as it is. */
  date(value: Date | string): string;
  /** "1,234.50 EUR" */
  money(value: DecimalString, currency: string): string;
  /** "1,234.50" in the currency's minor units, for tables whose header names the currency. */
  amount(value: DecimalString, currency: string): string;
  unitPrice(value: DecimalString, currency: string): string;
  quantity(value: DecimalString): string;
  number(value: number): string;
  /** 0.934 -> "93%" */
  percent(fraction: number): string;
  /** A country's name from its ISO 3166 code, in the viewer's language. */
  country(code: string): string;
};

const cache = new Map<string, Format>();

export function createFormat({ locale, timeZone }: { locale: string; timeZone: string }): Format {
  const key = `${locale} ${timeZone}`;
  const known = cache.get(key);
  if (known) return known;
  // The pseudo-locale marks what went through the formatter, like its messages, so the test tells it from raw text.
  const mark = locale === PSEUDO_LOCALE ? (s: string) => `${PSEUDO_OPEN}${s}${PSEUDO_CLOSE}` : (s: string) => s;
  const regions = new Intl.DisplayNames([locale === PSEUDO_LOCALE ? "en" : locale], { type: "region" });
  const numbers = new Intl.NumberFormat(locale === PSEUDO_LOCALE ? "en" : locale, { maximumFractionDigits: 2 });
  const format: Format = {
    locale,
    timeZone,
    instant: (value) => mark(formatInstant(value, timeZone)),
    date: (value) =>
      mark(
        typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
          ? value
          : instantToZonedLocal(typeof value === "string" ? new Date(value) : value, timeZone).slice(0, 10),
      ),
    money: (value, currency) => mark(`${formatAmount(value, minorUnits(currency))} ${currency}`),
    amount: (value, currency) => mark(formatAmount(value, minorUnits(currency))),
    unitPrice: (value, currency) => mark(`${formatUnitPriceAmount(value, currency)} ${currency}`),
    quantity: (value) => mark(formatQuantity(value)),
    number: (value) => mark(numbers.format(value)),
    percent: (fraction) => mark(`${Math.round(fraction * 100)}%`),
    country: (code) => mark(regions.of(code) ?? code),
  };
  cache.set(key, format);
  return format;
}
