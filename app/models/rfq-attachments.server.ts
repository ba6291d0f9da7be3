/**
 * Files attached to an RFQ (specifications, drawings). The type is decided
 * by the file's extension and confirmed by its first bytes, never taken
 * from the browser; each file is stored with its SHA-256 so a buyer and a
 * supplier can confirm they hold the same drawing. Files are read only
 * through `getRfqAttachment`, which applies the RFQ's own access rules.
 */
import { createHash } from "node:crypto";

import type { Db } from "../../db/client.server";
import { appendAuditEvent } from "../../workflows/audit.server";
import type { Actor, AppAbility } from "../auth/ability";
import { FormError } from "../utils/errors";
import { notFound } from "../utils/http.server";

import { loadRfqFor } from "./rfq.server";

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_RFQ = 20;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Extension -> stored content type and the magic bytes the file must start with. */
const TYPES: Record<string, { contentType: string; magic: (bytes: Uint8Array) => boolean }> = {
  pdf: { contentType: "application/pdf", magic: (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]) },
  png: { contentType: "image/png", magic: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { contentType: "image/jpeg", magic: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  jpeg: { contentType: "image/jpeg", magic: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  gif: { contentType: "image/gif", magic: (b) => startsWith(b, [0x47, 0x49, 0x46, 0x38]) },
  webp: {
    contentType: "image/webp",
    magic: (b) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  },
  docx: {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    magic: (b) => startsWith(b, ZIP),
  },
  xlsx: {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    magic: (b) => startsWith(b, ZIP),
  },
  pptx: {
    contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    magic: (b) => startsWith(b, ZIP),
  },
  odt: { contentType: "application/vnd.oasis.opendocument.text", magic: (b) => startsWith(b, ZIP) },
  ods: { contentType: "application/vnd.oasis.opendocument.spreadsheet", magic: (b) => startsWith(b, ZIP) },
  doc: { contentType: "application/msword", magic: (b) => startsWith(b, OLE) },
  xls: { contentType: "application/vnd.ms-excel", magic: (b) => startsWith(b, OLE) },
};

export const ATTACHMENT_EXTENSIONS = Object.keys(TYPES);

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** A name safe to store and to send back in a header: no path, no control characters. */
function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const printable = [...base].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"');
  return printable.join("").trim().slice(0, 200);
}

export async function addRfqAttachment(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  rfqId: string,
  file: { name: string; bytes: Uint8Array },
) {
  const rfq = await loadRfqFor(db, actor, ability, rfqId, "update");
  if (rfq.status !== "draft" && rfq.status !== "open") {
    throw new FormError({
      attachment: `Files can be attached only to a draft or open RFQ; this one is ${rfq.status}.`,
    });
  }
  const filename = cleanFilename(file.name);
  const extension = filename.includes(".") ? filename.split(".").pop()!.toLowerCase() : "";
  const type = TYPES[extension];
  if (!filename || !type) {
    throw new FormError({
      attachment: `Attach PDF, image or office files (${ATTACHMENT_EXTENSIONS.join(", ")}).`,
    });
  }
  if (file.bytes.byteLength === 0) throw new FormError({ attachment: "The file is empty." });
  if (file.bytes.byteLength > ATTACHMENT_MAX_BYTES)
    throw new FormError({ attachment: "The file is larger than 10 MB." });
  if (!type.magic(file.bytes)) {
    throw new FormError({
      attachment: `The file's content is not ${extension.toUpperCase()}; check that it is not damaged or renamed.`,
    });
  }
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  return db.transaction().execute(async (trx) => {
    // Counted under the RFQ's row lock so two uploads at once cannot both take the last place.
    await trx.selectFrom("rfqs").where("id", "=", rfqId).select("id").forUpdate().executeTakeFirstOrThrow();
    const { n } = await trx
      .selectFrom("attachments")
      .where("owner_type", "=", "rfq")
      .where("owner_id", "=", rfqId)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    if (Number(n) >= ATTACHMENTS_PER_RFQ) {
      throw new FormError({ attachment: `An RFQ can have at most ${ATTACHMENTS_PER_RFQ} files.` });
    }
    const row = await trx
      .insertInto("attachments")
      .values({
        org_id: rfq.org_id,
        owner_type: "rfq",
        owner_id: rfqId,
        filename,
        content_type: type.contentType,
        size_bytes: file.bytes.byteLength,
        sha256,
        content: file.bytes,
        uploaded_by: actor.userId,
      })
      .returning(["id"])
      .executeTakeFirstOrThrow();
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
export async function listRfqAttachments(db: Db, rfqId: string) {
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
export async function getRfqAttachment(db: Db, actor: Actor, ability: AppAbility, rfqId: string, attachmentId: string) {
  await loadRfqFor(db, actor, ability, rfqId, "read");
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
