import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContextWithOrigin } from "~/auth/request.server";
import { localeOf, serverT } from "~/i18n/i18n.server";
import { comparisonCsv } from "~/models/sourcing/comparison-csv";
import { getComparison } from "~/models/sourcing/comparison.server";
import { comparisonQuerySchema, queryValues } from "~/models/sourcing/comparison-page.schema";
import { parseWeights } from "~/models/sourcing/scoring.schema";
import { readQuery } from "~/utils/query.server";
import { requireId } from "~/utils/http.server";

/**
 * The comparison matrix as CSV; the same authorization and numbers as the
 * page, ranked with the same weights (invalid ones fall back to the
 * defaults, as on the page).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // With the request's origin: a refused sealed read is logged with where it came from.
  const ctx = await requireContextWithOrigin({ request, context });
  const { weights } = parseWeights(queryValues(readQuery(request, comparisonQuerySchema)));
  const comparison = await getComparison(ctx, { rfqId: requireId(params.id, "No such RFQ."), weights });
  const name = comparison.rfq.reference.replace(/[^A-Za-z0-9._-]/g, "_");
  // Its words in the requester's language; its numbers plain decimals in any language, for spreadsheets.
  const t = serverT(await localeOf(request));
  return new Response(comparisonCsv(comparison, { t: (key, values) => t(key, values) }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}-comparison.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
