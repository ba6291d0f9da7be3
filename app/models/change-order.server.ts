/**
 * Change orders: a buyer changes an issued, acknowledged or partially
 * received purchase order (quantities, prices, lines, delivery date, notes)
 * with a reason. The PO gets a new revision; the previous one is kept as a
 * snapshot in purchase_order_revisions, readable with what changed. A total
 * that rises into an approval tier sends the PO back to finance; otherwise
 * the new revision is issued to the supplier at once. Everything in one
 * transaction, through the PO machine.
 */
import { sql } from "kysely";

import type { Db } from "../../db/client.server";
import type { PurchaseOrder } from "../../db/schema";
import { StaleVersionError } from "../../workflows/errors";
import { isChangeableStatus } from "../../workflows/purchase-order.machine";
import type { Actor, AppAbility } from "../auth/ability";
import { FormError } from "../utils/errors";
import { notFound } from "../utils/http.server";
import { compare, formatQuantity, toDecimal } from "../utils/money";

import type { ChangeOrderInput } from "./change-order.schema";
import {
  inPolicyCurrency,
  loadPurchaseOrderFor,
  mailApprovers,
  mailIssuedPo,
  pricePoLines,
  requiredApprovalsFor,
  transitionPurchaseOrder,
  type Trx,
} from "./purchase-order.server";
import { receivedByLine } from "./receipt.server";

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

/** A line as it will be after the change; `row` is its row in the form, for errors. */
interface NextLine {
  row: number;
  id: string | null;
  rfqLineId: string | null;
  itemName: string;
  specification: string;
  unit: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

/** numeric(18, 2) holds 16 digits before the point. */
const AMOUNT_LIMIT = toDecimal("1e16");

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** The PO's current revision, as it would be kept once a change order replaces it. */
async function currentSnapshot(db: Trx | Db, po: PurchaseOrder): Promise<RevisionSnapshot> {
  const authorId = po.revision > 1 && po.revised_by ? po.revised_by : po.created_by;
  const [author, lines] = await Promise.all([
    db.selectFrom("users").where("id", "=", authorId).select("name").executeTakeFirstOrThrow(),
    db.selectFrom("purchase_order_lines").where("po_id", "=", po.id).selectAll().orderBy("position").execute(),
  ]);
  return {
    revision: po.revision,
    authorId,
    authorName: author.name,
    madeAt: new Date(po.revision > 1 && po.revised_at ? po.revised_at : po.created_at).toISOString(),
    reason: po.revision > 1 ? po.change_reason : null,
    issuedAt: iso(po.issued_at),
    acknowledgedAt: iso(po.acknowledged_at),
    promisedDate: po.promised_date,
    requiredApprovals: po.required_approvals,
    currency: po.currency.trim(),
    deliveryAddress: po.delivery_address,
    deliveryDate: po.delivery_date,
    paymentTerms: po.payment_terms,
    incoterm: po.incoterm,
    notes: po.notes,
    subtotal: po.subtotal,
    taxTotal: po.tax_total,
    total: po.total,
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      rfqLineId: l.rfq_line_id,
      itemName: l.item_name,
      specification: l.specification,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unit_price,
      taxRate: l.tax_rate,
      lineTotal: l.line_total,
    })),
  };
}

/** Lines an invoice points at: they cannot be removed. */
async function invoicedLineIds(trx: Trx, poId: string): Promise<Set<string>> {
  const rows = await trx
    .selectFrom("invoice_lines")
    .innerJoin("invoices", "invoices.id", "invoice_lines.invoice_id")
    .where("invoices.po_id", "=", poId)
    .select("invoice_lines.po_line_id")
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.po_line_id));
}

/** Lines get their new positions without tripping the (po_id, position) key on the way. */
async function parkPositions(trx: Trx, poId: string) {
  await trx
    .updateTable("purchase_order_lines")
    .set({ position: sql<number>`-position` })
    .where("po_id", "=", poId)
    .execute();
}

