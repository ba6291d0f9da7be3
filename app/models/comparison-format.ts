/**
 * Words the comparison page and its CSV share, so both say the same thing:
 * the on-time delivery record and a line's minimum order quantity. No
 * server code, so the page's components may import it.
 */
import Decimal from "decimal.js";

import { formatQuantity, toDecimal, type DecimalString } from "../utils/money";

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

/** A line's minimum order quantity with its unit, and whether it asks for more than the RFQ line's quantity. */
export function formatMoq(terms: LineTerms | undefined, unit: string): string {
  if (!terms?.minOrderQuantity) return "";
  return `${formatQuantity(terms.minOrderQuantity)} ${unit}${terms.moqAboveQuantity ? " (above the quantity asked)" : ""}`;
}
