/**
 * Reading an upload form (one file, "attachment", beside its intent), with
 * the size limit enforced while the body streams in. The post is then read
 * against the form's schema like any other form, so a refusal is the same
 * conform reply: the message next to the file input.
 */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import type { z } from "zod";

import { readSubmission, type ReadSubmission } from "./submission.server";

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export async function readUploadSubmission<S extends z.ZodType>(
  request: Request,
  schema: S,
  { maxBytes, tooLarge, intent }: { maxBytes: number; tooLarge: string; intent: string },
): Promise<ReadSubmission<z.infer<S>>> {
  try {
    const formData = await unstable_parseMultipartFormData(
      request,
      // One byte over the limit is enough to know the file is too large.
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes + 1 }),
    );
    return readSubmission(formData, schema);
  } catch (error) {
    if (!(error instanceof MaxPartSizeExceededError)) throw error;
    // The body was cut off, so the other fields are lost with it: the reply names the form's intent itself.
    const formData = new FormData();
    formData.set("intent", intent);
    return readSubmission(formData, schema, { fieldErrors: { attachment: tooLarge } });
  }
}

/** The chosen file's name and bytes, once the schema has accepted it. */
export async function uploadedFile(file: { name: string; arrayBuffer(): Promise<ArrayBuffer> }): Promise<UploadedFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
