/**
 * Draft purchase orders: a buyer's direct PO for a supplier it already works
 * with, and changes to a draft before it is submitted.
 */
import { subject } from "../../auth/ability";
import { FormError } from "../../utils/errors";
import { appendAuditEvent } from "../../../workflows/audit.server";
import type { PoFormInput } from "./purchase-order.schema";
import { loadPurchaseOrderFor, nextPoNumber, transitionPurchaseOrder } from "./purchase-order.server";
import { CHARGE_UNIT, priceLines, splitProportionally } from "../shared/pricing";
import type { Trx } from "../../../db/client.server";
import type { Rfq } from "../../../db/schema";
import { TransitionRefusedError } from "../../../workflows/errors";
import { lineTotal, minorUnits, sum, toDecimal } from "../../utils/money";
import { inTransaction, type Ctx, type TrxCtx } from "../shared/context.server";
import { instantToZonedLocal } from "../../utils/time";
import { expectedDeliveryDate } from "./delivery-date";
import { resolveDeliveryAddress, shipToChoices } from "../shared/ship-to.server";
import { assertQualified, supplierOptions } from "../shared/supplier-standing.server";
import { msg } from "../../i18n/config";
import { forbidden } from "../../utils/http.server";

async function assertKnownSupplier(trx: Trx, buyerOrgId: string, supplierOrgId: string) {
  const known = await trx
    .selectFrom("supplier_relationships")
    .where("buyer_org_id", "=", buyerOrgId)
    .where("supplier_org_id", "=", supplierOrgId)
    .select("status")
    .executeTakeFirst();
  if (known?.status === "active") {
    await assertQualified(trx, { buyerOrgId, supplierOrgId, field: "supplierOrgId" });
    return;
  }
  // A supplier that was asked but has not agreed is not one the buyer may order from; saying so names no one.
  throw new FormError({
    supplierOrgId:
      known?.status === "invited"
        ? msg("This supplier has not accepted to work with your organisation yet.")
        : msg("Choose one of your active suppliers."),
  });
}

function poHeader(input: PoFormInput, totals: { subtotal: string; taxTotal: string; total: string }) {
  return {
    supplier_org_id: input.supplierOrgId,
    currency: input.currency,
    delivery_address: input.deliveryAddress,
    delivery_date: input.deliveryDate ?? null,
    payment_terms: input.paymentTerms ?? null,
    incoterm: input.incoterm ?? null,
    notes: input.notes,
    subtotal: totals.subtotal,
    tax_total: totals.taxTotal,
    total: totals.total,
  };
}

async function writePoLines(
  trx: Trx,
  poId: string,
  priced: ReturnType<typeof priceLines<PoFormInput["lines"][number]>>["priced"],
) {
  await trx
    .insertInto("purchase_order_lines")
    .values(
      priced.map((l) => ({
        po_id: poId,
        position: l.position,
        item_name: l.itemName,
        specification: l.specification,
        quantity: l.quantity,
        unit: l.unit,
        unit_price: l.unitPrice,
        tax_rate: l.taxRate,
        line_total: l.net,
      })),
    )
    .execute();
}

/** A buyer's PO without an RFQ, for a supplier it already works with; starts as a draft. */
export async function createDirectPo(ctx: Ctx, input: PoFormInput) {
  const { actor, ability, now: at } = ctx;
  if (!ability.can("create", subject("PurchaseOrder", { buyer_org_id: actor.orgId }))) {
    throw forbidden();
  }
  return inTransaction(ctx, async (trx) => {
    await assertKnownSupplier(trx, actor.orgId, input.supplierOrgId);
    const deliveryAddress = await resolveDeliveryAddress(trx, actor.orgId, {
      shipToId: input.shipToId,
      typed: input.deliveryAddress,
    });
    const totals = priceLines(input.lines, input.currency);
    const number = await nextPoNumber(trx, actor.orgId, at.getUTCFullYear());
    const po = await trx
      .insertInto("purchase_orders")
      .values({
        number,
        buyer_org_id: actor.orgId,
        created_by: actor.userId,
        ...poHeader({ ...input, deliveryAddress }, totals),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writePoLines(trx, po.id, totals.priced);
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "purchase_order",
      entityId: po.id,
      event: "CREATE",
      toState: "draft",
      data: { from: "direct", number },
    });
    return { poId: po.id, poNumber: number };
  });
}

