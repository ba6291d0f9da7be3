/**
 * Sealed quotes. A supplier writes and reads only its own quote; prices of
 * any quote reach the buyer only once the RFQ is closed, and every refused
 * attempt to read them is written to the audit log.
 */
import type { Transaction } from "kysely";

import type { Db } from "../../db/client.server";
import type { Database, Quote } from "../../db/schema";
import { appendAuditEvent } from "../../workflows/audit.server";
import { quoteWorkflow, type QuoteContext, type QuoteEvent, type QuoteStatus } from "../../workflows/quote.machine";
import type { RfqStatus } from "../../workflows/rfq.machine";
import { runTransition } from "../../workflows/run-transition.server";
import { subject, type Actor, type AppAbility } from "../auth/ability";
import { FormError } from "../utils/errors";
import { notFound } from "../utils/http.server";
import { compare, lineTotal, sum } from "../utils/money";

import type { QuoteFormInput } from "./quote.schema";

type Trx = Transaction<Database>;

export function transitionQuote(
  trx: Trx,
  actor: Actor | { userId: null; orgId: null },
  quoteId: string,
  event: QuoteEvent,
  changes: Record<string, unknown> = {},
  /** The RFQ's status as the caller's transaction sees it, when the caller is moving the RFQ too. */
  override: { rfqStatus?: RfqStatus } = {},
) {
  return runTransition<QuoteStatus, QuoteContext, QuoteEvent, Quote>(trx, {
    workflow: quoteWorkflow,
    table: "quotes",
    id: quoteId,
    event,
    actor,
    context: async (row) => {
      const rfq = await trx
        .selectFrom("rfqs")
        .where("id", "=", row.rfq_id)
        .select(["status", "deadline"])
        .executeTakeFirstOrThrow();
      return {
        rfqStatus: override.rfqStatus ?? (rfq.status as RfqStatus),
        deadline: new Date(rfq.deadline).toISOString(),
        revisionCount: row.current_revision,
      };
    },
    changes: () => changes,
  });
}

/** What the supplier's quote form shows: the lines and its own last revision. */
export async function getOwnQuoteForm(db: Db, actor: Actor, rfqId: string) {
  const quote = await db
    .selectFrom("quotes")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "=", actor.orgId)
    .selectAll()
    .executeTakeFirst();
  if (!quote || quote.current_revision === 0)
    return {
      quote: quote ?? null,
      revision: null,
      prices: {} as Record<string, { unitPrice: string | null; noBid: boolean }>,
    };
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
    prices: Object.fromEntries(lines.map((l) => [l.rfq_line_id, { unitPrice: l.unit_price, noBid: l.no_bid }])),
  };
}

/**
 * Submits the supplier's quote, or a new revision of it. The RFQ row is held
 * with a share lock so a close at the same moment waits for this to finish
 * or finds it refused; the machine refuses anything at or after the deadline.
 */
export async function submitQuote(db: Db, actor: Actor, rfqId: string, input: QuoteFormInput, at: Date) {
  return db.transaction().execute(async (trx) => {
    const rfq = await trx
      .selectFrom("rfqs")
      .where("id", "=", rfqId)
      .select(["id", "org_id", "currency", "status"])
      .forShare()
      .executeTakeFirst();
    const invitation = rfq
      ? await trx
          .selectFrom("rfq_invitations")
          .where("rfq_id", "=", rfqId)
          .where("supplier_org_id", "=", actor.orgId)
          .select(["id", "status"])
          .executeTakeFirst()
      : undefined;
    if (!rfq || !invitation || rfq.status === "draft") throw notFound("No such RFQ.");

    const rfqLines = await trx.selectFrom("rfq_lines").where("rfq_id", "=", rfqId).select(["id", "quantity"]).execute();
    const quantities = new Map(rfqLines.map((l) => [l.id, l.quantity]));
    const errors: Record<string, string> = {};
    input.lines.forEach((line, index) => {
      if (!quantities.has(line.rfqLineId)) errors[`lines.${index}.unitPrice`] = "This line is not part of the RFQ.";
    });
    if (
      new Set(input.lines.map((l) => l.rfqLineId)).size !== rfqLines.length ||
      input.lines.length !== rfqLines.length
    ) {
      errors.lines = "Answer every line of the RFQ (a price or “No bid”).";
    }
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    await trx
      .insertInto("quotes")
      .values({
        rfq_id: rfqId,
        buyer_org_id: rfq.org_id,
        supplier_org_id: actor.orgId,
        currency: rfq.currency,
        workflow_version: quoteWorkflow.version,
      })
      .onConflict((oc) => oc.columns(["rfq_id", "supplier_org_id"]).doNothing())
      .execute();
    const quote = await trx
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", actor.orgId)
      .select(["id", "current_revision"])
      .executeTakeFirstOrThrow();
    const revisionNumber = quote.current_revision + 1;
    await transitionQuote(
      trx,
      actor,
      quote.id,
      { type: "SUBMIT", at: at.toISOString() },
      { current_revision: revisionNumber },
    );

    const priced = input.lines.map((line) => {
      const quantity = quantities.get(line.rfqLineId) as string;
      const unitPrice = line.noBid ? null : line.unitPrice;
      return { ...line, unitPrice, total: unitPrice === null ? null : lineTotal(quantity, unitPrice, rfq.currency) };
    });
    const subtotal = sum(
      priced.flatMap((l) => (l.total === null ? [] : [l.total])),
      rfq.currency,
    );
    const revision = await trx
      .insertInto("quote_revisions")
      .values({
        quote_id: quote.id,
        revision: revisionNumber,
        currency: rfq.currency,
        lead_time_days: Number(input.leadTimeDays),
        notes: input.notes,
        subtotal,
        submitted_by: actor.userId,
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
        })),
      )
      .execute();
    await trx
      .updateTable("rfq_invitations")
      .set({ status: "submitted", answered_at: at })
      .where("id", "=", invitation.id)
      .execute();
    return { quoteId: quote.id, revision: revisionNumber, receivedAt: revision.received_at };
  });
}

