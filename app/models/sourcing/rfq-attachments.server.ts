/** Files the buyer attaches to an RFQ, readable by whoever may read the RFQ. */
import { appendAuditEvent } from "../../../workflows/audit.server";
import { FormError } from "../../utils/errors";
import { notFound } from "../../utils/http.server";
import { loadRfqFor } from "./rfq.server";
import { ATTACHMENTS_PER_RFQ, checkAttachment, insertAttachment } from "../shared/attachments.server";
import { inTransaction, type Ctx } from "../shared/context.server";

/** Files are added while the RFQ is being written or answered, never once the bids are in. */
export function acceptsAttachments(status: string): boolean {
  return status === "draft" || status === "open";
}

export async function addRfqAttachment(
  ctx: Ctx,
  { rfqId, file }: { rfqId: string; file: { name: string; bytes: Uint8Array } },
) {
  const { actor } = ctx;
  const rfq = await loadRfqFor(ctx, rfqId, "update");
  if (!acceptsAttachments(rfq.status)) {
    throw new FormError({
      attachment: `Files can be attached only to a draft or open RFQ; this one is ${rfq.status}.`,
    });
  }
  const checked = checkAttachment(file);
  const { filename, sha256 } = checked;
  return inTransaction(ctx, async (trx) => {
    await trx.selectFrom("rfqs").where("id", "=", rfqId).select("id").forUpdate().executeTakeFirstOrThrow();
    const row = await insertAttachment(trx, {
      orgId: rfq.org_id,
      owner: { type: "rfq", id: rfqId, limit: ATTACHMENTS_PER_RFQ, noun: "An RFQ" },
      file: checked,
      uploadedBy: actor.userId,
    });
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "rfq",
      entityId: rfqId,
      event: "ATTACHMENT_ADDED",
      data: { attachmentId: row.id, filename, sha256, size: file.bytes.byteLength },
    });
    return { id: row.id, sha256 };
  });
}

/** The list shown on the RFQ page; the caller has already been allowed to read the RFQ. */
export async function listRfqAttachments(ctx: Ctx, { rfqId }: { rfqId: string }) {
  const { db } = ctx;
  await loadRfqFor(ctx, rfqId, "read");
  return db
    .selectFrom("attachments")
    .where("owner_type", "=", "rfq")
    .where("owner_id", "=", rfqId)
    .select(["id", "filename", "content_type", "size_bytes", "sha256", "created_at"])
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** One file, for whoever may read the RFQ (buyer's organisation, invited suppliers once published); 404 otherwise. */
export async function getRfqAttachment(ctx: Ctx, { rfqId, attachmentId }: { rfqId: string; attachmentId: string }) {
  const { db } = ctx;
  await loadRfqFor(ctx, rfqId, "read");
  const file = await db
    .selectFrom("attachments")
    .where("id", "=", attachmentId)
    .where("owner_type", "=", "rfq")
    .where("owner_id", "=", rfqId)
    .select(["filename", "content_type", "size_bytes", "sha256", "content"])
    .executeTakeFirst();
  if (!file) throw notFound("No such file.");
  return file;
}