/**
 * A call-off's lines are priced by its agreement and counted against its
 * caps; typed over, they would escape both. It is cancelled and ordered
 * again from the agreement instead.
 */
export const CALL_OFF_FIXED = msg(
  "A call-off's lines come from its agreement: cancel it and order again from the agreement.",
);

/** Changes a draft (the machine refuses once it was submitted); lines are replaced as a whole. */
export async function updateDraftPo(ctx: Ctx, { id, ...input }: PoFormInput & { id: string; version: number }) {
  const { actor } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const po = await loadPurchaseOrderFor(tx, id, "update");
    if (po.agreement_id !== null) throw new FormError({ form: CALL_OFF_FIXED });
    await assertKnownSupplier(trx, po.buyer_org_id, input.supplierOrgId);
    const deliveryAddress = await resolveDeliveryAddress(trx, po.buyer_org_id, {
      shipToId: input.shipToId,
      typed: input.deliveryAddress,
    });
    const totals = priceLines(input.lines, input.currency);
    const result = await transitionPurchaseOrder(
      trx,
      actor,
      id,
      { type: "UPDATE_DRAFT" },
      {
        expectedVersion: input.version,
        changes: poHeader({ ...input, deliveryAddress }, totals),
        auditData: { total: totals.total },
      },
    );
    // Lines a receipt or invoice points at never exist on a draft, so replacing them loses nothing.
    await trx.deleteFrom("purchase_order_lines").where("po_id", "=", id).execute();
    await writePoLines(trx, id, totals.priced);
    return result;
  });
}

/** Known suppliers for the PO form. */
export async function poFormOptions(ctx: Ctx) {
  const { db, actor } = ctx;
  const [suppliers, org, shipTos] = await Promise.all([
    supplierOptions(db, actor.orgId),
    db
      .selectFrom("organisations")
      .where("id", "=", actor.orgId)
      .select(["base_currency", "address"])
      .executeTakeFirst(),
    shipToChoices(ctx),
  ]);
  return {
    suppliers: suppliers.available.map(({ id, name }) => ({ id, name })),
    unavailable: suppliers.unavailable,
    currency: org?.base_currency ?? "EUR",
    address: org?.address ?? "",
    shipTos,
  };
}

/** A draft with its lines, as the edit form shows it. */
export async function getDraftForEdit(ctx: Ctx, { id }: { id: string }) {
  const { db } = ctx;
  const po = await loadPurchaseOrderFor(ctx, id, "update");
  const lines = await db
    .selectFrom("purchase_order_lines")
    .where("po_id", "=", id)
    .selectAll()
    .orderBy("position")
    .execute();
  // Only a draft is edited in place (the machine's UPDATE_DRAFT); a later PO changes by change order.
  return { po, lines, editable: po.status === "draft" && po.agreement_id === null };
}

/** A PO an award made, for the award's result. */
export interface AwardedPo {
  id: string;
  number: string;
  supplierOrgId: string;
}

/** The names charge lines carry on a PO, its PDF, its UBL and invoices. */
export const CHARGE_NAMES = { freight: "Freight", otherCharges: "Other charges" } as const;

/**
 * The freight and other charges of a quote that go to a PO for some of its
 * lines: each charge shared across every line the quote priced, in proportion
 * to the line's value (splitProportionally, as the comparison does), and the
 * shares of the awarded lines added up. All lines awarded: the whole charge.
 */
