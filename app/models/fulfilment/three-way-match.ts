/**
 * The three-way match: an invoice against the PO's price and quantity and
 * the quantity received, within finance's tolerance. A charge line (freight,
 * other charges) is matched on its amount alone: it is never received. Pure, so tests read
 * the wording it produces.
 */
import type Decimal from "decimal.js";
import { formatMoney, formatQuantity, formatUnitPrice, minorUnits, toDecimal } from "../../utils/money";
import { isCharge } from "../shared/pricing";

type PoLine = {
  id: string;
  /** A charge (freight) is matched on its amount and needs no receipt; an item, or a line without a kind, is goods. */
  kind?: string;
  position: number;
  item_name: string;
  unit: string;
  quantity: string;
  unit_price: string;
  tax_rate: string;
};

/** Beyond tolerance: `actual` exceeds `expected` by more than `percent` of it. */
function exceeds(actual: Decimal, expected: Decimal, percent: string): boolean {
  return actual.greaterThan(expected.times(toDecimal(percent).div(100).plus(1)));
}

/** How a difference names its line; the invoice page uses it to show each difference beside its line. */
export function differenceSubject(line: { position: number; item_name: string }): string {
  return `Line ${line.position} (${line.item_name})`;
}

/**
 * Each difference between the invoice and the PO and its receipts, in words.
 * Pure apart from its inputs so tests can read the wording it produces.
 */
export function threeWayDifferences(input: {
  currency: string;
  tolerancePercent: string;
  poLines: PoLine[];
  invoiceLines: { poLineId: string; quantity: string; unitPrice: string; taxRate: string }[];
  receivedBefore: Map<string, string>;
  invoicedBefore: Map<string, string>;
}): string[] {
  const byId = new Map(input.poLines.map((l) => [l.id, l]));
  const differences: string[] = [];
  for (const entry of input.invoiceLines) {
    const line = byId.get(entry.poLineId);
    if (!line) continue;
    const name = differenceSubject(line);
    const price = toDecimal(entry.unitPrice);
    const ordered = toDecimal(line.unit_price);
    const tol = input.tolerancePercent;
    const charge = isCharge(line);
    if (charge) {
      // A charge (freight) is one lot of its amount: matched on the amount, charged once, never received.
      const places = minorUnits(input.currency);
      const amount = price.times(entry.quantity);
      const orderedAmount = ordered.times(line.quantity);
      if (exceeds(amount, orderedAmount, tol) || exceeds(orderedAmount, amount, tol)) {
        differences.push(
          `${name}: ${formatMoney(amount.toFixed(places), input.currency)} invoiced, ${formatMoney(orderedAmount.toFixed(places), input.currency)} on the purchase order.`,
        );
      }
    } else if (exceeds(price, ordered, tol) || exceeds(ordered, price, tol)) {
      differences.push(
        `${name}: unit price ${formatUnitPrice(entry.unitPrice, input.currency)} invoiced, ${formatUnitPrice(line.unit_price, input.currency)} on the purchase order.`,
      );
    }
    if (!toDecimal(entry.taxRate).equals(line.tax_rate)) {
      differences.push(
        `${name}: tax rate ${formatQuantity(entry.taxRate)}% invoiced, ${formatQuantity(line.tax_rate)}% on the purchase order.`,
      );
    }
    const invoiced = toDecimal(input.invoicedBefore.get(line.id) ?? "0").plus(entry.quantity);
    if (charge) {
      if (exceeds(invoiced, toDecimal(line.quantity), tol)) {
        differences.push(`${name}: invoiced more than once; the purchase order charges it once.`);
      }
      continue;
    }
    const received = toDecimal(input.receivedBefore.get(line.id) ?? "0");
    if (exceeds(invoiced, toDecimal(line.quantity), tol)) {
      differences.push(
        `${name}: ${formatQuantity(invoiced.toString())} ${line.unit} invoiced in total, ${formatQuantity(line.quantity)} ${line.unit} ordered.`,
      );
    }
    if (exceeds(invoiced, received, tol)) {
      differences.push(
        `${name}: ${formatQuantity(invoiced.toString())} ${line.unit} invoiced in total, ${formatQuantity(received.toString())} ${line.unit} received.`,
      );
    }
  }
  return differences;
}
