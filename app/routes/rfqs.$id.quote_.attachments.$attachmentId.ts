import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContextWithOrigin } from "~/auth/request.server";
import { getQuoteAttachment } from "~/models/sourcing/quote-files.server";
import { fileDownload } from "~/utils/file-response.server";
import { requireId } from "~/utils/http.server";

/**
 * A file of a quote: for the quoting supplier, and for the buyer's
 * organisation once the RFQ is closed (sealed bids; refusals are logged).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // With the request's origin: a refused sealed read is logged with where it came from.
  const ctx = await requireContextWithOrigin({ request, context });
  const file = await getQuoteAttachment(ctx, {
    rfqId: requireId(params.id, "No such RFQ."),
    attachmentId: requireId(params.attachmentId, "No such file."),
  });
  return fileDownload(file);
}