export function awardedCharges(
  quote: { currency: string; freight: string; otherCharges: string },
  quotedLines: { rfqLineId: string; lineTotal: string }[],
  awardedLineIds: ReadonlySet<string>,
): { name: string; amount: string }[] {
  const places = minorUnits(quote.currency);
  const weights = quotedLines.map((l) => l.lineTotal);
  const charges: { name: string; amount: string }[] = [];
  for (const [name, amount] of [
    [CHARGE_NAMES.freight, quote.freight],
    [CHARGE_NAMES.otherCharges, quote.otherCharges],
  ] as const) {
    if (toDecimal(amount).isZero()) continue;
    const shares = splitProportionally(amount, weights, places);
    const awarded = sum(
      shares.filter((_, i) => awardedLineIds.has(quotedLines[i].rfqLineId)),
      quote.currency,
    );
    if (!toDecimal(awarded).isZero()) charges.push({ name, amount: awarded });
  }
  return charges;
}

/**
 * A draft PO made by an award (sourcing calls this in its award transaction)
 * for the given lines, with the quantities of the RFQ, the prices of the
 * awarded revision, and the delivery date its lead time promises. The
 * revision's freight and other charges become charge lines after the items,
 * in proportion to the awarded share of the quote's value (awardedCharges).
 */
