/**
 * Files people attach (to RFQs and quotes): size and count limits, the type
 * read from the bytes rather than trusted from the name, a clean file name
 * and the SHA-256 that the audit trail records.
 */
import { createHash } from "node:crypto";
import { FormError } from "../../utils/errors";
import type { Trx } from "../../../db/client.server";

import { ATTACHMENT_MAX_BYTES } from "./attachment.schema";
import { msg } from "../../i18n/config";

export { ATTACHMENT_MAX_BYTES };

export const ATTACHMENTS_PER_RFQ = 20;

/** Files a supplier may attach to one quote revision (and to its unsent draft). */
export const ATTACHMENTS_PER_QUOTE = 20;

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

export interface CheckedFile {
  filename: string;
  contentType: string;
  sha256: string;
  bytes: Uint8Array;
}

/** The file's name, type (confirmed by its content), size and SHA-256; a field error on `attachment` otherwise. */
export function checkAttachment(file: { name: string; bytes: Uint8Array }): CheckedFile {
  const filename = cleanFilename(file.name);
  const extension = filename.includes(".") ? filename.split(".").pop()!.toLowerCase() : "";
  const type = TYPES[extension];
  if (!filename || !type) {
    throw new FormError({
      attachment: `Attach PDF, image or office files (${ATTACHMENT_EXTENSIONS.join(", ")}).`,
    });
  }
  if (file.bytes.byteLength === 0) throw new FormError({ attachment: msg("The file is empty.") });
  if (file.bytes.byteLength > ATTACHMENT_MAX_BYTES)
    throw new FormError({ attachment: msg("The file is larger than 10 MB.") });
  if (!type.magic(file.bytes)) {
    throw new FormError({
      attachment: `The file's content is not ${extension.toUpperCase()}; check that it is not damaged or renamed.`,
    });
  }
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  return { filename, contentType: type.contentType, sha256, bytes: file.bytes };
}

/**
 * Stores a checked file for its owner, refusing one over the owner's limit.
 * The caller holds a lock on the owner's row, so two uploads at once cannot
 * both take the last place.
 */
export async function insertAttachment(
  trx: Trx,
  options: {
    orgId: string;
    owner: { type: "rfq" | "quote" | "supplier_document"; id: string; limit: number; noun: string };
    file: CheckedFile;
    uploadedBy: string;
  },
) {
  const { owner, file } = options;
  const { n } = await trx
    .selectFrom("attachments")
    .where("owner_type", "=", owner.type)
    .where("owner_id", "=", owner.id)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(n) >= owner.limit) {
    throw new FormError({ attachment: `${owner.noun} can have at most ${owner.limit} files.` });
  }
  return trx
    .insertInto("attachments")
    .values({
      org_id: options.orgId,
      owner_type: owner.type,
      owner_id: owner.id,
      filename: file.filename,
      content_type: file.contentType,
      size_bytes: file.bytes.byteLength,
      sha256: file.sha256,
      content: file.bytes,
      uploaded_by: options.uploadedBy,
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

/** The columns a file list shows; never the content. */
export const LISTED = ["id", "filename", "content_type", "size_bytes", "sha256", "created_at"] as const;
