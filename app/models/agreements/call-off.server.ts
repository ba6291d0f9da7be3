/**
 * A call-off: a purchase order against an active agreement, priced by it
 * (the price break the quantity earns) and counted against its caps. The
 * agreement's row is locked first, so concurrent call-offs queue and each
 * sees what the one before it took: one that would pass a cap is refused
 * with the numbers beside the field, and nothing is written. A form posted
 * twice (same key) books once. The PO it drafts then follows the PO's own
 * lifecycle and approval policy.
 */
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { agreementConsumptionMail, type ConsumedCap } from "../../../emails/templates/agreement-events";
import { TransitionRefusedError } from "../../../workflows/errors";
import { agreementWorkflow } from "../../../workflows/agreement.machine";
import { step } from "../../../workflows/workflow";
import { absoluteUrl } from "../../env.server";
import { msg, msgWith } from "../../i18n/config";
import { FormError } from "../../utils/errors";
import type { FieldErrors } from "../../utils/form";
import { compare, formatMoney, formatQuantity, toDecimal } from "../../utils/money";
import { draftCallOffPo } from "../ordering/draft.server";
import { inTransaction, type Ctx } from "../shared/context.server";
import { orgRecipients } from "../shared/recipients.server";
import { qualificationRefusal } from "../shared/supplier-standing.server";

import type { CallOffInput } from "./agreement.schema";
import { agreementContext, loadAgreementFor, transitionAgreement } from "./agreement.server";
import { consumptionOf } from "./consumption.server";
import { CONSUMPTION_WARNING_PERCENT, percentConsumed, remainingOf, unitPriceFor } from "./terms";

