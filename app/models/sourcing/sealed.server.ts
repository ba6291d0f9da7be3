/**
 * Sealed bids: every submitted quote's prices, read only by whoever may
 * read them now (the buying organisation once the RFQ is closed); every
 * refused attempt is written to the audit log.
 */
import { msg } from "../../i18n/config";
import { onCurrentRevision } from "../shared/sql.server";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { subject } from "../../auth/ability";
import { notFound } from "../../utils/http.server";
import { type Ctx } from "../shared/context.server";

/** The audit event of a refused sealed read. */
export const SEALED_READ_REFUSED = "SEALED_READ_REFUSED";

/** Which read of sealed data was refused: the comparison (page and CSV) or a quote's file. */
export type SealedReadPlace = "compare" | "quote_attachment";

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
}

/**
 * The side-by-side view of every submitted quote. Refused, and the attempt
 * logged, while the bids are sealed.
 */
export async function readSealedQuotes(ctx: Ctx, { rfqId }: { rfqId: string }) {
  const { db, ability } = ctx;
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
    await logSealedReadRefused(ctx, { rfqId: rfq.id, ownerOrgId: rfq.org_id, where: "compare" });
    if (!ability.can("read", tagged)) throw notFound("No such RFQ.");
    // "Sealed" is only news to whoever may compare once it closes; an invited supplier never may.
    throw new Response(
      sealed && ability.can("compare", tagged)
        ? msg("Quotes are sealed until the RFQ closes at its deadline. Prices cannot be shown yet.")
        : msg("You are not allowed to compare quotes."),
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
    .innerJoin("quote_revisions", onCurrentRevision)
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

  // Grouped once: filtering all lines per revision grows with suppliers × lines.
  const linesByRevision = new Map<string, typeof quoteLines>();
  for (const l of quoteLines) {
    const list = linesByRevision.get(l.revision_id);
    if (list) list.push(l);
    else linesByRevision.set(l.revision_id, [l]);
  }
  const columns: ComparisonColumn[] = revisions.map((r) => {
    const own = linesByRevision.get(r.revisionId) ?? [];
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
    };
  });
  // Reading writes nothing: a GET that writes (an audit row per view, then per day) costs every view a
  // write and a check; the award records who decided, refused reads are still logged above.
  return { rfq, lines, columns };
}

/**
 * Logs a refused read of sealed quotes under the RFQ owner's organisation,
 * where its auditors look, whoever tried: its own people without the right,
 * an invited supplier, or another tenant (who still only hears 404). With
 * who (user and their organisation), what, when (the event's time) and from
 * where (peer address and user agent, when the request gave them).
 */
export async function logSealedReadRefused(
  ctx: Ctx,
  { rfqId, ownerOrgId, where }: { rfqId: string; ownerOrgId: string; where: SealedReadPlace },
) {
  const { db, actor, origin } = ctx;
  await appendAuditEvent(db, {
    orgId: ownerOrgId,
    actorId: actor.userId,
    entityType: "rfq",
    entityId: rfqId,
    event: SEALED_READ_REFUSED,
    data: {
      where,
      role: actor.roles.join(","),
      actorOrgId: actor.orgId,
      address: origin?.address ?? null,
      userAgent: origin?.userAgent ?? null,
    },
  });
}