export async function draftPoFromAward(
  ctx: TrxCtx,
  { rfq, from }: { rfq: Rfq; from: { quoteId: string; revision: number; lineIds: string[] } },
): Promise<AwardedPo> {
  const { db: trx, actor, now: at } = ctx;
  const quote = await trx
    .selectFrom("quotes")
    .where("id", "=", from.quoteId)
    .select("supplier_org_id")
    .executeTakeFirstOrThrow();
  const revision = await trx
    .selectFrom("quote_revisions")
    .where("quote_id", "=", from.quoteId)
    .where("revision", "=", from.revision)
    .selectAll()
    .executeTakeFirstOrThrow();
  // Every line the revision priced: the awarded ones become items, and all of them weigh in the charges' split.
  const quoted = await trx
    .selectFrom("quote_lines")
    .innerJoin("rfq_lines", "rfq_lines.id", "quote_lines.rfq_line_id")
    .where("quote_lines.revision_id", "=", revision.id)
    .where("quote_lines.no_bid", "=", false)
    .where("quote_lines.unit_price", "is not", null)
    .select([
      "rfq_lines.id as rfqLineId",
      "rfq_lines.item_name",
      "rfq_lines.specification",
      "rfq_lines.quantity",
      "rfq_lines.unit",
      "quote_lines.unit_price",
    ])
    .orderBy("rfq_lines.position")
    .execute();
  const awardedIds = new Set(from.lineIds);
  const lines = quoted.filter((l) => awardedIds.has(l.rfqLineId));
  if (lines.length !== from.lineIds.length) {
    throw new TransitionRefusedError(
      msg("The awarded quote no longer prices every line given to it; reload the page."),
    );
  }

  const number = await nextPoNumber(trx, rfq.org_id, at.getUTCFullYear());
  const priced = lines.map((l, index) => ({
    ...l,
    position: index + 1,
    unitPrice: l.unit_price as string,
    total: lineTotal(l.quantity, l.unit_price as string, revision.currency),
  }));
  const charges = awardedCharges(
    { currency: revision.currency, freight: revision.freight, otherCharges: revision.other_charges },
    quoted.map((l) => ({
      rfqLineId: l.rfqLineId,
      lineTotal: lineTotal(l.quantity, l.unit_price as string, revision.currency),
    })),
    awardedIds,
  );
  const subtotal = sum([...priced.map((l) => l.total), ...charges.map((c) => c.amount)], revision.currency);
  const po = await trx
    .insertInto("purchase_orders")
    .values({
      number,
      buyer_org_id: rfq.org_id,
      supplier_org_id: quote.supplier_org_id,
      rfq_id: rfq.id,
      quote_revision_id: revision.id,
      currency: revision.currency,
      subtotal,
      tax_total: "0.00",
      total: subtotal,
      delivery_address: rfq.delivery_address,
      // The buyer may change it on the draft; until then it is what the quote promised.
      delivery_date: expectedDeliveryDate({
        awardedOn: instantToZonedLocal(at, rfq.deadline_time_zone).slice(0, 10),
        leadTimeDays: revision.lead_time_days,
        wantedBy: rfq.wanted_by,
      }),
      payment_terms: revision.payment_terms,
      incoterm: revision.incoterm,
      created_by: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("purchase_order_lines")
    .values(
      priced.map((l) => ({
        po_id: po.id,
        position: l.position,
        rfq_line_id: l.rfqLineId,
        item_name: l.item_name,
        specification: l.specification,
        quantity: l.quantity,
        unit: l.unit,
        unit_price: l.unitPrice,
        line_total: l.total,
      })),
    )
    .execute();
  if (charges.length > 0) {
    await trx
      .insertInto("purchase_order_lines")
      .values(
        charges.map((c, index) => ({
          po_id: po.id,
          position: priced.length + index + 1,
          kind: "charge" as const,
          item_name: c.name,
          specification: `Charge from the awarded quote, revision ${from.revision}`,
          quantity: "1",
          unit: CHARGE_UNIT,
          unit_price: c.amount,
          line_total: c.amount,
        })),
      )
      .execute();
  }
  await appendAuditEvent(trx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    entityType: "purchase_order",
    entityId: po.id,
    event: "CREATE",
    toState: "draft",
    data: { from: "award", rfqId: rfq.id, quoteRevisionId: revision.id, number, charges },
  });
  return { id: po.id, number, supplierOrgId: quote.supplier_org_id };
}

/**
 * A draft PO calling off an agreement (the agreements stage calls this in
 * its call-off transaction, after it locked the agreement and checked its
 * caps): lines priced by the agreement, each pointing at the item it
 * consumes. It then follows the PO's own lifecycle and approval policy.
 */
export async function draftCallOffPo(
  ctx: TrxCtx,
  order: {
    agreementId: string;
    callOffKey: string;
    supplierOrgId: string;
    currency: string;
    deliveryAddress: string;
    deliveryDate: string | null;
    paymentTerms: string | null;
    incoterm: string | null;
    notes: string;
    lines: {
      agreementItemId: string;
      itemName: string;
      specification: string;
      quantity: string;
      unit: string;
      unitPrice: string;
    }[];
  },
): Promise<{ id: string; number: string; total: string }> {
  const { db: trx, actor, now: at } = ctx;
  const priced = order.lines.map((l, index) => ({
    ...l,
    position: index + 1,
    total: lineTotal(l.quantity, l.unitPrice, order.currency),
  }));
  const subtotal = sum(
    priced.map((l) => l.total),
    order.currency,
  );
  const number = await nextPoNumber(trx, actor.orgId, at.getUTCFullYear());
  const po = await trx
    .insertInto("purchase_orders")
    .values({
      number,
      buyer_org_id: actor.orgId,
      supplier_org_id: order.supplierOrgId,
      agreement_id: order.agreementId,
      call_off_key: order.callOffKey,
      currency: order.currency,
      subtotal,
      tax_total: "0.00",
      total: subtotal,
      delivery_address: order.deliveryAddress,
      delivery_date: order.deliveryDate,
      payment_terms: order.paymentTerms,
      incoterm: order.incoterm,
      notes: order.notes,
      created_by: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("purchase_order_lines")
    .values(
      priced.map((l) => ({
        po_id: po.id,
        position: l.position,
        agreement_item_id: l.agreementItemId,
        item_name: l.itemName,
        specification: l.specification,
        quantity: l.quantity,
        unit: l.unit,
        unit_price: l.unitPrice,
        line_total: l.total,
      })),
    )
    .execute();
  await appendAuditEvent(trx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    entityType: "purchase_order",
    entityId: po.id,
    event: "CREATE",
    toState: "draft",
    data: { from: "agreement", agreementId: order.agreementId, number, total: subtotal },
  });
  return { id: po.id, number, total: subtotal };
}
