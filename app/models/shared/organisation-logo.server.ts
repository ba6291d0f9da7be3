/**
 * The organisation's logo for its PO PDFs: PNG or JPEG, recognised by its
 * bytes (the file name and the browser's type are never trusted), within
 * the size limit, with sane dimensions, and decodable, so a PDF never fails
 * to render because of a logo. Replacing and removing it are audited.
 */
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";

import { FormError } from "../../utils/errors";
import { appendAuditEvent } from "../../../workflows/audit.server";
import type { Db } from "../../../db/client.server";

import { inTransaction, type Ctx } from "./context.server";
import { LOGO_MAX_BYTES, LOGO_TOO_LARGE } from "./organisation-settings.schema";
import { loadOrganisationFor } from "./organisation-settings.server";
import { msg, msgWith } from "../../i18n/config";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SOI = [0xff, 0xd8, 0xff];
/** Larger than any logo needs; keeps a small file from unpacking into a huge bitmap. */
const MAX_SIDE = 2000;

const refuse = (message: string) => new FormError({ attachment: message });

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Every IDAT chunk of a PNG, joined; throws on a chunk running past the end. */
function pngImageData(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 8;
  while (pos + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString("latin1", pos + 4, pos + 8);
    if (pos + 12 + length > bytes.length) throw new Error("truncated chunk");
    if (type === "IDAT") parts.push(bytes.subarray(pos + 8, pos + 8 + length));
    if (type === "IEND") return Buffer.concat(parts);
    pos += 12 + length;
  }
  throw new Error("no IEND chunk");
}

export interface CheckedLogo {
  contentType: "image/png" | "image/jpeg";
  bytes: Buffer;
  width: number;
  height: number;
  sha256: string;
}

/** The logo's type and size from its bytes; a field error on the file input for anything else. */
export async function checkLogo(input: Uint8Array): Promise<CheckedLogo> {
  if (input.length === 0) throw refuse(msg("Choose a PNG or JPEG file."));
  if (input.length > LOGO_MAX_BYTES) throw refuse(LOGO_TOO_LARGE);
  const bytes = Buffer.from(input);
  const contentType = startsWith(bytes, PNG_SIGNATURE)
    ? "image/png"
    : startsWith(bytes, JPEG_SOI)
      ? "image/jpeg"
      : null;
  if (!contentType) throw refuse(msg("The logo must be a PNG or JPEG image; this file is neither."));
  // Loaded with the first logo, not at start: pdfkit (with fontkit) is about 28 MB resident
  // that a server showing pages never needs (see app/documents/fonts.server.ts).
  const { default: PDFDocument } = await import("pdfkit");
  let width: number;
  let height: number;
  try {
    // pdfkit reads the header the PDF will use: what it cannot open, no PO could print.
    const pdf = new PDFDocument({ autoFirstPage: false }) as unknown as {
      openImage(src: Buffer): { width: number; height: number };
    };
    const image = pdf.openImage(bytes);
    width = image.width;
    height = image.height;
    if (!(width > 0 && height > 0)) throw new Error("no size");
    if (width > MAX_SIDE || height > MAX_SIDE) {
      throw refuse(
        msgWith("The logo is {{width}} × {{height}} pixels; keep it within {{max}} × {{max}}.", {
          width,
          height,
          max: MAX_SIDE,
        }),
      );
    }
    if (contentType === "image/png") {
      // The header can be fine while the pixels are cut off: unpack them, bounded, to be sure.
      inflateSync(pngImageData(bytes), { maxOutputLength: height * (1 + width * 8) + 1024 });
    }
  } catch (error) {
    if (error instanceof FormError) throw error;
    throw refuse(msg("The logo could not be read as an image. Save it again as PNG or JPEG."));
  }
  return { contentType, bytes, width, height, sha256: createHash("sha256").update(bytes).digest("hex") };
}

export async function uploadLogo(ctx: Ctx, { bytes }: { bytes: Uint8Array }) {
  const logo = await checkLogo(bytes);
  return inTransaction(ctx, async (trx, tx) => {
    const org = await loadOrganisationFor(tx, "update");
    const before = await trx
      .selectFrom("organisation_logos")
      .where("org_id", "=", org.id)
      .select("sha256")
      .forUpdate()
      .executeTakeFirst();
    const values = {
      content_type: logo.contentType,
      content: logo.bytes,
      size_bytes: logo.bytes.length,
      width: logo.width,
      height: logo.height,
      sha256: logo.sha256,
      uploaded_by: ctx.actor.userId,
      uploaded_at: ctx.now,
    };
    await trx
      .insertInto("organisation_logos")
      .values({ org_id: org.id, ...values })
      .onConflict((oc) => oc.column("org_id").doUpdateSet(values))
      .execute();
    await appendAuditEvent(trx, {
      orgId: org.id,
      actorId: ctx.actor.userId,
      entityType: "organisation",
      entityId: org.id,
      event: before ? "REPLACE_LOGO" : "ADD_LOGO",
      data: {
        contentType: logo.contentType,
        sizeBytes: logo.bytes.length,
        width: logo.width,
        height: logo.height,
        sha256: logo.sha256,
        ...(before ? { previousSha256: before.sha256 } : {}),
      },
    });
  });
}

export async function removeLogo(ctx: Ctx) {
  return inTransaction(ctx, async (trx, tx) => {
    const org = await loadOrganisationFor(tx, "update");
    const removed = await trx
      .deleteFrom("organisation_logos")
      .where("org_id", "=", org.id)
      .returning("sha256")
      .executeTakeFirst();
    if (!removed) return;
    await appendAuditEvent(trx, {
      orgId: org.id,
      actorId: ctx.actor.userId,
      entityType: "organisation",
      entityId: org.id,
      event: "REMOVE_LOGO",
      data: { sha256: removed.sha256 },
    });
  });
}

/** The logo's bytes for a document of this organisation; null when it has none. */
export async function logoForDocuments(db: Db, orgId: string): Promise<{ bytes: Buffer; contentType: string } | null> {
  const row = await db
    .selectFrom("organisation_logos")
    .where("org_id", "=", orgId)
    .select(["content", "content_type"])
    .executeTakeFirst();
  return row ? { bytes: Buffer.from(row.content), contentType: row.content_type } : null;
}
