/**
 * A draft agreement edited by its buyer before it is sent: title, validity,
 * caps, terms and items (prices, quantity caps, price breaks). The supplier
 * and the currency stay as the draft was made. The change goes through the
 * machine (UPDATE_DRAFT, only from draft) with the version the buyer saw,
 * so an edit over someone else's newer one is refused rather than lost.
 */
import type { Trx } from "../../../db/client.server";
import { toDecimal } from "../../utils/money";
import { inTransaction, type Ctx } from "../shared/context.server";

import type { AgreementEditInput } from "./agreement.schema";
import { itemsAndBreaksOf, loadAgreementFor, termsColumns, transitionAgreement } from "./agreement.server";
import { parsePriceBreaks } from "./terms";

/** "2.000" -> "2": the stored scale is not what the buyer typed, and the form checks decimals. */
const plain = (value: string) => toDecimal(value).toString();

/** The draft with its items as the edit form shows them; `editable` says whether the machine still allows it. */
export async function getAgreementForEdit(ctx: Ctx, { id }: { id: string }) {
  const { db } = ctx;
  const agreement = await loadAgreementFor(ctx, id, "update");
  const [[items, breaks], supplier] = await Promise.all([
    itemsAndBreaksOf(db, id),
    db.selectFrom("organisations").where("id", "=", agreement.supplier_org_id).select("name").executeTakeFirstOrThrow(),
  ]);
  return {
    agreement,
    supplierName: supplier.name,
    editable: agreement.status === "draft",
    items: items.map((item) => ({
      id: item.id,
      itemName: item.item_name,
      specification: item.specification,
      category: item.category,
      unit: item.unit,
      unitPrice: plain(item.unit_price),
      quantityCap: item.quantity_cap === null ? "" : plain(item.quantity_cap),
      // Typed back in the form's own notation, so saving unchanged keeps the same breaks.
      priceBreaks: breaks
        .filter((b) => b.item_id === item.id)
        .map((b) => `${plain(b.min_quantity)}: ${plain(b.unit_price)}`)
        .join("; "),
    })),
  };
}

/**
 * Rewrites the items: a row that names one of the draft's items edits it
 * (keeping its id and award line), any other row is a new item, and stored
 * items the form no longer lists go. Positions follow the form's order; they
 * pass through negatives first because (agreement, position) is unique.
 */
async function replaceItems(trx: Trx, agreementId: string, items: AgreementEditInput["items"]) {
  const stored = await trx.selectFrom("agreement_items").where("agreement_id", "=", agreementId).select("id").execute();
  const storedIds = new Set(stored.map((s) => s.id));
  // A row naming an item of another agreement, or the same item twice, is treated as new.
  const claimed = new Set<string>();
  const rows = items.map((item) => {
    const keep = item.id !== undefined && storedIds.has(item.id) && !claimed.has(item.id) ? item.id : null;
    if (keep) claimed.add(keep);
    return { ...item, keep };
  });
  const gone = stored.map((s) => s.id).filter((id) => !claimed.has(id));
  if (gone.length > 0) await trx.deleteFrom("agreement_items").where("id", "in", gone).execute();
  const ids: string[] = [];
  for (const [index, row] of rows.entries()) {
    const values = {
      position: -(index + 1),
      item_name: row.itemName,
      specification: row.specification,
      category: row.category,
      unit: row.unit,
      unit_price: row.unitPrice,
      quantity_cap: row.quantityCap ?? null,
    };
    if (row.keep) {
      await trx.updateTable("agreement_items").set(values).where("id", "=", row.keep).execute();
      ids.push(row.keep);
    } else {
      const created = await trx
        .insertInto("agreement_items")
        .values({ ...values, agreement_id: agreementId })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(created.id);
    }
  }
  await trx
    .updateTable("agreement_items")
    .set((eb) => ({ position: eb.neg(eb.ref("position")) }))
    .where("agreement_id", "=", agreementId)
    .execute();
  await trx.deleteFrom("agreement_price_breaks").where("item_id", "in", ids).execute();
  const breaks = rows.flatMap((row, i) => {
    const parsed = parsePriceBreaks(row.priceBreaks, row.unitPrice);
    return parsed.ok
      ? parsed.breaks.map((b) => ({ item_id: ids[i], min_quantity: b.minQuantity, unit_price: b.unitPrice }))
      : [];
  });
  if (breaks.length > 0) await trx.insertInto("agreement_price_breaks").values(breaks).execute();
}

/** Saves the buyer's edit of a draft: refused when it is no longer a draft or changed since the buyer read it. */
export async function updateDraftAgreement(ctx: Ctx, { id, version, ...input }: AgreementEditInput & { id: string }) {
  const { actor, now } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    await loadAgreementFor(tx, id, "update");
    const result = await transitionAgreement(
      trx,
      actor,
      id,
      { type: "UPDATE_DRAFT", at: now.toISOString() },
      {
        expectedVersion: version,
        changes: termsColumns(input),
        auditData: { items: input.items.length },
      },
    );
    await replaceItems(trx, id, input.items);
    return { id, version: result.version };
  });
}
