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
import { StaleVersionError } from "../../workflows/errors";
import { runTransition } from "../../workflows/run-transition.server";
import { subject, type Actor, type AppAbility } from "../auth/ability";
import { FormError } from "../utils/errors";
import { notFound } from "../utils/http.server";
import { lineTotal, sum, toDecimal } from "../utils/money";

import {
  ATTACHMENTS_PER_QUOTE,
  attachPendingToRevision,
  checkAttachment,
  insertAttachment,
  listPendingQuoteAttachments,
  listRevisionAttachments,
} from "./attachments.server";
import { transitionInvitation } from "./invitation.server";
import { quoteDraftSchema, type QuoteDraft, type QuoteFormInput } from "./quote.schema";

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
export async function getOwnQuoteForm(db: Db, actor: Actor, rfqId: string) {
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

/** The invited supplier's invitation, with the RFQ share-locked against a concurrent close; 404 otherwise. */
async function lockInvitation(trx: Trx, actor: Actor, rfqId: string) {
  const rfq = await trx
    .selectFrom("rfqs")
    .where("id", "=", rfqId)
    .select(["id", "org_id", "currency", "status", "deadline"])
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
  return { rfq, invitation };
}

/** The supplier's one quote on this RFQ, created (as a draft) on first use. */
async function ensureQuote(trx: Trx, actor: Actor, rfq: { id: string; org_id: string; currency: string }) {
  await trx
    .insertInto("quotes")
    .values({
      rfq_id: rfq.id,
      buyer_org_id: rfq.org_id,
      supplier_org_id: actor.orgId,
      currency: rfq.currency,
      workflow_version: quoteWorkflow.version,
    })
    .onConflict((oc) => oc.columns(["rfq_id", "supplier_org_id"]).doNothing())
    .execute();
  return trx
    .selectFrom("quotes")
    .where("rfq_id", "=", rfq.id)
    .where("supplier_org_id", "=", actor.orgId)
    .select(["id", "current_revision", "status", "version"])
    .executeTakeFirstOrThrow();
}

/**
 * Keeps what the supplier typed without sending it (SAVE_DRAFT). Nothing is
 * received: no revision is numbered and the buyer sees no answer yet.
 */
export async function saveQuoteDraft(db: Db, actor: Actor, rfqId: string, draft: QuoteDraft, at: Date) {
  return db.transaction().execute(async (trx) => {
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
export async function withdrawQuote(db: Db, actor: Actor, rfqId: string, version: number, at: Date) {
  return db.transaction().execute(async (trx) => {
    const { invitation } = await lockInvitation(trx, actor, rfqId);
    const quote = await trx
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", actor.orgId)
      .select(["id", "version"])
      .executeTakeFirst();
    if (!quote) throw new FormError({ form: "You have not submitted a quote, so there is nothing to withdraw." });
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
export async function declineRfq(db: Db, actor: Actor, rfqId: string, reason: string, at: Date) {
  return db.transaction().execute(async (trx) => {
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
export async function submitQuote(db: Db, actor: Actor, rfqId: string, input: QuoteFormInput, at: Date) {
  return db.transaction().execute(async (trx) => {
    const { rfq, invitation } = await lockInvitation(trx, actor, rfqId);

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

    const priced = input.lines.map((line) => {
      const quantity = quantities.get(line.rfqLineId) as string;
      const unitPrice = line.noBid ? null : line.unitPrice;
      return { ...line, unitPrice, total: unitPrice === null ? null : lineTotal(quantity, unitPrice, currency) };
    });
    const subtotal = sum(
      priced.flatMap((l) => (l.total === null ? [] : [l.total])),
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

export interface RevisionFile {
  id: string;
  filename: string;
  size_bytes: number;
  sha256: string;
}

export interface RevisionView {
  revision: number;
  /** ISO 4217 code the revision's amounts are in. */
  currency: string;
  /** Files received with this revision. */
  files: RevisionFile[];
  receivedAt: Date;
  submittedBy: string;
  terms: Record<RevisionTerm, string>;
  lines: Record<string, Record<LineTerm, string>>;
}

type RevisionTerm =
  | "Currency"
  | "Lead time (days)"
  | "Freight"
  | "Other charges"
  | "Valid until"
  | "Payment terms"
  | "Incoterm"
  | "Notes"
  | "Subtotal";
type LineTerm = "Unit price" | "Minimum order quantity" | "Alternate offer";

export interface RevisionChange {
  /** "Freight", or "Hex nut M8: Unit price". */
  what: string;
  from: string;
  to: string;
}

const asText = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "—" : String(v));
const asAmount = (v: string | null) => (v === null ? "—" : toDecimal(v).toString());

/**
 * The supplier's own revisions, newest first, with what each said. Only the
 * supplier's organisation can reach these rows: the query is scoped by it.
 */
export async function getOwnRevisionHistory(db: Db, actor: Actor, rfqId: string) {
  const quote = await db
    .selectFrom("quotes")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "=", actor.orgId)
    .select(["id", "status", "current_revision"])
    .executeTakeFirst();
  if (!quote) return { quote: null, revisions: [] as RevisionView[] };
  const rfqLines = await db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", rfqId)
    .select(["id", "position", "item_name"])
    .orderBy("position")
    .execute();
  const revisions = await db
    .selectFrom("quote_revisions")
    .innerJoin("users", "users.id", "quote_revisions.submitted_by")
    .where("quote_revisions.quote_id", "=", quote.id)
    .selectAll("quote_revisions")
    .select("users.name as submittedByName")
    .orderBy("quote_revisions.revision", "desc")
    .execute();
  const lines = revisions.length
    ? await db
        .selectFrom("quote_lines")
        .where(
          "revision_id",
          "in",
          revisions.map((r) => r.id),
        )
        .selectAll()
        .execute()
    : [];
  const files = await listRevisionAttachments(
    db,
    revisions.map((r) => r.id),
  );
  const views: RevisionView[] = revisions.map((r) => ({
    revision: r.revision,
    currency: r.currency,
    files: (files.get(r.id) ?? []).map(({ id, filename, size_bytes, sha256 }) => ({
      id,
      filename,
      size_bytes,
      sha256,
    })),
    receivedAt: r.received_at,
    submittedBy: r.submittedByName,
    terms: {
      Currency: r.currency,
      "Lead time (days)": asText(r.lead_time_days),
      Freight: asAmount(r.freight),
      "Other charges": asAmount(r.other_charges),
      "Valid until": asText(r.valid_until),
      "Payment terms": asText(r.payment_terms),
      Incoterm: asText(r.incoterm),
      Notes: asText(r.notes),
      Subtotal: asAmount(r.subtotal),
    },
    lines: Object.fromEntries(
      rfqLines.map((rl) => {
        const l = lines.find((x) => x.revision_id === r.id && x.rfq_line_id === rl.id);
        return [
          `${rl.position}. ${rl.item_name}`,
          {
            "Unit price": l?.no_bid ? "No bid" : asAmount(l?.unit_price ?? null),
            "Minimum order quantity": asAmount(l?.min_order_quantity ?? null),
            "Alternate offer": asText(l?.alternate_offer),
          },
        ];
      }),
    ),
  }));
  return { quote, revisions: views };
}

/** What changed from one revision to another, term by term and line by line. */
export function diffRevisions(from: RevisionView, to: RevisionView): RevisionChange[] {
  const changes: RevisionChange[] = [];
  for (const key of Object.keys(to.terms) as RevisionTerm[]) {
    if (from.terms[key] !== to.terms[key]) changes.push({ what: key, from: from.terms[key], to: to.terms[key] });
  }
  for (const [line, terms] of Object.entries(to.lines)) {
    for (const key of Object.keys(terms) as LineTerm[]) {
      const before = from.lines[line]?.[key] ?? "—";
      if (before !== terms[key]) changes.push({ what: `${line}: ${key}`, from: before, to: terms[key] });
    }
  }
  return changes;
}

/** Quote statuses whose received revisions the buyer may read once the RFQ is closed. */
const RECEIVED_STATUSES = ["submitted", "awarded", "partially_awarded", "not_awarded"];

/**
 * Attaches a file to the supplier's quote. It waits on the quote, seen only
 * by the supplier, until the next submission makes it part of that revision.
 */
export async function addQuoteAttachment(
  db: Db,
  actor: Actor,
  rfqId: string,
  file: { name: string; bytes: Uint8Array },
  at: Date,
) {
  return db.transaction().execute(async (trx) => {
    const { rfq } = await lockInvitation(trx, actor, rfqId);
    if (rfq.status !== "open" || new Date(rfq.deadline).getTime() <= at.getTime()) {
      throw new FormError({ attachment: "Files can be attached only while the RFQ is open for quotes." });
    }
    const checked = checkAttachment(file);
    const quote = await ensureQuote(trx, actor, rfq);
    await trx.selectFrom("quotes").where("id", "=", quote.id).select("id").forUpdate().executeTakeFirstOrThrow();
    const row = await insertAttachment(trx, {
      orgId: actor.orgId,
      owner: { type: "quote", id: quote.id, limit: ATTACHMENTS_PER_QUOTE, noun: "A quote" },
      file: checked,
      uploadedBy: actor.userId,
    });
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "quote",
      entityId: quote.id,
      event: "ATTACHMENT_ADDED",
      data: {
        attachmentId: row.id,
        filename: checked.filename,
        sha256: checked.sha256,
        size: checked.bytes.byteLength,
      },
    });
    return { id: row.id, sha256: checked.sha256 };
  });
}

/** Removes a file not yet submitted; a submitted revision's files are kept as received. */
export async function removeQuoteAttachment(db: Db, actor: Actor, rfqId: string, attachmentId: string) {
  return db.transaction().execute(async (trx) => {
    await lockInvitation(trx, actor, rfqId);
    const quote = await trx
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", actor.orgId)
      .select("id")
      .executeTakeFirst();
    const removed = quote
      ? await trx
          .deleteFrom("attachments")
          .where("id", "=", attachmentId)
          .where("owner_type", "=", "quote")
          .where("owner_id", "=", quote.id)
          .returning(["filename", "sha256"])
          .executeTakeFirst()
      : undefined;
    if (!quote || !removed) throw notFound("No such file.");
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "quote",
      entityId: quote.id,
      event: "ATTACHMENT_REMOVED",
      data: { attachmentId, filename: removed.filename, sha256: removed.sha256 },
    });
  });
}

/**
 * One file of a quote. The quoting supplier always gets its own; the
 * buyer's organisation (buyer, finance) only files received with a revision
 * of a standing quote, and only once the RFQ is closed: before that the
 * attempt is refused (403) and logged like any sealed read. Anyone else,
 * another supplier included, gets a 404, and the attempt is logged too.
 */
export async function getQuoteAttachment(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  rfqId: string,
  attachmentId: string,
) {
  const rfq = await db
    .selectFrom("rfqs")
    .where("id", "=", rfqId)
    .select(["id", "org_id", "closed_at"])
    .executeTakeFirst();
  const file = rfq
    ? await db
        .selectFrom("attachments")
        .leftJoin("quote_revisions", (join) =>
          join
            .onRef("quote_revisions.id", "=", "attachments.owner_id")
            .on("attachments.owner_type", "=", "quote_revision"),
        )
        .innerJoin("quotes", (join) =>
          join.on((eb) =>
            eb.or([
              eb.and([
                eb("attachments.owner_type", "=", "quote"),
                eb("quotes.id", "=", eb.ref("attachments.owner_id")),
              ]),
              eb("quotes.id", "=", eb.ref("quote_revisions.quote_id")),
            ]),
          ),
        )
        .where("attachments.id", "=", attachmentId)
        .where("quotes.rfq_id", "=", rfqId)
        .select([
          "attachments.owner_type",
          "attachments.filename",
          "attachments.content_type",
          "attachments.size_bytes",
          "attachments.sha256",
          "attachments.content",
          "quotes.supplier_org_id",
          "quotes.buyer_org_id",
          "quotes.status",
        ])
        .executeTakeFirst()
    : undefined;
  if (!rfq || !file) throw notFound("No such file.");
  const own = actor.role === "supplier" && file.supplier_org_id === actor.orgId;
  if (own) return file;
  const sealed = rfq.closed_at === null;
  const probe = subject("Quote", {
    buyer_org_id: file.buyer_org_id,
    supplier_org_id: file.supplier_org_id,
    rfq_id: rfqId,
    sealed,
  });
  if (!ability.can("readPrices", probe)) {
    await logSealedReadRefused(db, actor, rfqId, "quote_attachment");
    if (!ability.can("read", probe)) throw notFound("No such file.");
    throw new Response(
      sealed
        ? "Quotes are sealed until the RFQ closes at its deadline. Their files cannot be opened yet."
        : "You are not allowed to open quote files.",
      { status: 403 },
    );
  }
  // A file never submitted, or of a withdrawn quote, was never received.
  if (file.owner_type !== "quote_revision" || !RECEIVED_STATUSES.includes(file.status)) throw notFound("No such file.");
  return file;
}

/**
 * The buyer's list of files received with the quotes, per supplier and
 * revision, once the RFQ is closed; empty while bids are sealed or for
 * anyone who may not read the prices.
 */
export async function listReceivedQuoteFiles(
  db: Db,
  ability: AppAbility,
  rfq: { id: string; org_id: string; closed_at: Date | null },
) {
  const probe = subject("Quote", {
    buyer_org_id: rfq.org_id,
    supplier_org_id: "",
    rfq_id: rfq.id,
    sealed: rfq.closed_at === null,
  });
  if (!ability.can("readPrices", probe)) return [];
  const revisions = await db
    .selectFrom("quote_revisions")
    .innerJoin("quotes", "quotes.id", "quote_revisions.quote_id")
    .innerJoin("organisations", "organisations.id", "quotes.supplier_org_id")
    .where("quotes.rfq_id", "=", rfq.id)
    .where("quotes.buyer_org_id", "=", rfq.org_id)
    .where("quotes.status", "in", RECEIVED_STATUSES)
    .select(["quote_revisions.id", "quote_revisions.revision", "organisations.name as supplierName"])
    .orderBy("organisations.name")
    .orderBy("quote_revisions.revision")
    .execute();
  const files = await listRevisionAttachments(
    db,
    revisions.map((r) => r.id),
  );
  return revisions.flatMap((r) =>
    (files.get(r.id) ?? []).map((f) => ({
      id: f.id,
      filename: f.filename,
      size_bytes: f.size_bytes,
      sha256: f.sha256,
      supplierName: r.supplierName,
      revision: r.revision,
    })),
  );
}
