import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { getRfqAttachment } from "~/models/sourcing/rfq-attachments.server";
import { fileDownload } from "~/utils/file-response.server";
import { requireId } from "~/utils/http.server";

/** An RFQ's file, for exactly the people who may read the RFQ; a 404 for everyone else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const file = await getRfqAttachment(ctx, {
    rfqId: requireId(params.id, "No such RFQ."),
    attachmentId: requireId(params.attachmentId, "No such file."),
  });
  return fileDownload(file);
}