/**
 * Makes a change order: the PO's current revision is kept as a snapshot and
 * the PO becomes revision + 1, issued at once or back in approval.
 */
export async function makeChangeOrder(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  input: ChangeOrderInput,
  at: Date,
) {
  return db.transaction().execute(async (trx) => {
    await loadPurchaseOrderFor(trx, ability, id, "update");
    // Locked before reading lines and receipts, so a receipt or a second change order waits for this one.
    const po = await trx.selectFrom("purchase_orders").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!po) throw notFound("No such purchase order.");
    if (po.version !== input.version) throw new StaleVersionError("purchase order");
    const [lines, received, invoiced] = await Promise.all([
      trx.selectFrom("purchase_order_lines").where("po_id", "=", id).selectAll().orderBy("position").execute(),
      receivedByLine(trx, id),
      invoicedLineIds(trx, id),
    ]);
    const byId = new Map(lines.map((l) => [l.id, l]));
    const errors: Record<string, string> = {};
    const seen = new Set<string>();
    input.lines.forEach((entry, i) => {
      if (entry.kind === "add") return;
      const line = byId.get(entry.lineId);
      const field = entry.kind === "remove" ? `lines.${i}.remove` : `lines.${i}.quantity`;
      if (!line || seen.has(entry.lineId)) {
        errors[field] = "This line is not on the purchase order.";
        return;
      }
      seen.add(entry.lineId);
      const got = received.get(line.id) ?? "0";
      if (entry.kind === "remove") {
        if (compare(got, "0") > 0) {
          errors[field] =
            `${formatQuantity(got)} ${line.unit} of this line were already received, so it cannot be removed; lower its quantity instead.`;
        } else if (invoiced.has(line.id)) {
          errors[field] = "This line has been invoiced, so it cannot be removed.";
        }
        return;
      }
      if (compare(entry.quantity, got) < 0) {
        errors[field] = `The quantity cannot go below the ${formatQuantity(got)} ${line.unit} already received.`;
      }
    });
    if (Object.keys(errors).length === 0 && lines.some((l) => !seen.has(l.id))) {
      errors.form = "This purchase order changed since you opened it. Reload the page and try again.";
    }
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    // The lines as they will be: kept ones keep their id (receipts and invoices point at it).
    const next = input.lines.flatMap((entry, i): NextLine[] => {
      if (entry.kind === "remove") return [];
      if (entry.kind === "add") return [{ ...entry, row: i, id: null, rfqLineId: null }];
      const line = byId.get(entry.lineId);
      if (!line) return [];
      return [
        {
          row: i,
          id: line.id,
          rfqLineId: line.rfq_line_id,
          itemName: line.item_name,
          specification: line.specification,
          unit: line.unit,
          quantity: entry.quantity,
          unitPrice: entry.unitPrice,
          taxRate: entry.taxRate,
        },
      ];
    });
    const totals = pricePoLines(next, po.currency);
    totals.priced.forEach((l) => {
      if (toDecimal(l.net).abs().gte(AMOUNT_LIMIT) || toDecimal(l.tax).abs().gte(AMOUNT_LIMIT)) {
        errors[`lines.${l.row}.quantity`] = "This line's total is too large.";
      }
    });
    if (Object.keys(errors).length === 0 && toDecimal(totals.total).gte(AMOUNT_LIMIT)) {
      errors.lines = "The total of the purchase order is too large.";
    }
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    const on = at.toISOString().slice(0, 10);
    const [before, after, required] = await Promise.all([
      inPolicyCurrency(trx, po.buyer_org_id, po.total, po.currency, on),
      inPolicyCurrency(trx, po.buyer_org_id, totals.total, po.currency, on),
      requiredApprovalsFor(trx, po.buyer_org_id, totals.total, po.currency, on),
    ]);
    // Both totals are in the PO's currency, so without a rate they still compare as they are.
    const totalRises =
      before.converted && after.converted
        ? after.converted.greaterThan(before.converted)
        : compare(totals.total, po.total) > 0;
    const goodsLeftToReceive = next.some((l) =>
      toDecimal(l.quantity).greaterThan(l.id ? (received.get(l.id) ?? "0") : "0"),
    );

    const snapshot = await currentSnapshot(trx, po);
    await trx
      .insertInto("purchase_order_revisions")
      .values({ po_id: id, revision: po.revision, snapshot: JSON.stringify(snapshot), created_by: snapshot.authorId })
      .execute();

    const revision = po.revision + 1;
    const result = await transitionPurchaseOrder(
      trx,
      actor,
      id,
      {
        type: "CHANGE",
        at: at.toISOString(),
        authorId: actor.userId,
        reason: input.reason,
        totalRises,
        requiredApprovals: required,
        goodsLeftToReceive,
      },
      {
        expectedVersion: input.version,
        changes: ({ from, to }) => ({
          revision,
          revised_by: actor.userId,
          revised_at: at,
          change_reason: input.reason,
          delivery_date: input.deliveryDate ?? null,
          notes: input.notes,
          subtotal: totals.subtotal,
          tax_total: totals.taxTotal,
          total: totals.total,
          ...(to === "pending_approval"
            ? // Approvals count per submission: the change starts with none.
              { change_from: from, required_approvals: required, submission: po.submission + 1, submitted_at: at }
            : { change_from: null, issued_at: at, acknowledged_at: null }),
        }),
        auditData: { revision, previousTotal: po.total, total: totals.total, currency: po.currency.trim() },
      },
    );

    await parkPositions(trx, id);
    const kept = new Set(next.flatMap((l) => (l.id ? [l.id] : [])));
    const removed = lines.filter((l) => !kept.has(l.id)).map((l) => l.id);
    if (removed.length > 0) await trx.deleteFrom("purchase_order_lines").where("id", "in", removed).execute();
    for (const l of totals.priced) {
      const values = {
        position: l.position,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        tax_rate: l.taxRate,
        line_total: l.net,
      };
      if (l.id) {
        await trx.updateTable("purchase_order_lines").set(values).where("id", "=", l.id).execute();
      } else {
        await trx
          .insertInto("purchase_order_lines")
          .values({
            ...values,
            po_id: id,
            item_name: l.itemName,
            specification: l.specification,
            unit: l.unit,
          })
          .execute();
      }
    }

    if (result.to === "issued") {
      await mailIssuedPo(trx, id);
    } else {
      await mailApprovers(trx, { ...po, total: totals.total }, [po.created_by, actor.userId]);
    }
    return { ...result, revision };
  });
}

