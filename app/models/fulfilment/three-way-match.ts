/**
 * The three-way match: an invoice against the PO's price and quantity and
 * the quantity received, within finance's tolerance. A charge line (freight,
 * other charges) is matched on its amount alone: it is never received. Pure, so tests read
 * the wording it produces.
 */
import type Decimal from "decimal.js";
import { msgWith, messageParts } from "../../i18n/config";
import { minorUnits, toDecimal } from "../../utils/money";
import { isCharge } from "../shared/pricing";
import { unitLabel } from "../shared/vocabulary-labels";

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

/**
 * Whether a difference names this line, so the invoice page shows it beside the line: a message names it by its
 * position; a difference stored as an English sentence before they were messages begins "Line 2 (Bolts):".
 */
export function differenceOfLine(difference: string, line: { position: number; item_name: string }): boolean {
  const { values } = messageParts(difference);
  if ("line" in values) return values.line === line.position;
  return difference.startsWith(`Line ${line.position} (${line.item_name}):`);
}

/**
 * Each difference between the invoice and the PO and its receipts, as a catalogue message with its raw values:
 * stored with the invoice and said in each reader's words, amounts through their formatter.
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
    const name = { line: line.position, item: line.item_name };
    const price = toDecimal(entry.unitPrice);
    const ordered = toDecimal(line.unit_price);
    const tol = input.tolerancePercent;
    const charge = isCharge(line);
    const currency = input.currency;
    if (charge) {
      // A charge (freight) is one lot of its amount: matched on the amount, charged once, never received.
      const places = minorUnits(currency);
      const amount = price.times(entry.quantity);
      const orderedAmount = ordered.times(line.quantity);
      if (exceeds(amount, orderedAmount, tol) || exceeds(orderedAmount, amount, tol)) {
        differences.push(
          msgWith("Line {{line}} ({{item}}): {{invoiced}} invoiced, {{ordered}} on the purchase order.", {
            ...name,
            invoiced: { money: amount.toFixed(places), currency },
            ordered: { money: orderedAmount.toFixed(places), currency },
          }),
        );
      }
    } else if (exceeds(price, ordered, tol) || exceeds(ordered, price, tol)) {
      differences.push(
        msgWith("Line {{line}} ({{item}}): unit price {{invoiced}} invoiced, {{ordered}} on the purchase order.", {
          ...name,
          invoiced: { unitPrice: entry.unitPrice, currency },
          ordered: { unitPrice: line.unit_price, currency },
        }),
      );
    }
    if (!toDecimal(entry.taxRate).equals(line.tax_rate)) {
      differences.push(
        msgWith("Line {{line}} ({{item}}): tax rate {{invoiced}}% invoiced, {{ordered}}% on the purchase order.", {
          ...name,
          invoiced: { quantity: entry.taxRate },
          ordered: { quantity: line.tax_rate },
        }),
      );
    }
    const invoiced = toDecimal(input.invoicedBefore.get(line.id) ?? "0").plus(entry.quantity);
    if (charge) {
      if (exceeds(invoiced, toDecimal(line.quantity), tol)) {
        differences.push(
          msgWith("Line {{line}} ({{item}}): invoiced more than once; the purchase order charges it once.", name),
        );
      }
      continue;
    }
    const received = toDecimal(input.receivedBefore.get(line.id) ?? "0");
    if (exceeds(invoiced, toDecimal(line.quantity), tol)) {
      differences.push(
        msgWith("Line {{line}} ({{item}}): {{invoiced}} {{unit}} invoiced in total, {{ordered}} {{unit}} ordered.", {
          ...name,
          unit: { word: unitLabel(line.unit) },
          invoiced: { quantity: invoiced.toString() },
          ordered: { quantity: line.quantity },
        }),
      );
    }
    if (exceeds(invoiced, received, tol)) {
      differences.push(
        msgWith("Line {{line}} ({{item}}): {{invoiced}} {{unit}} invoiced in total, {{received}} {{unit}} received.", {
          ...name,
          unit: { word: unitLabel(line.unit) },
          invoiced: { quantity: invoiced.toString() },
          received: { quantity: received.toString() },
        }),
      );
    }
  }
  return differences;
}
