/**
 * The supplier's answer to an RFQ: its quote form, a saved draft, a
 * submitted revision (numbered, with the instant it was received), a
 * withdrawal before the deadline, or declining the invitation.
 */
import { msg, msgWith } from "../../i18n/config";
import { StaleVersionError } from "../../../workflows/errors";
import { FormError } from "../../utils/errors";
import { attachPendingToRevision, listPendingQuoteAttachments } from "./quote-files.server";
import { transitionInvitation } from "./invitation.server";
import { quoteDraftSchema, type QuoteDraft, type QuoteFormInput } from "./quote.schema";
import { ensureQuote, lockInvitation, transitionQuote } from "./quote.server";
import { inTransaction, type Ctx } from "../shared/context.server";
import { priceQuote } from "../shared/pricing";
import { loadRfqFor } from "./rfq.server";
import { rfqHeader } from "./rfq-header.server";
import { rfqQuoteSubmittedMail } from "../../../emails/templates/rfq-quote-submitted";
import { linkTo, notify } from "../shared/notify.server";
import type { Trx } from "../../../db/client.server";

type OwnLine = {
  unitPrice: string | null;
  noBid: boolean;
  minOrderQuantity: string | null;
  alternateOffer: string | null;
};

/**
 * What the supplier's quote form shows: its own last revision and, if one
 * was saved, its unsent draft. Always scoped to the supplier's organisation.
 */
export async function getOwnQuoteForm(ctx: Ctx, { rfqId }: { rfqId: string }) {
  const { db, actor } = ctx;
  // Anyone not invited to this published RFQ learns nothing of it.
  await loadRfqFor(ctx, rfqId, "read");
  const quote = await db
    .selectFrom("quotes")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "=", actor.orgId)
    .selectAll()
    .executeTakeFirst();
  const parsedDraft = quote?.draft ? quoteDraftSchema.safeParse(quote.draft) : null;
  const draft = parsedDraft?.success ? parsedDraft.data : null;
  const pendingFiles = quote ? await listPendingQuoteAttachments(db, quote.id) : [];
  if (!quote || quote.current_revision === 0)
    return { quote: quote ?? null, revision: null, prices: {} as Record<string, OwnLine>, draft, pendingFiles };
  const revision = await db
    .selectFrom("quote_revisions")
    .where("quote_id", "=", quote.id)
    .where("revision", "=", quote.current_revision)
    .selectAll()
    .executeTakeFirstOrThrow();
  const lines = await db.selectFrom("quote_lines").where("revision_id", "=", revision.id).selectAll().execute();
  return {
    quote,
    revision,
    prices: Object.fromEntries(
      lines.map((l) => [
        l.rfq_line_id,
        {
          unitPrice: l.unit_price,
          noBid: l.no_bid,
          minOrderQuantity: l.min_order_quantity,
          alternateOffer: l.alternate_offer,
        } satisfies OwnLine,
      ]),
    ),
    draft,
    pendingFiles,
  };
}

/**
 * Keeps what the supplier typed without sending it (SAVE_DRAFT). Nothing is
 * received: no revision is numbered and the buyer sees no answer yet.
 */
export async function saveQuoteDraft(ctx: Ctx, { rfqId, ...draft }: QuoteDraft & { rfqId: string }) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, rfqId, "read");
  return inTransaction(ctx, async (trx) => {
    const { rfq } = await lockInvitation(trx, actor, rfqId);
    const quote = await ensureQuote(trx, actor, rfq);
    await transitionQuote(
      trx,
      actor,
      quote.id,
      { type: "SAVE_DRAFT", at: at.toISOString() },
      { draft: JSON.stringify(draft), draft_saved_at: at },
    );
    return { quoteId: quote.id, savedAt: at };
  });
}

/**
 * Withdraws the submitted quote before the deadline. Its revisions stay in
 * the history; the buyer will not see it, and the invitation counts as
 * unanswered again, so the RFQ cannot be closed early on its account.
 */
export async function withdrawQuote(ctx: Ctx, { rfqId, version }: { rfqId: string; version: number }) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, rfqId, "read");
  return inTransaction(ctx, async (trx) => {
    const { invitation } = await lockInvitation(trx, actor, rfqId);
    const quote = await trx
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", actor.orgId)
      .select(["id", "version"])
      .executeTakeFirst();
    if (!quote) throw new FormError({ form: msg("You have not submitted a quote, so there is nothing to withdraw.") });
    if (quote.version !== version) throw new StaleVersionError("quote");
    await transitionQuote(trx, actor, quote.id, { type: "WITHDRAW", at: at.toISOString() });
    await transitionInvitation(
      trx,
      actor,
      invitation.id,
      { type: "WITHDRAW", at: at.toISOString() },
      { answered_at: null },
    );
  });
}

/**
 * The supplier says it will not quote, with a reason the buyer can read.
 * Counts as an answer for closing early. Refused after the deadline and
 * while a submitted quote stands (withdraw it first).
 */
export async function declineInvitation(ctx: Ctx, { rfqId, reason }: { rfqId: string; reason: string }) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, rfqId, "read");
  return inTransaction(ctx, async (trx) => {
    const { invitation } = await lockInvitation(trx, actor, rfqId);
    await transitionInvitation(
      trx,
      actor,
      invitation.id,
      { type: "DECLINE", at: at.toISOString(), reason },
      { decline_reason: reason, answered_at: at },
    );
  });
}

