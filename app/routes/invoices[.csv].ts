import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { invoiceListQuery } from "~/models/fulfilment/invoice-list.schema";
import { invoiceCsv, invoiceFiltersFrom, invoiceSupplierOptions } from "~/models/fulfilment/invoice-queries.server";
import { csvHeaders, csvReader } from "~/models/shared/csv.server";
import { readQuery } from "~/utils/query.server";

/**
 * The invoice list as CSV: the rows the page's filters and order select,
 * every page of them, streamed as they are read.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { after: _ignored, ...query } = readQuery(request, invoiceListQuery);
  const filters = invoiceFiltersFrom(query, await invoiceSupplierOptions(ctx));
  return new Response(invoiceCsv(ctx, filters, await csvReader(request, ctx.user.timeZone)), {
    headers: csvHeaders("invoices", ctx.now.toISOString().slice(0, 10)),
  });
}
