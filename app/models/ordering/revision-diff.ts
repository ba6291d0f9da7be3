/** What changed from one PO revision to the next. Pure: the revision page and tests use it. */
import { msg } from "../../i18n/config";
import { compare } from "../../utils/money";

export interface RevisionLine {
  id: string;
  position: number;
  rfqLineId: string | null;
  itemName: string;
  specification: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  taxRate: string;
  lineTotal: string;
  /** Missing in snapshots kept before charge lines existed: those lines are items. */
  kind?: "item" | "charge";
}

/** One revision of a PO as it stood: what the supplier was sent, and who changed it why. */
export interface RevisionSnapshot {
  revision: number;
  authorId: string;
  authorName: string;
  /** When this revision was made (the PO's creation for revision 1), ISO 8601. */
  madeAt: string;
  /** Why this revision was made; null for revision 1. */
  reason: string | null;
  issuedAt: string | null;
  acknowledgedAt: string | null;
  promisedDate: string | null;
  requiredApprovals: number;
  currency: string;
  deliveryAddress: string;
  deliveryDate: string | null;
  paymentTerms: string | null;
  incoterm: string | null;
  notes: string;
  subtotal: string;
  taxTotal: string;
  total: string;
  lines: RevisionLine[];
}

export interface LineChange {
  before: RevisionLine;
  after: RevisionLine;
  fields: ("item" | "quantity" | "unitPrice" | "taxRate" | "lineTotal")[];
}

export interface RevisionDiff {
  added: RevisionLine[];
  removed: RevisionLine[];
  changed: LineChange[];
  header: { field: string; before: string; after: string }[];
}

const sameNumber = (a: string, b: string) => compare(a, b) === 0;

/** What changed from one revision to the next: lines by id, then dates, notes and totals. */
export function diffPoRevisions(from: RevisionSnapshot, to: RevisionSnapshot): RevisionDiff {
  const before = new Map(from.lines.map((l) => [l.id, l]));
  const after = new Map(to.lines.map((l) => [l.id, l]));
  const changed: LineChange[] = [];
  for (const b of from.lines) {
    const a = after.get(b.id);
    if (!a) continue;
    const fields: LineChange["fields"] = [];
    if (a.itemName !== b.itemName || a.specification !== b.specification) fields.push("item");
    if (!sameNumber(a.quantity, b.quantity)) fields.push("quantity");
    if (!sameNumber(a.unitPrice, b.unitPrice)) fields.push("unitPrice");
    if (!sameNumber(a.taxRate, b.taxRate)) fields.push("taxRate");
    if (!sameNumber(a.lineTotal, b.lineTotal)) fields.push("lineTotal");
    if (fields.length > 0) changed.push({ before: b, after: a, fields });
  }
  const header: RevisionDiff["header"] = [];
  const text = (field: string, x: string | null, y: string | null) => {
    if ((x ?? "") !== (y ?? "")) header.push({ field, before: x ?? "", after: y ?? "" });
  };
  const money = (field: string, x: string, y: string) => {
    if (!sameNumber(x, y)) header.push({ field, before: x, after: y });
  };
  // The field's name is a catalogue key, said in the viewer's words where the change is shown.
  text(msg("Delivery date"), from.deliveryDate, to.deliveryDate);
  text(msg("Notes"), from.notes, to.notes);
  money(msg("Subtotal"), from.subtotal, to.subtotal);
  money(msg("Tax"), from.taxTotal, to.taxTotal);
  money(msg("Total"), from.total, to.total);
  return {
    added: to.lines.filter((l) => !before.has(l.id)),
    removed: from.lines.filter((l) => !after.has(l.id)),
    changed,
    header,
  };
}
