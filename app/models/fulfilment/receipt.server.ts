/**
 * Goods receipts: the buyer records what arrived, per PO line, partial or
 * full, under the supplier's delivery note number. More than ordered is
 * refused beyond finance's receipt tolerance. The same delivery note twice on
 * one PO is refused unless the person confirms a second delivery: a form sent
 * again after success (the same goods, the PO's new version) would otherwise
 * book the delivery twice and let invoices for goods that never came match.
 * The PO moves to partially_received or received through its machine.
 */
import { toDecimal } from "../../utils/money";
import { FormError } from "../../utils/errors";
import { formatQuantity } from "../../utils/money";
import { settlePurchaseOrder } from "../ordering/ledger.server";
import { countCompletedDelivery } from "../ordering/supplier-performance.server";
import type { BookedReceipt, ReceiptInput } from "./receipt.schema";
import { transitionPurchaseOrder, loadPurchaseOrderFor } from "../ordering/purchase-order.server";
import { receiptTolerancePercent, receivedByLine } from "../ordering/ledger.server";
import { inTransaction, type Ctx } from "../shared/context.server";
import { isCharge } from "../shared/pricing";
import { sentenceMail } from "../../../emails/templates/layout";
import { linkTo, notify } from "../shared/notify.server";
import { tellRequestersOfPoLines } from "../ordering/requester-news.server";
import { msg, msgWith } from "../../i18n/config";

