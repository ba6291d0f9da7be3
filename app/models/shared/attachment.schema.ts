/**
 * The form that attaches one file (to an RFQ, to a quote): the browser
 * refuses a missing or oversized file before it is sent; the server refuses
 * the same while the upload streams in, and then checks the bytes
 * (attachments.server.ts).
 */
import { z } from "zod";
import { msg } from "../../i18n/config";

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export const ATTACHMENT_TOO_LARGE = `The file is larger than ${Math.round(ATTACHMENT_MAX_BYTES / (1024 * 1024))} MB.`;

/** What a form post holds for a chosen file, in the browser and on the server alike. */
export type PostedFile = { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> };

const isPostedFile = (value: unknown): value is PostedFile =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as PostedFile).size === "number" &&
  typeof (value as PostedFile).arrayBuffer === "function";

export const attachFileSchema = z.object({
  intent: z.literal("attach"),
  // An empty file input arrives as nothing (conform drops the blank file), so "missing" and "empty" read the same.
  attachment: z
    .custom<PostedFile>((v) => isPostedFile(v) && v.size > 0, { error: msg("Choose a file to attach.") })
    .refine((file) => file.size <= ATTACHMENT_MAX_BYTES, ATTACHMENT_TOO_LARGE),
});
