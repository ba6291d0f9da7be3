/**
 * Reading the one file of an upload form ("attachment"), with the size limit
 * enforced while the body streams in: a refusal is the 400 answer to return,
 * shaped like every other form error.
 */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

import type { ActionErrorBody } from "./action-errors.server";

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

function refused(message: string): Response {
  return Response.json({ errors: { attachment: message } } satisfies ActionErrorBody, { status: 400 });
}

export async function readUploadedFile(request: Request, maxBytes: number): Promise<UploadedFile | Response> {
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      // One byte over the limit is enough to know the file is too large.
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes + 1 }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return refused(`The file is larger than ${Math.round(maxBytes / (1024 * 1024))} MB.`);
    throw error;
  }
  const file = formData.get("attachment");
  if (!file || typeof file === "string" || file.size === 0) return refused("Choose a file to attach.");
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
