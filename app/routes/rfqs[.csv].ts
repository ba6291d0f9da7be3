import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { csvHeaders, csvReader } from "~/models/shared/csv.server";
import { rfqFiltersFrom, rfqListQuery } from "~/models/sourcing/rfq-list.schema";
import { rfqCsv } from "~/models/sourcing/rfq-queries.server";
import { readQuery } from "~/utils/query.server";

/**
 * The RFQ list as CSV: the rows the page's search, status and order select,
 * every page of them, streamed. A supplier's file holds its own invitations
 * and answers, never a count of other bidders.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { after: _ignored, ...filters } = rfqFiltersFrom(readQuery(request, rfqListQuery));
  return new Response(rfqCsv(ctx, filters, await csvReader(request, ctx.user.timeZone)), {
    headers: csvHeaders("rfqs", ctx.now.toISOString().slice(0, 10)),
  });
}
