/**
 * Agreements as drafts: typed in by a buyer, or made by an award from the
 * awarded lines at the awarded prices (sourcing calls this inside its award
 * transaction, as it drafts POs).
 */
import type { Trx } from "../../../db/client.server";
import type { Rfq } from "../../../db/schema";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { TransitionRefusedError } from "../../../workflows/errors";
import { subject } from "../../auth/ability";
import { msg } from "../../i18n/config";
import { FormError } from "../../utils/errors";
import { forbidden } from "../../utils/http.server";
import { lineTotal, sum } from "../../utils/money";
import { instantToZonedLocal } from "../../utils/time";
import { inTransaction, type Ctx, type TrxCtx } from "../shared/context.server";
import { assertQualified, supplierOptions } from "../shared/supplier-standing.server";

import type { AgreementFormInput } from "./agreement.schema";
import { nextAgreementNumber, termsColumns } from "./agreement.server";
import { parsePriceBreaks, type PriceBreak } from "./terms";

interface NewItem {
  itemName: string;
  specification: string;
  category: string;
  unit: string;
  unitPrice: string;
  quantityCap: string | null;
  breaks: PriceBreak[];
  rfqLineId?: string | null;
}

async function writeItems(trx: Trx, agreementId: string, items: NewItem[]) {
  for (const [index, item] of items.entries()) {
    const row = await trx
      .insertInto("agreement_items")
      .values({
        agreement_id: agreementId,
        position: index + 1,
        item_name: item.itemName,
        specification: item.specification,
        category: item.category,
        unit: item.unit,
        unit_price: item.unitPrice,
        quantity_cap: item.quantityCap,
        rfq_line_id: item.rfqLineId ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (item.breaks.length > 0) {
      await trx
        .insertInto("agreement_price_breaks")
        .values(item.breaks.map((b) => ({ item_id: row.id, min_quantity: b.minQuantity, unit_price: b.unitPrice })))
        .execute();
    }
  }
}

/** Only a supplier that accepted to work with the buyer can be given an agreement. */
async function assertActiveSupplier(trx: Trx, buyerOrgId: string, supplierOrgId: string) {
  const known = await trx
    .selectFrom("supplier_relationships")
    .where("buyer_org_id", "=", buyerOrgId)
    .where("supplier_org_id", "=", supplierOrgId)
    .select("status")
    .executeTakeFirst();
  if (known?.status !== "active") throw new FormError({ supplierOrgId: msg("Choose one of your active suppliers.") });
  await assertQualified(trx, { buyerOrgId, supplierOrgId, field: "supplierOrgId" });
}

/**
 * A buyer's agreement typed in by hand; a draft until sent. The form's key
 * makes a second post of the same form return the agreement the first made.
 */
export async function createAgreement(ctx: Ctx, input: AgreementFormInput): Promise<{ id: string; number: string }> {
  const { actor, ability, now } = ctx;
  if (!ability.can("create", subject("Agreement", { buyer_org_id: actor.orgId }))) throw forbidden();
  return inTransaction(ctx, async (trx) => {
    const earlier = await trx
      .selectFrom("agreements")
      .where("buyer_org_id", "=", actor.orgId)
      .where("creation_key", "=", input.key)
      .select(["id", "number"])
      .executeTakeFirst();
    if (earlier) return earlier;
    await assertActiveSupplier(trx, actor.orgId, input.supplierOrgId);
    const number = await nextAgreementNumber(trx, actor.orgId, now.getUTCFullYear());
    const created = await trx
      .insertInto("agreements")
      .values({
        number,
        buyer_org_id: actor.orgId,
        supplier_org_id: input.supplierOrgId,
        ...termsColumns(input),
        currency: input.currency,
        creation_key: input.key,
        created_by: actor.userId,
      })
      // Two posts of one form at the same instant: the second waits on the key and finds the first.
      .onConflict((oc) => oc.columns(["buyer_org_id", "creation_key"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!created) {
      return trx
        .selectFrom("agreements")
        .where("buyer_org_id", "=", actor.orgId)
        .where("creation_key", "=", input.key)
        .select(["id", "number"])
        .executeTakeFirstOrThrow();
    }
    await writeItems(
      trx,
      created.id,
      input.items.map((item) => {
        const parsed = parsePriceBreaks(item.priceBreaks, item.unitPrice);
        return {
          ...item,
          quantityCap: item.quantityCap ?? null,
          breaks: parsed.ok ? parsed.breaks : [],
        };
      }),
    );
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "agreement",
      entityId: created.id,
      event: "CREATE",
      toState: "draft",
      data: { from: "hand", number },
    });
    return { id: created.id, number };
  });
}

/** An agreement an award made, for the award's result. */
export interface AwardedAgreement {
  id: string;
  number: string;
  supplierOrgId: string;
}

/** How long an agreement made by an award runs unless the buyer changes it before sending: a year. */
const AWARDED_TERM_DAYS = 365;

/**
 * A draft agreement made by an award for the given lines: each awarded line
 * an item at the awarded revision's unit price, capped at the RFQ's
 * quantity, and the whole capped at the awarded value; the revision's
 * terms and lead time; valid for a year from the award day. Freight and
 * charges stay with the quote: a call-off prices goods only.
 */
export async function draftAgreementFromAward(
  ctx: TrxCtx,
  { rfq, from }: { rfq: Rfq; from: { quoteId: string; revision: number; lineIds: string[] } },
): Promise<AwardedAgreement> {
  const { db: trx, actor, now } = ctx;
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
  const lines = await trx
    .selectFrom("quote_lines")
    .innerJoin("rfq_lines", "rfq_lines.id", "quote_lines.rfq_line_id")
    .where("quote_lines.revision_id", "=", revision.id)
    .where("quote_lines.no_bid", "=", false)
    .where("quote_lines.unit_price", "is not", null)
    .where("rfq_lines.id", "in", from.lineIds.length > 0 ? from.lineIds : ["00000000-0000-0000-0000-000000000000"])
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
  if (lines.length !== from.lineIds.length) {
    throw new TransitionRefusedError(
      msg("The awarded quote no longer prices every line given to it; reload the page."),
    );
  }
  const awardDay = instantToZonedLocal(now, rfq.deadline_time_zone).slice(0, 10);
  const validTo = new Date(Date.parse(`${awardDay}T00:00:00Z`) + (AWARDED_TERM_DAYS - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const valueCap = sum(
    lines.map((l) => lineTotal(l.quantity, l.unit_price as string, revision.currency)),
    revision.currency,
  );
  const number = await nextAgreementNumber(trx, rfq.org_id, now.getUTCFullYear());
  const created = await trx
    .insertInto("agreements")
    .values({
      number,
      buyer_org_id: rfq.org_id,
      supplier_org_id: quote.supplier_org_id,
      rfq_id: rfq.id,
      title: rfq.title,
      currency: revision.currency,
      valid_from: awardDay,
      valid_to: validTo,
      value_cap: valueCap,
      payment_terms: revision.payment_terms,
      incoterm: revision.incoterm,
      lead_time_days: revision.lead_time_days,
      created_by: actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeItems(
    trx,
    created.id,
    lines.map((l) => ({
      itemName: l.item_name,
      specification: l.specification,
      category: rfq.category ?? "",
      unit: l.unit,
      unitPrice: l.unit_price as string,
      quantityCap: l.quantity,
      breaks: [],
      rfqLineId: l.rfqLineId,
    })),
  );
  await appendAuditEvent(trx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    entityType: "agreement",
    entityId: created.id,
    event: "CREATE",
    toState: "draft",
    data: { from: "award", rfqId: rfq.id, quoteRevisionId: revision.id, number },
  });
  return { id: created.id, number, supplierOrgId: quote.supplier_org_id };
}

/** Active suppliers for the agreement form. */
export async function agreementFormOptions(ctx: Ctx) {
  const { db, actor } = ctx;
  const [suppliers, org] = await Promise.all([
    supplierOptions(db, actor.orgId),
    db.selectFrom("organisations").where("id", "=", actor.orgId).select("base_currency").executeTakeFirst(),
  ]);
  return {
    suppliers: suppliers.available.map(({ id, name }) => ({ id, name })),
    unavailable: suppliers.unavailable,
    currency: org?.base_currency ?? "EUR",
  };
}