/**
 * Finance rejected a change order: the PO goes back to the previous
 * revision, as the supplier has it. Called inside the rejecting transaction,
 * after the machine moved the PO back to its status before the change.
 */
export async function restorePreviousRevision(trx: Trx, id: string) {
  const po = await trx.selectFrom("purchase_orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const kept = await trx
    .selectFrom("purchase_order_revisions")
    .where("po_id", "=", id)
    .where("revision", "=", po.revision - 1)
    .select(["id", "snapshot"])
    .executeTakeFirst();
  if (!kept) throw new Error(`Revision ${po.revision - 1} of purchase order ${po.number} was not kept.`);
  const snap = kept.snapshot as RevisionSnapshot;
  await trx
    .updateTable("purchase_orders")
    .set({
      revision: snap.revision,
      revised_by: snap.revision > 1 ? snap.authorId : null,
      revised_at: snap.revision > 1 ? snap.madeAt : null,
      change_reason: snap.reason,
      change_from: null,
      required_approvals: snap.requiredApprovals,
      delivery_date: snap.deliveryDate,
      notes: snap.notes,
      subtotal: snap.subtotal,
      tax_total: snap.taxTotal,
      total: snap.total,
    })
    .where("id", "=", id)
    .execute();
  await parkPositions(trx, id);
  const ids = snap.lines.map((l) => l.id);
  // Lines the change added: nothing can point at them, the PO was never issued with them.
  await trx
    .deleteFrom("purchase_order_lines")
    .where("po_id", "=", id)
    .$if(ids.length > 0, (q) => q.where("id", "not in", ids))
    .execute();
  const present = new Set(
    (await trx.selectFrom("purchase_order_lines").where("po_id", "=", id).select("id").execute()).map((l) => l.id),
  );
  for (const l of snap.lines) {
    const values = {
      position: l.position,
      quantity: l.quantity,
      unit_price: l.unitPrice,
      tax_rate: l.taxRate,
      line_total: l.lineTotal,
    };
    if (present.has(l.id)) {
      await trx.updateTable("purchase_order_lines").set(values).where("id", "=", l.id).execute();
    } else {
      await trx
        .insertInto("purchase_order_lines")
        .values({
          ...values,
          id: l.id,
          po_id: id,
          rfq_line_id: l.rfqLineId,
          item_name: l.itemName,
          specification: l.specification,
          unit: l.unit,
        })
        .execute();
    }
  }
  // The kept revision is current again; the rejected change lives on in the audit trail.
  await trx.deleteFrom("purchase_order_revisions").where("id", "=", kept.id).execute();
}

/** What the change-order form starts from: the PO, its lines and what was received of each. */
export async function getChangeOrderForm(db: Db, ability: AppAbility, id: string) {
  const po = await loadPurchaseOrderFor(db, ability, id, "update");
  const [lines, received] = await Promise.all([
    db.selectFrom("purchase_order_lines").where("po_id", "=", id).selectAll().orderBy("position").execute(),
    receivedByLine(db, id),
  ]);
  return {
    po,
    changeable: isChangeableStatus(po.status),
    lines: lines.map((l) => ({ ...l, received: received.get(l.id) ?? "0" })),
  };
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
export function diffRevisions(from: RevisionSnapshot, to: RevisionSnapshot): RevisionDiff {
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
  text("Delivery date", from.deliveryDate, to.deliveryDate);
  text("Notes", from.notes, to.notes);
  money("Subtotal", from.subtotal, to.subtotal);
  money("Tax", from.taxTotal, to.taxTotal);
  money("Total", from.total, to.total);
  return {
    added: to.lines.filter((l) => !before.has(l.id)),
    removed: from.lines.filter((l) => !after.has(l.id)),
    changed,
    header,
  };
}

/**
 * One revision of a PO, for whoever may read the PO (buyer and finance of
 * the buying organisation, the PO's supplier; others get a 404), with what
 * the following revision changed.
 */
export async function getRevision(db: Db, ability: AppAbility, id: string, revision: number) {
  const po = await loadPurchaseOrderFor(db, ability, id, "read");
  if (!Number.isSafeInteger(revision) || revision < 1 || revision > po.revision) {
    throw notFound("No such revision of this purchase order.");
  }
  const [kept, current, parties] = await Promise.all([
    db
      .selectFrom("purchase_order_revisions")
      .where("po_id", "=", id)
      .where("revision", "in", [revision, revision + 1])
      .select(["revision", "snapshot"])
      .execute(),
    currentSnapshot(db, po),
    db
      .selectFrom("organisations as buyer")
      .innerJoin("organisations as supplier", (join) => join.on("supplier.id", "=", po.supplier_org_id))
      .where("buyer.id", "=", po.buyer_org_id)
      .select(["buyer.name as buyerName", "supplier.name as supplierName"])
      .executeTakeFirstOrThrow(),
  ]);
  const find = (n: number): RevisionSnapshot | null =>
    n === po.revision
      ? current
      : ((kept.find((k) => k.revision === n)?.snapshot as RevisionSnapshot | undefined) ?? null);
  const shown = find(revision);
  if (!shown) throw notFound("No such revision of this purchase order.");
  const following = revision < po.revision ? find(revision + 1) : null;
  return {
    po: { id: po.id, number: po.number, status: po.status, revision: po.revision },
    ...parties,
    shown,
    following,
    diff: following ? diffRevisions(shown, following) : null,
  };
}
