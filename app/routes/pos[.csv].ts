import type { LoaderFunctionArgs } from "@remix-run/node";

import { onSupplierSide } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { poListQuery } from "~/models/ordering/po-list.schema";
import { poCsv, poFiltersFrom, poSupplierOptions } from "~/models/ordering/queries.server";
import { csvHeaders, csvReader } from "~/models/shared/csv.server";
import { readQuery } from "~/utils/query.server";

/**
 * The PO list as CSV: the rows the page's filters and order select, every
 * page of them, streamed as they are read. Filters that do not parse are
 * refused with 400 rather than exporting more than was asked for.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { after: _ignored, ...query } = readQuery(request, poListQuery);
  const suppliers = onSupplierSide(ctx.ability) ? [] : await poSupplierOptions(ctx);
  const filters = poFiltersFrom(query, suppliers);
  return new Response(poCsv(ctx, filters, await csvReader(request, ctx.user.timeZone)), {
    headers: csvHeaders("purchase-orders", ctx.now.toISOString().slice(0, 10)),
  });
}
