/**
 * Files on quotes: attached while the supplier edits, part of the revision
 * they were submitted with. The quoting supplier always opens its own; the
 * buyer's organisation only once the RFQ is closed, and every refused
 * attempt is logged like any sealed read.
 */
import { msg } from "../../i18n/config";
import type { Db } from "../../../db/client.server";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { FormError } from "../../utils/errors";
import { notFound } from "../../utils/http.server";
import { subject } from "../../auth/ability";
import { ATTACHMENTS_PER_QUOTE, checkAttachment, insertAttachment } from "../shared/attachments.server";
import { LISTED } from "../shared/attachments.server";
import { RECEIVED_STATUSES, ensureQuote, lockInvitation } from "./quote.server";
import { logSealedReadRefused } from "./sealed.server";
import type { Trx } from "../../../db/client.server";
import { inTransaction, type Ctx } from "../shared/context.server";
import { loadRfqFor } from "./rfq.server";

/** Files attached to a quote and not yet submitted; the caller has scoped the quote to its supplier. */
export async function listPendingQuoteAttachments(db: Db | Trx, quoteId: string) {
  return db
    .selectFrom("attachments")
    .where("owner_type", "=", "quote")
    .where("owner_id", "=", quoteId)
    .select(LISTED)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Files received with each of these revisions, keyed by revision id; the caller has been allowed to see them. */
export async function listRevisionAttachments(db: Db | Trx, revisionIds: readonly string[]) {
  if (revisionIds.length === 0)
    return new Map<string, { id: string; filename: string; size_bytes: number; sha256: string }[]>();
  const rows = await db
    .selectFrom("attachments")
    .where("owner_type", "=", "quote_revision")
    .where("owner_id", "in", [...revisionIds])
    .select([...LISTED, "owner_id"])
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const out = new Map<string, { id: string; filename: string; size_bytes: number; sha256: string }[]>();
  for (const r of rows) out.set(r.owner_id, [...(out.get(r.owner_id) ?? []), r]);
  return out;
}

/**
 * Submitting a quote hands the files attached while editing to the new
 * revision: from then on they are part of what was received, unsealed with
 * it, and the next revision starts with no pending files.
 */
export async function attachPendingToRevision(trx: Trx, quoteId: string, revisionId: string): Promise<number> {
  const moved = await trx
    .updateTable("attachments")
    .set({ owner_type: "quote_revision", owner_id: revisionId })
    .where("owner_type", "=", "quote")
    .where("owner_id", "=", quoteId)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

/**
 * Attaches a file to the supplier's quote. It waits on the quote, seen only
 * by the supplier, until the next submission makes it part of that revision.
 */
export async function addQuoteAttachment(
  ctx: Ctx,
  { rfqId, file }: { rfqId: string; file: { name: string; bytes: Uint8Array } },
) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, rfqId, "read");
  return inTransaction(ctx, async (trx) => {
    const { rfq } = await lockInvitation(trx, actor, rfqId);
    if (rfq.status !== "open" || new Date(rfq.deadline).getTime() <= at.getTime()) {
      throw new FormError({ attachment: msg("Files can be attached only while the RFQ is open for quotes.") });
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
export async function removeQuoteAttachment(
  ctx: Ctx,
  { rfqId, attachmentId }: { rfqId: string; attachmentId: string },
) {
  const { actor } = ctx;
  await loadRfqFor(ctx, rfqId, "read");
  return inTransaction(ctx, async (trx) => {
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
export async function getQuoteAttachment(ctx: Ctx, { rfqId, attachmentId }: { rfqId: string; attachmentId: string }) {
  const { db, ability } = ctx;
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
  // The quoting supplier's own file, sent or not: only the quote's supplier may "quote" on it.
  const own = ability.can(
    "quote",
    subject("Quote", { supplier_org_id: file.supplier_org_id, buyer_org_id: file.buyer_org_id }),
  );
  if (own) return file;
  const sealed = rfq.closed_at === null;
  const probe = subject("Quote", {
    buyer_org_id: file.buyer_org_id,
    supplier_org_id: file.supplier_org_id,
    rfq_id: rfqId,
    sealed,
  });
  if (!ability.can("readPrices", probe)) {
    await logSealedReadRefused(ctx, { rfqId, ownerOrgId: rfq.org_id, where: "quote_attachment" });
    if (!ability.can("read", probe)) throw notFound("No such file.");
    throw new Response(
      sealed
        ? msg("Quotes are sealed until the RFQ closes at its deadline. Their files cannot be opened yet.")
        : msg("You are not allowed to open quote files."),
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
  ctx: Ctx,
  { rfq }: { rfq: { id: string; org_id: string; closed_at: Date | null } },
) {
  const { db, ability } = ctx;
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
