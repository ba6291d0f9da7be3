/**
 * Revisions of a purchase order: each change order keeps the revision it
 * replaces as a snapshot in purchase_order_revisions; a rejected change
 * restores it. One revision can be read with what the next one changed.
 */
import { sql } from "kysely";
import type { Db } from "../../../db/client.server";
import type { PurchaseOrder } from "../../../db/schema";
import { notFound } from "../../utils/http.server";
import { loadPurchaseOrderFor } from "./purchase-order.server";
import { type Trx } from "../../../db/client.server";
import type { RevisionSnapshot } from "./revision-diff";
import { diffPoRevisions } from "./revision-diff";
import { type Ctx } from "../shared/context.server";

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** The PO's current revision, as it would be kept once a change order replaces it. */
export async function currentSnapshot(db: Trx | Db, po: PurchaseOrder): Promise<RevisionSnapshot> {
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
      kind: l.kind,
    })),
  };
}

/** Lines get their new positions without tripping the (po_id, position) key on the way. */
export async function parkPositions(trx: Trx, poId: string) {
  await trx
    .updateTable("purchase_order_lines")
    .set({ position: sql<number>`-position` })
    .where("po_id", "=", poId)
    .execute();
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
          kind: l.kind ?? "item",
        })
        .execute();
    }
  }
  // The kept revision is current again; the rejected change lives on in the audit trail.
  await trx.deleteFrom("purchase_order_revisions").where("id", "=", kept.id).execute();
}

/**
 * One revision of a PO, for whoever may read the PO (buyer and finance of
 * the buying organisation, the PO's supplier; others get a 404), with what
 * the following revision changed.
 */
export async function getRevision(ctx: Ctx, { id, revision }: { id: string; revision: number }) {
  const { db } = ctx;
  const po = await loadPurchaseOrderFor(ctx, id, "read");
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
    po: {
      id: po.id,
      number: po.number,
      status: po.status,
      revision: po.revision,
      buyer_org_id: po.buyer_org_id,
      supplier_org_id: po.supplier_org_id,
    },
    ...parties,
    shown,
    following,
    diff: following ? diffPoRevisions(shown, following) : null,
  };
}

/** Unit price per PO line in a kept revision's snapshot. */
export async function inForcePrices(db: Db, poId: string, revision: number): Promise<Map<string, string>> {
  const kept = await db
    .selectFrom("purchase_order_revisions")
    .where("po_id", "=", poId)
    .where("revision", "=", revision)
    .select("snapshot")
    .executeTakeFirst();
  const lines = (kept?.snapshot as RevisionSnapshot | undefined)?.lines ?? [];
  return new Map(lines.map((l) => [l.id, l.unitPrice]));
}
