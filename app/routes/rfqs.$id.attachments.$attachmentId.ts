import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { getRfqAttachment } from "~/models/attachments.server";
import { requireId } from "~/utils/http.server";

/** An RFQ's file, for exactly the people who may read the RFQ; a 404 for everyone else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  const file = await getRfqAttachment(
    db,
    user,
    ability,
    requireId(params.id, "RFQ"),
    requireId(params.attachmentId, "file"),
  );
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.content_type,
      "Content-Length": String(file.size_bytes),
      // Always a download: an uploaded file never renders inside our origin.
      "Content-Disposition": `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${rfc5987(file.filename)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      Digest: `sha-256=${Buffer.from(file.sha256, "hex").toString("base64")}`,
    },
  });
}

/** Percent-encodes everything outside RFC 5987's attr-char, which encodeURIComponent leaves alone for ' ( ) * !. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
