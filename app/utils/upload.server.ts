/**
 * Reading an upload form (one file, "attachment", beside its intent), with
 * the size limit enforced while the body streams in. The post is then read
 * against the form's schema like any other form, so a refusal is the same
 * conform reply: the message next to the file input.
 */
import type { z } from "zod";

import { readFormBody, readSubmission, type ReadSubmission } from "./submission.server";

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

// Room for the other fields and the multipart framing around the file itself.
const FRAMING_BYTES = 64 * 1024;

export async function readUploadSubmission<S extends z.ZodType>(
  request: Request,
  schema: S,
  { maxBytes, tooLarge, intent }: { maxBytes: number; tooLarge: string; intent: string },
): Promise<ReadSubmission<z.infer<S>>> {
  const formData = await readFormBody(request, { maxBytes: maxBytes + FRAMING_BYTES });
  if (formData) return readSubmission(formData, schema);
  // The body was cut off, so the other fields are lost with it: the reply names the form's intent itself.
  const cut = new FormData();
  cut.set("intent", intent);
  return readSubmission(cut, schema, { fieldErrors: { attachment: tooLarge } });
}

/** The chosen file's name and bytes, once the schema has accepted it. */
export async function uploadedFile(file: { name: string; arrayBuffer(): Promise<ArrayBuffer> }): Promise<UploadedFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
