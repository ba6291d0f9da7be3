/**
 * What every rendering of a purchase order (PDF, UBL XML) is made from, and
 * the figures derived from it that both renderings must agree on: the tax
 * breakdown per rate. No I/O: app/models/purchase-order-document.server.ts
 * loads it, the renderers beside this file draw it.
 */
import { minorUnits, sum, toDecimal } from "../utils/money";

export interface PurchaseOrderParty {
  name: string;
  /** The registered name, printed under the trading name when it differs. */
  legalName?: string | null;
  /** Free text, one address line per text line; a last line naming a country is read as the country. */
  address: string;
  /** VAT or other tax registration number, when the organisation has one on file. */
  taxId?: string | null;
}

export interface PurchaseOrderDocumentLine {
  position: number;
  itemName: string;
  specification: string;
  /** Decimal strings, never numbers. */
  quantity: string;
  unit: string;
  unitPrice: string;
  lineTotal: string;
  /** Percent, e.g. "19" or "7.7"; absent where the source has no rate. */
  taxRate?: string;
  /** A charge (freight, other charges): one lot of its amount, not goods. Absent means an item. */
  kind?: "item" | "charge";
}

export interface PurchaseOrderDocument {
  /** The PO's row id; absent for documents built outside the database. */
  id?: string;
  number: string;
  revision: number;
  status: string;
  createdAt: Date;
  issuedAt: Date | null;
  /** ISO 4217 */
  currency: string;
  buyer: PurchaseOrderParty;
  supplier: PurchaseOrderParty;
  /** The buyer's person who raised the order: whom the supplier asks. */
  orderedBy?: { name: string; email: string } | null;
  deliveryAddress: string;
  /** YYYY-MM-DD */
  deliveryDate: string | null;
  /** YYYY-MM-DD, the date the supplier promised on acknowledging. */
  promisedDate?: string | null;
  paymentTerms: string | null;
  incoterm: string | null;
  notes: string;
  lines: PurchaseOrderDocumentLine[];
  subtotal: string;
  taxTotal: string;
  total: string;
  /** How many approvals the policy asked for (0: approved on submission, under the first threshold). */
  requiredApprovals?: number;
  approvals: { name: string; at: Date }[];
  /** The buying organisation's logo (PNG or JPEG bytes, checked on upload), printed at the top. */
  logo?: Uint8Array | null;
}

export interface TaxBreakdownRow {
  /** Percent, normalised ("19", "7.7", "0"). */
  rate: string;
  taxable: string;
  tax: string;
}

/**
 * Tax per rate, or null when the lines carry no rates or the per-rate
 * figures would not add up to the order's stated tax total: a document a
 * supplier files must never show two tax figures that disagree, so then
 * only the stated total is shown.
 */
export function taxBreakdown(doc: PurchaseOrderDocument): TaxBreakdownRow[] | null {
  if (doc.lines.length === 0 || doc.lines.some((l) => l.taxRate === undefined)) return null;
  const places = minorUnits(doc.currency);
  const byRate = new Map<string, string[]>();
  for (const line of doc.lines) {
    const rate = toDecimal(line.taxRate as string).toFixed();
    byRate.set(rate, [...(byRate.get(rate) ?? []), line.lineTotal]);
  }
  const rows = [...byRate.entries()]
    .sort(([a], [b]) => toDecimal(b).comparedTo(a))
    .map(([rate, totals]) => {
      const taxable = sum(totals, doc.currency);
      const tax = toDecimal(taxable).times(rate).dividedBy(100).toFixed(places);
      return { rate, taxable, tax };
    });
  const stated = toDecimal(doc.taxTotal);
  if (
    !toDecimal(
      sum(
        rows.map((r) => r.tax),
        doc.currency,
      ),
    ).equals(stated)
  )
    return null;
  return rows;
}
