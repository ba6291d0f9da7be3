/**
 * A person's new requisition: catalogue lines (an agreement item in force,
 * at the price its quantity earns) and free-text lines (an estimate), each
 * with its wanted-by date and ship-to site, a cost centre and a reason. It
 * is numbered, submitted and routed through the approval rule in one
 * transaction, so a refused form writes nothing.
 */
import Decimal from "decimal.js";

import { accessibleWhere } from "../../auth/accessible.server";
import { subject } from "../../auth/ability";
import { FormError } from "../../utils/errors";
import type { FieldErrors } from "../../utils/form";
import { msg } from "../../i18n/config";
import { forbidden } from "../../utils/http.server";
import { lineTotal, minorUnits } from "../../utils/money";
import { unitPriceFor } from "../agreements/terms";
import { inTransaction, type Ctx } from "../shared/context.server";
import { shipToChoices } from "../shared/ship-to.server";

import { routeSubmittedRequisition } from "./requisition-approval.server";
import { nextRequisitionNumber } from "./requisition-number.server";
import { requiredRequisitionApprovals } from "./requisition-rule.server";
import type { RequisitionFormInput } from "./requisition.schema";
import { transitionRequisition } from "./requisition.server";

/** The catalogue items a person may order today, each with its price breaks, for the form and its check. */
export async function orderableItems(ctx: Ctx, { ids }: { ids?: string[] } = {}) {
  const { db, ability, now } = ctx;
  const where = accessibleWhere(ability, "browse", "Agreement");
  if (!where) return [];
  const today = now.toISOString().slice(0, 10);
  if (ids && ids.length === 0) return [];
  const items = await db
    .selectFrom("agreements")
    .innerJoin("agreement_items", "agreement_items.agreement_id", "agreements.id")
    .innerJoin("organisations as supplier", "supplier.id", "agreements.supplier_org_id")
    .where((eb) => where(eb))
    .where("agreements.status", "=", "active")
    .where("agreements.valid_from", "<=", today)
    .where("agreements.valid_to", ">=", today)
    .$if(ids !== undefined, (qb) => qb.where("agreement_items.id", "in", ids ?? []))
    .select([
      "agreement_items.id",
      "agreement_items.item_name as itemName",
      "agreement_items.specification",
      "agreement_items.category",
      "agreement_items.unit",
      "agreement_items.unit_price as unitPrice",
      "agreements.currency",
      "supplier.name as supplierName",
    ])
    .orderBy("agreement_items.item_name")
    .orderBy("supplier.name")
    .limit(500)
    .execute();
  const breaks =
    items.length === 0
      ? []
      : await db
          .selectFrom("agreement_price_breaks")
          .where(
            "item_id",
            "in",
            items.map((i) => i.id),
          )
          .select(["item_id", "min_quantity", "unit_price"])
          .execute();
  return items.map((i) => ({
    ...i,
    breaks: breaks
      .filter((b) => b.item_id === i.id)
      .map((b) => ({ minQuantity: b.min_quantity, unitPrice: b.unit_price })),
  }));
}

/** What the new-requisition form offers: the catalogue, the sites, the organisation's currency. */
export async function requisitionFormOptions(ctx: Ctx) {
  const { db, actor } = ctx;
  const [items, shipTos, org] = await Promise.all([
    orderableItems(ctx),
    shipToChoices(ctx),
    db.selectFrom("organisations").where("id", "=", actor.orgId).select("base_currency").executeTakeFirst(),
  ]);
  return {
    // The form says each item in the viewer's words and number format.
    items: items.map((i) => ({
      id: i.id,
      itemName: i.itemName,
      supplierName: i.supplierName,
      unitPrice: i.unitPrice,
      currency: i.currency,
      unit: i.unit,
    })),
    shipTos,
    currency: org?.base_currency ?? "EUR",
  };
}

