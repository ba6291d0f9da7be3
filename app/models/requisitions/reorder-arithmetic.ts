/**
 * The reorder arithmetic, pure: what is projected for an item at a site,
 * whether a rule orders, and how much. Quantities are decimal strings
 * (decimal.js), never floats. No database, no clock: the job gathers the
 * figures and this decides, so every case is a hand-computed unit test.
 *
 * The cases it is built against are the known failures of other systems'
 * reorder jobs: a new request every day for the same shortage (a rule with
 * an open line never raises another), the reorder level ordered instead of
 * the reorder quantity (the quantity is the gap up to the level, or the
 * fixed quantity, never the point itself), every warehouse lumped into one
 * request (the job groups by site; this module judges one rule, one site),
 * and "nothing happened and nobody can see why" (every outcome is a
 * decision with its reason and figures, written for every rule every run).
 */
import Decimal from "decimal.js";

import type { ReorderDecisionKind } from "../../../db/schema";
import { msg } from "../../i18n/config";

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** How a rule sizes its order. */
export type OrderPolicy = { kind: "up_to"; level: string } | { kind: "fixed"; quantity: string };

export interface RuleFigures {
  reorderPoint: string;
  policy: OrderPolicy;
  /** Never order less than this (the supplier's minimum). */
  minOrderQuantity: string | null;
  /** Order in whole multiples of this (a box of 100). */
  lotSize: string | null;
  paused: boolean;
}

export interface StockFigures {
  /** Counted on hand; "0" when never counted. */
  onHand: string;
  /** Requisition lines of the item and site, not cancelled or closed and not yet on a PO. */
  requested: readonly string[];
  /** What POs of the item and site still have to deliver: ordered minus received, each line. */
  outstanding: readonly { ordered: string; received: string }[];
}

/** on hand + requested + what POs still have to deliver (a line received in full, or more, adds nothing). */
export function projectedQuantity(stock: StockFigures): { onOrder: string; projected: string } {
  let onOrder = new D(0);
  for (const q of stock.requested) onOrder = onOrder.plus(q);
  for (const line of stock.outstanding) onOrder = onOrder.plus(D.max(0, new D(line.ordered).minus(line.received)));
  return { onOrder: trim(onOrder), projected: trim(onOrder.plus(stock.onHand)) };
}

/**
 * The quantity to order when `projected` is below the point: up to the
 * level (level − projected) or the fixed quantity, then raised to the
 * minimum order quantity, then rounded UP to a whole number of lots.
 */
export function orderQuantity(rule: Pick<RuleFigures, "policy" | "minOrderQuantity" | "lotSize">, projected: string) {
  let quantity = rule.policy.kind === "up_to" ? new D(rule.policy.level).minus(projected) : new D(rule.policy.quantity);
  if (rule.minOrderQuantity !== null) quantity = D.max(quantity, rule.minOrderQuantity);
  if (rule.lotSize !== null) {
    const lot = new D(rule.lotSize);
    quantity = quantity.dividedBy(lot).ceil().times(lot);
  }
  return trim(quantity);
}

export type Verdict =
  { decision: "ordered"; quantity: string } | { decision: Exclude<ReorderDecisionKind, "ordered">; quantity: null };

/**
 * What a rule decides, in this order: a paused rule never orders; stock at
 * or above the point needs nothing; below it, a line this rule raised that
 * is still open means the shortage is already asked for (never a second
 * request for it); with no agreement in force offering the item nothing can
 * be ordered automatically; else it orders.
 */
export function decide(
  rule: RuleFigures,
  facts: { projected: string; openLineOfRule: boolean; agreementInForce: boolean },
): Verdict {
  if (rule.paused) return { decision: "paused", quantity: null };
  if (new D(facts.projected).gte(rule.reorderPoint)) return { decision: "above_point", quantity: null };
  if (facts.openLineOfRule) return { decision: "already_requested", quantity: null };
  if (!facts.agreementInForce) return { decision: "no_agreement", quantity: null };
  const quantity = orderQuantity(rule, facts.projected);
  // Cannot happen for a valid rule (the level is above the point), kept so a bad row never orders nothing or less.
  if (new D(quantity).lte(0)) return { decision: "above_point", quantity: null };
  return { decision: "ordered", quantity };
}

/** The decision in words, as the log shows it. */
export const DECISION_LABELS: Record<ReorderDecisionKind, string> = {
  ordered: msg("Ordered"),
  above_point: msg("Not ordered: at or above the reorder point"),
  already_requested: msg("Not ordered: already requested (a line of this rule is still open)"),
  no_agreement: msg("Not ordered: no agreement in force offers this item"),
  paused: msg("Not ordered: rule paused"),
};

/** The item's matching key: the catalogue's name compared without case or surrounding spaces. */
export function itemKey(name: string): string {
  return name.trim().toLowerCase();
}

function trim(value: Decimal): string {
  // Three decimals at most (the quantity columns' scale); no trailing zeros.
  return value.toDecimalPlaces(3, Decimal.ROUND_UP).toFixed();
}