export async function callOff(
  ctx: Ctx,
  { agreementId, ...input }: CallOffInput & { agreementId: string },
): Promise<{ poId: string; poNumber: string }> {
  const { actor, now } = ctx;
  await loadAgreementFor(ctx, agreementId, "callOff");
  return inTransaction(ctx, async (trx, tx) => {
    // The lock every call-off of this agreement queues on.
    const agreement = await trx
      .selectFrom("agreements")
      .selectAll()
      .where("id", "=", agreementId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const booked = await trx
      .selectFrom("purchase_orders")
      .where("agreement_id", "=", agreementId)
      .where("call_off_key", "=", input.key)
      .select(["id", "number"])
      .executeTakeFirst();
    if (booked) return { poId: booked.id, poNumber: booked.number };

    const at = now.toISOString();
    const allowed = step(agreementWorkflow, agreement.status, await agreementContext(trx, agreement), {
      type: "CALL_OFF",
      at,
    });
    if (!allowed.ok) throw new TransitionRefusedError(allowed.message);

    const relationship = await trx
      .selectFrom("supplier_relationships")
      .where("buyer_org_id", "=", agreement.buyer_org_id)
      .where("supplier_org_id", "=", agreement.supplier_org_id)
      .select(["status", "qualification_status", "qualification_reason"])
      .executeTakeFirst();
    if (relationship?.status !== "active")
      throw new FormError({
        form: msg("This supplier no longer works with your organisation; nothing can be ordered."),
      });
    const unqualified = qualificationRefusal(relationship);
    if (unqualified)
      throw new FormError({
        form: msgWith("Nothing can be ordered from this supplier now. {{why}}", { why: unqualified }),
      });

    const [items, breaks, consumption] = await Promise.all([
      trx
        .selectFrom("agreement_items")
        .where("agreement_id", "=", agreementId)
        .selectAll()
        .orderBy("position")
        .execute(),
      trx
        .selectFrom("agreement_price_breaks")
        .innerJoin("agreement_items", "agreement_items.id", "agreement_price_breaks.item_id")
        .where("agreement_items.agreement_id", "=", agreementId)
        .select([
          "agreement_price_breaks.item_id",
          "agreement_price_breaks.min_quantity",
          "agreement_price_breaks.unit_price",
        ])
        .execute(),
      consumptionOf(trx, agreementId, agreement.currency),
    ]);
    const byId = new Map(items.map((i) => [i.id, i]));
    const errors: FieldErrors = {};
    const seen = new Set<string>();
    const lines: Parameters<typeof draftCallOffPo>[1]["lines"] = [];
    input.lines.forEach((line, index) => {
      if (line.quantity === undefined) return;
      const item = byId.get(line.itemId);
      if (!item || seen.has(line.itemId)) {
        errors.form = "The items of the form are not this agreement's; reload the page.";
        return;
      }
      seen.add(line.itemId);
      const consumed = consumption.byItem.get(item.id) ?? "0";
      const after = toDecimal(consumed).plus(line.quantity);
      if (item.quantity_cap !== null && after.greaterThan(item.quantity_cap)) {
        const left = remainingOf(item.quantity_cap, consumed) ?? "0";
        errors[`lines.${index}.quantity`] = msgWith(
          "Only {{left}} {{unit}} remain under the cap of {{cap}} {{unit}} ({{consumed}} ordered so far).",
          {
            left: formatQuantity(left),
            cap: formatQuantity(item.quantity_cap),
            consumed: formatQuantity(consumed),
            unit: item.unit,
          },
        );
        return;
      }
      const itemBreaks = breaks
        .filter((b) => b.item_id === item.id)
        .map((b) => ({ minQuantity: b.min_quantity, unitPrice: b.unit_price }));
      lines.push({
        agreementItemId: item.id,
        itemName: item.item_name,
        specification: item.specification,
        quantity: line.quantity,
        unit: item.unit,
        unitPrice: unitPriceFor(item.unit_price, itemBreaks, line.quantity),
      });
    });
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    const org = await trx
      .selectFrom("organisations")
      .where("id", "=", agreement.buyer_org_id)
      .select("address")
      .executeTakeFirstOrThrow();
    const deliveryDate =
      input.deliveryDate ??
      new Date(Date.parse(`${at.slice(0, 10)}T00:00:00Z`) + agreement.lead_time_days * 86_400_000)
        .toISOString()
        .slice(0, 10);
    const po = await draftCallOffPo(tx, {
      agreementId,
      callOffKey: input.key,
      supplierOrgId: agreement.supplier_org_id,
      currency: agreement.currency,
      deliveryAddress: org.address,
      deliveryDate,
      paymentTerms: agreement.payment_terms,
      incoterm: agreement.incoterm,
      notes: `Call-off against agreement ${agreement.number}.`,
      lines,
    });
    const valueAfter = toDecimal(consumption.value).plus(po.total).toString();
    if (agreement.value_cap !== null && compare(valueAfter, agreement.value_cap) > 0) {
      const left = remainingOf(agreement.value_cap, consumption.value) ?? "0";
      // Thrown after the PO was drafted, so the whole transaction, PO and number included, rolls back.
      throw new FormError({
        lines: msgWith(
          "This call-off is worth {{total}}, but only {{left}} remain under the value cap of {{cap}} ({{consumed}} ordered so far).",
          {
            total: formatMoney(po.total, agreement.currency),
            left: formatMoney(left, agreement.currency),
            cap: formatMoney(agreement.value_cap, agreement.currency),
            consumed: formatMoney(consumption.value, agreement.currency),
          },
        ),
      });
    }

    await transitionAgreement(
      trx,
      actor,
      agreementId,
      { type: "CALL_OFF", at },
      {
        auditData: { poId: po.id, poNumber: po.number, total: po.total },
      },
    );
    await warnWhenMostlyConsumed(tx, agreement, items, consumption, lines, valueAfter);
    return { poId: po.id, poNumber: po.number };
  });
}

/**
 * Once a cap (the value, or any item's quantity) reaches 80 %, the buying
 * organisation's buyers are mailed, once per agreement: the time is kept on
 * the row, which this transaction holds locked.
 */
async function warnWhenMostlyConsumed(
  ctx: Ctx,
  agreement: {
    id: string;
    number: string;
    title: string;
    buyer_org_id: string;
    value_cap: string | null;
    currency: string;
    consumption_mailed_at: Date | null;
  },
  items: { id: string; item_name: string; quantity_cap: string | null }[],
  before: { byItem: Map<string, string> },
  added: { agreementItemId: string; quantity: string }[],
  valueAfter: string,
) {
  if (agreement.consumption_mailed_at !== null) return;
  const reached: { percent: number; cap: ConsumedCap }[] = [];
  const valuePercent = percentConsumed(agreement.value_cap, valueAfter);
  if (valuePercent !== null && valuePercent >= CONSUMPTION_WARNING_PERCENT)
    reached.push({ percent: valuePercent, cap: { kind: "value" } });
  for (const item of items) {
    const ordered = added.filter((l) => l.agreementItemId === item.id).map((l) => l.quantity);
    if (ordered.length === 0) continue;
    const after = toDecimal(before.byItem.get(item.id) ?? "0")
      .plus(ordered[0])
      .toString();
    const percent = percentConsumed(item.quantity_cap, after);
    if (percent !== null && percent >= CONSUMPTION_WARNING_PERCENT)
      reached.push({ percent, cap: { kind: "line", item: item.item_name } });
  }
  if (reached.length === 0) return;
  const worst = reached.reduce((a, b) => (b.percent > a.percent ? b : a));
  for (const recipient of await orgRecipients(ctx.db, agreement.buyer_org_id, ["buyer"])) {
    await enqueueMail(ctx.db, {
      orgId: agreement.buyer_org_id,
      to: recipient.email,
      ...agreementConsumptionMail(
        {
          recipientName: recipient.name,
          number: agreement.number,
          title: agreement.title,
          percent: worst.percent,
          cap: worst.cap,
          url: absoluteUrl(`/agreements/${agreement.id}`),
        },
        await mailReaderFor(ctx.db, { userId: recipient.userId, orgId: agreement.buyer_org_id }),
      ),
    });
  }
  await ctx.db
    .updateTable("agreements")
    .set({ consumption_mailed_at: ctx.now })
    .where("id", "=", agreement.id)
    .execute();
}
