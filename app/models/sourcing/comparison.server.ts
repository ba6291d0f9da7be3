/**
 * The comparison page's data: the sealed read (sealed.server.ts) authorizes,
 * then a fixed number of queries (terms, line extras, rates, delivery
 * records) whatever the number of suppliers or lines.
 */
import { onCurrentRevision } from "../shared/sql.server";
import { subject } from "../../auth/ability";
import { toDecimal } from "../../utils/money";
import { instantToZonedLocal } from "../../utils/time";
import { readSealedQuotes } from "./sealed.server";
import { DEFAULT_WEIGHTS, type Weights } from "./scoring";
import { type ComparisonQuoteInput, buildComparison } from "./comparison";
import { deliveryRecords } from "./delivery-records.server";
import { type Ctx } from "../shared/context.server";
export type { DeliveryRecord, LineTerms, Performance } from "./comparison-format";

/**
 * The comparison page's data: readSealedQuotes does the authorization (sealed
 * bids, organisation scope, audit of refusals), then a fixed number of
 * queries (terms, line extras, rates, delivery records) whatever the number
 * of suppliers or lines.
 */
export async function getComparison(
  ctx: Ctx,
  { rfqId, weights = DEFAULT_WEIGHTS }: { rfqId: string; weights?: Weights },
) {
  const { db, ability, now } = ctx;
  const { rfq, lines, columns } = await readSealedQuotes(ctx, { rfqId });
  const zone = rfq.deadline_time_zone;
  // Closed RFQs only reach here; the fallback keeps the type honest.
  const closeDate = instantToZonedLocal(new Date(rfq.closed_at ?? now), zone).slice(0, 10);
  const today = instantToZonedLocal(now, zone).slice(0, 10);
  const quoteIds = columns.map((c) => c.quoteId);
  const foreign = [...new Set(columns.map((c) => c.currency).filter((c) => c !== rfq.currency))];
  const [terms, extras, rateRows, delivery] = await Promise.all([
    quoteIds.length
      ? db
          .selectFrom("quotes")
          .innerJoin("quote_revisions", onCurrentRevision)
          .where("quotes.id", "in", quoteIds)
          .select([
            "quotes.id as quoteId",
            "quote_revisions.freight",
            "quote_revisions.other_charges",
            "quote_revisions.valid_until",
            "quote_revisions.payment_terms",
            "quote_revisions.incoterm",
          ])
          .execute()
      : [],
    // Only the lines that carry a minimum order quantity or an alternate: usually few.
    quoteIds.length
      ? db
          .selectFrom("quotes")
          .innerJoin("quote_revisions", onCurrentRevision)
          .innerJoin("quote_lines", "quote_lines.revision_id", "quote_revisions.id")
          .where("quotes.id", "in", quoteIds)
          .where((eb) =>
            eb.or([
              eb("quote_lines.min_order_quantity", "is not", null),
              eb("quote_lines.alternate_offer", "is not", null),
            ]),
          )
          .select([
            "quotes.id as quoteId",
            "quote_lines.rfq_line_id",
            "quote_lines.min_order_quantity",
            "quote_lines.alternate_offer",
          ])
          .execute()
      : [],
    foreign.length
      ? db
          .selectFrom("fx_rates")
          .where("org_id", "=", rfq.org_id)
          .where("base_currency", "=", rfq.currency)
          .where("quote_currency", "in", foreign)
          .where("valid_on", "<=", closeDate)
          .select(["quote_currency", "rate", "valid_on"])
          .orderBy("valid_on", "desc")
          .execute()
      : [],
    deliveryRecords(db, {
      buyerOrgId: rfq.org_id,
      supplierOrgIds: columns.map((c) => c.supplierOrgId),
      excludeRfqId: rfq.id,
      today,
    }),
  ]);
  const byQuote = new Map(terms.map((t) => [t.quoteId, t]));
  const rates: Record<string, string> = {};
  // Newest first, so the first row per currency is the rate in force on the close date.
  for (const r of rateRows) rates[r.quote_currency] ??= toDecimal(r.rate).toFixed();
  const extrasByQuote = new Map<string, (typeof extras)[number][]>();
  for (const e of extras) {
    const list = extrasByQuote.get(e.quoteId);
    if (list) list.push(e);
    else extrasByQuote.set(e.quoteId, [e]);
  }

  const comparison = buildComparison({
    currency: rfq.currency,
    lines,
    rates,
    today,
    delivery,
    weights,
    quotes: columns.map((c) => {
      const t = byQuote.get(c.quoteId);
      const own = extrasByQuote.get(c.quoteId);
      // Copied only when terms are added: a large quote has thousands of prices.
      const prices: ComparisonQuoteInput["prices"] = own ? { ...c.prices } : c.prices;
      for (const e of own ?? [])
        prices[e.rfq_line_id] = {
          ...(prices[e.rfq_line_id] ?? { unitPrice: null, lineTotal: null, noBid: true }),
          minOrderQuantity: e.min_order_quantity === null ? null : toDecimal(e.min_order_quantity).toFixed(),
          alternateOffer: e.alternate_offer,
        };
      return {
        supplierOrgId: c.supplierOrgId,
        supplierName: c.supplierName,
        quoteId: c.quoteId,
        revision: c.revision,
        receivedAt: c.receivedAt,
        leadTimeDays: c.leadTimeDays,
        currency: c.currency,
        subtotal: c.subtotal,
        freight: t?.freight ?? "0",
        otherCharges: t?.other_charges ?? "0",
        validUntil: t?.valid_until ? String(t.valid_until).slice(0, 10) : null,
        paymentTerms: t?.payment_terms ?? null,
        incoterm: t?.incoterm ?? null,
        prices,
      };
    }),
  });
  // Only a closed RFQ is awarded, and only by whoever may award it.
  const canAward = rfq.status === "closed" && ability.can("award", subject("Rfq", rfq));
  return { rfq, closeDate, canAward, ...comparison };
}
