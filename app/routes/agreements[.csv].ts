import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { agreementListQuery } from "~/models/agreements/agreement-list.schema";
import { agreementCsv, agreementFiltersFrom } from "~/models/agreements/agreement-queries.server";
import { csvHeaders, csvReader } from "~/models/shared/csv.server";
import { readQuery } from "~/utils/query.server";

/** The agreement list as CSV: the rows the page's search, status and order select, every page, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "Agreement");
  const { after: _ignored, ...query } = readQuery(request, agreementListQuery);
  return new Response(agreementCsv(ctx, agreementFiltersFrom(query), await csvReader(request, ctx.user.timeZone)), {
    headers: csvHeaders("agreements", ctx.now.toISOString().slice(0, 10)),
  });
}