/**
 * Submits the supplier's quote, or a new revision of it. The RFQ row is held
 * with a share lock so a close at the same moment waits for this to finish
 * or finds it refused; the machine refuses anything at or after the deadline.
 */
export async function submitQuote(ctx: Ctx, { rfqId, ...input }: QuoteFormInput & { rfqId: string }) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, rfqId, "read");
  return inTransaction(ctx, async (trx) => {
    const { rfq, invitation } = await lockInvitation(trx, actor, rfqId);

    const rfqLines = await trx.selectFrom("rfq_lines").where("rfq_id", "=", rfqId).select(["id", "quantity"]).execute();
    const quantities = new Map(rfqLines.map((l) => [l.id, l.quantity]));
    const errors: Record<string, string> = {};
    input.lines.forEach((line, index) => {
      if (!quantities.has(line.rfqLineId))
        errors[`lines.${index}.unitPrice`] = msg("This line is not part of the RFQ.");
    });
    if (
      new Set(input.lines.map((l) => l.rfqLineId)).size !== rfqLines.length ||
      input.lines.length !== rfqLines.length
    ) {
      errors.lines = msg("Answer every line of the RFQ (a price or “No bid”).");
    }
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    const quote = await ensureQuote(trx, actor, rfq);
    const revisionNumber = quote.current_revision + 1;
    // The supplier may quote in its own currency; the comparison converts it.
    const currency = input.currency ?? rfq.currency;
    // The draft is spent once submitted: what was received is the revision.
    await transitionQuote(
      trx,
      actor,
      quote.id,
      { type: "SUBMIT", at: at.toISOString() },
      { current_revision: revisionNumber, currency, draft: null, draft_saved_at: null },
    );
    // Under the quote's lock, and after the machine's own refusal has had its say (the
    // transaction rolls back either way): a submission that waited for one received
    // at a later instant would otherwise put the older offer in force.
    if (quote.current_revision > 0) {
      const last = await trx
        .selectFrom("quote_revisions")
        .where("quote_id", "=", quote.id)
        .where("revision", "=", quote.current_revision)
        .select("received_at")
        .executeTakeFirstOrThrow();
      if (new Date(last.received_at).getTime() > at.getTime()) {
        throw new FormError({
          form: msg(
            "A newer revision of your quote was received while this one was on its way. Reload the page to see the quote in force.",
          ),
        });
      }
    }

    // The same rule as the running total the supplier saw while typing.
    const { priced, subtotal } = priceQuote(
      input.lines.map((line) => ({
        ...line,
        quantity: quantities.get(line.rfqLineId) as string,
        unitPrice: line.noBid ? null : line.unitPrice,
      })),
      input,
      currency,
    );
    const revision = await trx
      .insertInto("quote_revisions")
      .values({
        quote_id: quote.id,
        revision: revisionNumber,
        currency,
        lead_time_days: Number(input.leadTimeDays),
        freight: input.freight ?? "0",
        other_charges: input.otherCharges ?? "0",
        valid_until: input.validUntil ?? null,
        payment_terms: input.paymentTerms ?? null,
        incoterm: input.incoterm ?? null,
        notes: input.notes,
        subtotal,
        submitted_by: actor.userId,
        // The instant the deadline was checked against, so the record and the check agree.
        received_at: at,
      })
      .returning(["id", "received_at"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("quote_lines")
      .values(
        priced.map((l) => ({
          revision_id: revision.id,
          rfq_line_id: l.rfqLineId,
          no_bid: Boolean(l.noBid),
          unit_price: l.unitPrice,
          line_total: l.total,
          min_order_quantity: l.minOrderQuantity ?? null,
          alternate_offer: l.alternateOffer ?? null,
        })),
      )
      .execute();
    // The files attached while editing are part of what was received with this revision.
    await attachPendingToRevision(trx, quote.id, revision.id);
    await transitionInvitation(
      trx,
      actor,
      invitation.id,
      { type: "SUBMIT", at: at.toISOString() },
      { answered_at: at },
    );
    await tellBuyerQuoted(trx, rfqId, actor.orgId, revisionNumber, at);
    return { quoteId: quote.id, revision: revisionNumber, receivedAt: revision.received_at };
  });
}

/** Whoever posted the RFQ hears that a supplier answered it, by name and revision, never by price. */
async function tellBuyerQuoted(trx: Trx, rfqId: string, supplierOrgId: string, revision: number, at: Date) {
  const rfq = await rfqHeader(trx, rfqId);
  const supplier = await trx
    .selectFrom("organisations")
    .where("id", "=", supplierOrgId)
    .select("name")
    .executeTakeFirstOrThrow();
  const path = `/rfqs/${rfqId}`;
  await notify(trx, {
    kind: "quote_submitted",
    audience: { orgId: rfq.org_id, userIds: [rfq.created_by] },
    path,
    text:
      revision > 1
        ? msgWith("{{supplier}} submitted revision {{revision}} of its quote for {{reference}} “{{title}}”.", {
            supplier: supplier.name,
            revision,
            reference: rfq.reference,
            title: rfq.title,
          })
        : msgWith("{{supplier}} submitted a quote for {{reference}} “{{title}}”.", {
            supplier: supplier.name,
            reference: rfq.reference,
            title: rfq.title,
          }),
    mail: (person, reader) =>
      rfqQuoteSubmittedMail(
        {
          recipientName: person.name,
          supplierName: supplier.name,
          title: rfq.title,
          reference: rfq.reference,
          revision,
          url: linkTo(path),
        },
        reader,
      ),
    at,
  });
}