export interface ComparisonColumn {
  supplierOrgId: string;
  supplierName: string;
  quoteId: string;
  revision: number;
  receivedAt: Date;
  leadTimeDays: number;
  currency: string;
  subtotal: string;
  pricedLines: number;
  prices: Record<string, { unitPrice: string | null; lineTotal: string | null; noBid: boolean }>;
  lowest: boolean;
}

/**
 * The side-by-side view of every submitted quote. Refused, and the attempt
 * logged, while the bids are sealed.
 */
export async function getComparison(db: Db, actor: Actor, ability: AppAbility, rfqId: string) {
  const rfq = await db.selectFrom("rfqs").selectAll().where("id", "=", rfqId).executeTakeFirst();
  if (!rfq) throw notFound("No such RFQ.");
  const invited = await db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "is not", null)
    .select("supplier_org_id")
    .execute();
  const tagged = subject("Rfq", { ...rfq, invited_supplier_org_ids: invited.map((i) => i.supplier_org_id as string) });
  const sealed = rfq.closed_at === null;
  const probe = subject("Quote", { buyer_org_id: rfq.org_id, supplier_org_id: "", rfq_id: rfq.id, sealed });
  if (!ability.can("readPrices", probe) || !ability.can("compare", tagged)) {
    // Every refused attempt is logged, also from people the RFQ is hidden from.
    await logSealedReadRefused(db, actor, rfq.id, "compare");
    if (!ability.can("read", tagged)) throw notFound("No such RFQ.");
    throw new Response(
      sealed
        ? "Quotes are sealed until the RFQ closes at its deadline. Prices cannot be shown yet."
        : "You are not allowed to compare quotes.",
      { status: 403 },
    );
  }

  const lines = await db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", rfqId)
    .select(["id", "position", "item_name", "quantity", "unit"])
    .orderBy("position")
    .execute();
  // One query for every quote's current revision, one for all their lines.
  const revisions = await db
    .selectFrom("quotes")
    .innerJoin("quote_revisions", (join) =>
      join
        .onRef("quote_revisions.quote_id", "=", "quotes.id")
        .onRef("quote_revisions.revision", "=", "quotes.current_revision"),
    )
    .innerJoin("organisations", "organisations.id", "quotes.supplier_org_id")
    .where("quotes.rfq_id", "=", rfqId)
    .where("quotes.status", "in", ["submitted", "awarded", "partially_awarded", "not_awarded"])
    .select([
      "quotes.id as quoteId",
      "quotes.supplier_org_id as supplierOrgId",
      "quotes.status",
      "organisations.name as supplierName",
      "quote_revisions.id as revisionId",
      "quote_revisions.revision",
      "quote_revisions.received_at as receivedAt",
      "quote_revisions.lead_time_days as leadTimeDays",
      "quote_revisions.currency",
      "quote_revisions.subtotal",
    ])
    .orderBy("organisations.name")
    .execute();
  const quoteLines = revisions.length
    ? await db
        .selectFrom("quote_lines")
        .where(
          "revision_id",
          "in",
          revisions.map((r) => r.revisionId),
        )
        .select(["revision_id", "rfq_line_id", "unit_price", "line_total", "no_bid"])
        .execute()
    : [];

  const columns: ComparisonColumn[] = revisions.map((r) => {
    const own = quoteLines.filter((l) => l.revision_id === r.revisionId);
    return {
      supplierOrgId: r.supplierOrgId,
      supplierName: r.supplierName,
      quoteId: r.quoteId,
      revision: r.revision,
      receivedAt: r.receivedAt,
      leadTimeDays: r.leadTimeDays,
      currency: r.currency,
      subtotal: r.subtotal,
      pricedLines: own.filter((l) => !l.no_bid).length,
      prices: Object.fromEntries(
        own.map((l) => [l.rfq_line_id, { unitPrice: l.unit_price, lineTotal: l.line_total, noBid: l.no_bid }]),
      ),
      lowest: false,
    };
  });
  // The lowest total among quotes that price every line (a partial quote is not comparable on total).
  const complete = columns.filter((c) => c.pricedLines === lines.length);
  const lowest = complete.reduce<ComparisonColumn | null>(
    (best, c) => (best === null || compare(c.subtotal, best.subtotal) < 0 ? c : best),
    null,
  );
  if (lowest)
    for (const c of columns) c.lowest = compare(c.subtotal, lowest.subtotal) === 0 && c.pricedLines === lines.length;
  await appendAuditEvent(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    entityType: "rfq",
    entityId: rfqId,
    event: "QUOTES_COMPARED",
  });
  return { rfq, lines, columns };
}

export async function logSealedReadRefused(db: Db, actor: Actor, rfqId: string, where: string) {
  await appendAuditEvent(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    entityType: "rfq",
    entityId: rfqId,
    event: "SEALED_READ_REFUSED",
    data: { where, role: actor.role },
  });
}