export async function recordReceipt(ctx: Ctx, { poId, ...input }: ReceiptInput & { poId: string }) {
  const { actor, now: at } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const po = await loadPurchaseOrderFor(tx, poId, "receive");
    // Lock first: two receipts at once must see each other's quantities and delivery notes.
    await trx.selectFrom("purchase_orders").where("id", "=", poId).select("id").forUpdate().execute();
    const deliveryNote = input.deliveryNote.trim();
    // Before the version check, so that the same form sent twice hears why, not only "changed since".
    const earlier = await trx
      .selectFrom("receipts")
      .where("po_id", "=", poId)
      .where((eb) => eb(eb.fn("lower", ["delivery_note"]), "=", deliveryNote.toLowerCase()))
      .select(["received_on", "delivery_note"])
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    if (earlier && !input.confirmSecondDelivery)
      throw new FormError({
        deliveryNote: msgWith(
          "Delivery note {{note}} was already booked on this PO on {{date}}: confirm it is a second delivery.",
          { note: earlier.delivery_note, date: earlier.received_on },
        ),
      });
    const [lines, received, tolerance] = await Promise.all([
      trx.selectFrom("purchase_order_lines").where("po_id", "=", poId).selectAll().orderBy("position").execute(),
      receivedByLine(trx, poId),
      receiptTolerancePercent(trx, po.buyer_org_id),
    ]);
    const byId = new Map(lines.map((l) => [l.id, l]));
    const errors: Record<string, string> = {};
    const toWrite: { poLineId: string; quantity: string }[] = [];
    input.lines.forEach((entry, i) => {
      const line = byId.get(entry.poLineId);
      if (!line) {
        errors[`lines.${i}.quantity`] = msg("This line is not on the purchase order.");
        return;
      }
      if (entry.quantity === "" || toDecimal(entry.quantity).isZero()) return;
      if (isCharge(line)) {
        errors[`lines.${i}.quantity`] = msgWith("{{item}} is a charge, not goods: it is invoiced, never received.", {
          item: line.item_name,
        });
        return;
      }
      const ordered = toDecimal(line.quantity);
      const already = toDecimal(received.get(line.id) ?? "0");
      const allowed = ordered.times(toDecimal(tolerance).div(100).plus(1));
      const after = already.plus(entry.quantity);
      if (after.greaterThan(allowed)) {
        const open = allowed.minus(already);
        const values = {
          ordered: formatQuantity(line.quantity),
          unit: line.unit,
          received: formatQuantity(already.toString()),
          tolerance: formatQuantity(tolerance),
          open: formatQuantity(open.greaterThan(0) ? open.toString() : "0"),
        };
        errors[`lines.${i}.quantity`] = toDecimal(tolerance).isZero()
          ? msgWith(
              "Too many: {{ordered}} {{unit}} ordered, {{received}} already received; at most {{open}} more can be received.",
              values,
            )
          : msgWith(
              "Too many: {{ordered}} {{unit}} ordered, {{received}} already received, {{tolerance}}% tolerance; at most {{open}} more can be received.",
              values,
            );
        return;
      }
      toWrite.push({ poLineId: line.id, quantity: entry.quantity });
    });
    if (Object.keys(errors).length > 0) throw new FormError(errors);
    if (toWrite.length === 0)
      throw new FormError({ "lines.0.quantity": msg("Enter the quantity received for at least one line.") });

    const totals = new Map(received);
    for (const w of toWrite)
      totals.set(
        w.poLineId,
        toDecimal(totals.get(w.poLineId) ?? "0")
          .plus(w.quantity)
          .toString(),
      );
    // Charges (freight, other charges) are never received: all goods in is received in full.
    const complete = lines
      .filter((l) => !isCharge(l))
      .every((l) => toDecimal(totals.get(l.id) ?? "0").greaterThanOrEqualTo(l.quantity));

    const result = await transitionPurchaseOrder(
      trx,
      actor,
      poId,
      { type: "RECEIVE", at: at.toISOString(), complete },
      {
        expectedVersion: input.version,
        auditData: { receivedOn: input.receivedOn, deliveryNote, lines: toWrite },
      },
    );
    const receipt = await trx
      .insertInto("receipts")
      .values({
        po_id: poId,
        buyer_org_id: po.buyer_org_id,
        received_by: actor.userId,
        received_on: input.receivedOn,
        delivery_note: deliveryNote,
        note: input.note,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("receipt_lines")
      .values(toWrite.map((w) => ({ receipt_id: receipt.id, po_line_id: w.poLineId, quantity: w.quantity })))
      .execute();
    // The receipt that completes the PO judges its delivery, once (supplier performance, decision 028).
    if (complete) await countCompletedDelivery(trx, poId);
    // Invoices may have arrived before the last goods: the PO can now be invoiced.
    await settlePurchaseOrder(trx, actor, { id: poId }, at);
    // The supplier learns its delivery was booked (it may invoice it now), and whoever raised the PO that it came.
    const buyer = await trx
      .selectFrom("organisations")
      .where("id", "=", po.buyer_org_id)
      .select("name")
      .executeTakeFirstOrThrow();
    const path = `/pos/${poId}`;
    const values = {
      buyer: buyer.name,
      number: po.number,
      note: deliveryNote,
      date: { date: input.receivedOn },
    };
    // Each notification and its mail say the same sentence, in the reader's words.
    for (const [audience, text] of [
      [
        { orgId: po.supplier_org_id, roles: ["supplier"] as const },
        complete
          ? msgWith(
              "{{buyer}} received goods of purchase order {{number}} in full (delivery note {{note}}, received on {{date}}).",
              values,
            )
          : msgWith(
              "{{buyer}} received goods of purchase order {{number}} in part (delivery note {{note}}, received on {{date}}).",
              values,
            ),
      ],
      [
        { orgId: po.buyer_org_id, userIds: [po.created_by] },
        complete
          ? msgWith(
              "Goods of purchase order {{number}} were received in full (delivery note {{note}}, received on {{date}}).",
              values,
            )
          : msgWith(
              "Goods of purchase order {{number}} were received in part (delivery note {{note}}, received on {{date}}).",
              values,
            ),
      ],
    ] as const) {
      await notify(trx, {
        kind: "goods_received",
        audience,
        actorId: actor.userId,
        path,
        text,
        mail: (person, reader) =>
          sentenceMail(
            {
              recipientName: person.name,
              subject: msgWith("Goods received: {{number}}", { number: po.number }),
              text,
              url: linkTo(path),
            },
            msg("Open the purchase order"),
            reader,
          ),
        at,
      });
    }
    await tellRequestersOfPoLines(trx, {
      poId,
      poLineIds: toWrite.map((w) => w.poLineId),
      kind: "requisition_received",
      actorId: actor.userId,
      at,
    });
    const booked: BookedReceipt = {
      receiptId: receipt.id,
      deliveryNote,
      receivedOn: input.receivedOn,
      lines: toWrite.map((w) => {
        const line = byId.get(w.poLineId);
        return { poLineId: w.poLineId, itemName: line?.item_name ?? "", unit: line?.unit ?? "", quantity: w.quantity };
      }),
    };
    return { ...result, ...booked };
  });
}
