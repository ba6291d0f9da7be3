/**
 * The arithmetic of an agreement, pure and decimal (no floats, no I/O): the
 * price breaks as a person types them, the unit price a quantity earns, and
 * what remains of a cap. Used by the form (browser), the call-off (server)
 * and the page alike.
 */
import { msg, msgWith } from "../../i18n/config";
import { compare, isDecimalString, toDecimal, type DecimalString } from "../../utils/money";

export interface PriceBreak {
  minQuantity: DecimalString;
  unitPrice: DecimalString;
}

export type ParsedBreaks = { ok: true; breaks: PriceBreak[] } | { ok: false; message: string };

export const PRICE_BREAKS_HINT = msg("From a quantity on, a lower unit price: like 100: 1.80; 500: 1.65");

const QUANTITY = /^\d{1,11}(\.\d{1,3})?$/;
const PRICE = /^\d{1,10}(\.\d{1,4})?$/;

/**
 * "100: 1.80; 500: 1.65" (semicolons or line breaks between breaks) into
 * breaks ordered by quantity. Each break must be below the price before it,
 * or it would never be the better price and could only confuse.
 */
export function parsePriceBreaks(text: string, basePrice: DecimalString): ParsedBreaks {
  const parts = text
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length > 20) return { ok: false, message: msg("At most 20 price breaks per item.") };
  const breaks: PriceBreak[] = [];
  for (const part of parts) {
    const match = /^([^:]+):(.+)$/.exec(part);
    const quantity = match?.[1].trim() ?? "";
    const price = match?.[2].trim() ?? "";
    if (!match || !QUANTITY.test(quantity) || !PRICE.test(price))
      return {
        ok: false,
        message: msgWith('Write each price break as quantity: unit price, like 100: 1.80 (not "{{part}}").', {
          part: part.slice(0, 40),
        }),
      };
    if (compare(quantity, "1") <= 0) return { ok: false, message: msg("A price break starts above a quantity of 1.") };
    breaks.push({ minQuantity: quantity, unitPrice: price });
  }
  breaks.sort((a, b) => compare(a.minQuantity, b.minQuantity));
  let previous = basePrice;
  for (let i = 0; i < breaks.length; i += 1) {
    if (i > 0 && compare(breaks[i].minQuantity, breaks[i - 1].minQuantity) === 0)
      return {
        ok: false,
        message: msgWith("Two price breaks start at {{quantity}}.", { quantity: breaks[i].minQuantity }),
      };
    if (isDecimalString(previous) && compare(breaks[i].unitPrice, previous) >= 0)
      return {
        ok: false,
        message: msgWith("The price from {{quantity}} must be below {{price}}, the price for fewer.", {
          quantity: breaks[i].minQuantity,
          price: previous,
        }),
      };
    previous = breaks[i].unitPrice;
  }
  return { ok: true, breaks };
}

/** The breaks as the form shows them again. */
export function formatPriceBreaks(breaks: readonly PriceBreak[]): string {
  return breaks.map((b) => `${b.minQuantity}: ${b.unitPrice}`).join("; ");
}

/** The unit price for `quantity` in one call-off line: the break with the highest start not above it, else the base price. */
export function unitPriceFor(
  basePrice: DecimalString,
  breaks: readonly PriceBreak[],
  quantity: DecimalString,
): DecimalString {
  let price = basePrice;
  let from = "0";
  for (const b of breaks) {
    if (compare(b.minQuantity, quantity) <= 0 && compare(b.minQuantity, from) > 0) {
      price = b.unitPrice;
      from = b.minQuantity;
    }
  }
  return price;
}

/** What is left of a cap after `consumed`; never below zero. Null when there is no cap. */
export function remainingOf(cap: DecimalString | null, consumed: DecimalString): DecimalString | null {
  if (cap === null) return null;
  const left = toDecimal(cap).minus(consumed);
  return left.isNegative() ? "0" : left.toString();
}

/** Whole percent of a cap consumed (rounded down), or null without a cap. */
export function percentConsumed(cap: DecimalString | null, consumed: DecimalString): number | null {
  if (cap === null || toDecimal(cap).isZero()) return null;
  return toDecimal(consumed).times(100).dividedBy(cap).floor().toNumber();
}

/** The share of a cap at which the buyers are told it is running out. */
export const CONSUMPTION_WARNING_PERCENT = 80;
/** How many days before its end the buyers are told the agreement is ending. */
export const EXPIRY_WARNING_DAYS = 30;