export async function createRequisition(ctx: Ctx, input: RequisitionFormInput) {
  const { actor, ability, now } = ctx;
  if (!ability.can("create", subject("Requisition", { org_id: actor.orgId, requested_by: actor.userId })))
    throw forbidden(msg("Requisitions are asked for by requesters."));
  const today = now.toISOString().slice(0, 10);
  return inTransaction(ctx, async (trx, tx) => {
    const org = await trx
      .selectFrom("organisations")
      .where("id", "=", actor.orgId)
      .select("base_currency")
      .executeTakeFirstOrThrow();
    const currency = org.base_currency;
    const catalogueIds = [...new Set(input.lines.flatMap((l) => (l.agreementItemId ? [l.agreementItemId] : [])))];
    const [items, sites] = await Promise.all([orderableItems(tx, { ids: catalogueIds }), shipToChoices(tx)]);
    const errors: FieldErrors = {};
    let total = new Decimal(0);
    const rows = [];
    for (const [index, line] of input.lines.entries()) {
      const site = sites.find((s) => s.id === line.shipToId);
      if (!site) errors[`lines.${index}.shipToId`] = msg("Choose one of your organisation's ship-to addresses.");
      if (line.wantedBy < today) errors[`lines.${index}.wantedBy`] = msg("The wanted-by date cannot be in the past.");
      const item = line.agreementItemId ? items.find((i) => i.id === line.agreementItemId) : undefined;
      if (line.agreementItemId && !item) {
        errors[`lines.${index}.agreementItemId`] = msg("This item is no longer in the catalogue; choose another.");
        continue;
      }
      const unitPrice = item ? unitPriceFor(item.unitPrice, item.breaks, line.quantity) : (line.unitPrice ?? "0");
      const lineCurrency = item ? item.currency : currency;
      total = total.plus(
        await inCurrency(tx, lineTotal(line.quantity, unitPrice, lineCurrency), lineCurrency, currency, today),
      );
      rows.push({
        position: index + 1,
        agreement_item_id: item?.id ?? null,
        item_name: item?.itemName ?? line.itemName ?? "",
        specification: item?.specification ?? "",
        category: item?.category ?? line.category,
        unit: item?.unit ?? line.unit ?? "pcs",
        quantity: line.quantity,
        unit_price: unitPrice,
        currency: lineCurrency,
        wanted_by: line.wantedBy,
        ship_to_address_id: site?.id ?? null,
        delivery_address: site?.address ?? "",
      });
    }
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    const number = await nextRequisitionNumber(trx, actor.orgId, now.getUTCFullYear());
    const requisition = await trx
      .insertInto("requisitions")
      .values({
        number,
        org_id: actor.orgId,
        requested_by: actor.userId,
        origin: "person",
        cost_centre: input.costCentre,
        reason: input.reason,
        currency,
        total: total.toDecimalPlaces(minorUnits(currency)).toFixed(minorUnits(currency)),
        created_at: now,
      })
      .returning(["id", "total"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("requisition_lines")
      .values(rows.map((r) => ({ ...r, requisition_id: requisition.id })))
      .execute();
    const { required } = await requiredRequisitionApprovals(trx, actor.orgId, requisition.total, currency, today);
    await transitionRequisition(
      trx,
      actor,
      requisition.id,
      { type: "SUBMIT", at: now.toISOString(), requiredApprovals: required },
      {
        changes: () => ({ required_approvals: required, submitted_at: now }),
        auditData: { number, total: requisition.total },
      },
    );
    const routed = await routeSubmittedRequisition(trx, { requisitionId: requisition.id, now });
    return { id: requisition.id, number, status: routed.status };
  });
}

/** An amount in another currency at the latest rate known on the day; as it is when no rate is known. */
async function inCurrency(ctx: Ctx, amount: string, from: string, to: string, on: string): Promise<Decimal> {
  if (from === to) return new Decimal(amount);
  const rate = await ctx.db
    .selectFrom("fx_rates")
    .where("org_id", "=", ctx.actor.orgId)
    .where("base_currency", "=", to)
    .where("quote_currency", "=", from)
    .where("valid_on", "<=", on)
    .orderBy("valid_on", "desc")
    .select("rate")
    .executeTakeFirst();
  return rate ? new Decimal(amount).times(rate.rate) : new Decimal(amount);
}
