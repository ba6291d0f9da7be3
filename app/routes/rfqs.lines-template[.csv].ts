import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { LINES_CSV_TEMPLATE } from "~/models/sourcing/rfq-lines-csv.server";

/**
 * The CSV template for importing line items, with the columns the import reads. Its header names are
 * those columns in every language (the import matches them), so they are not translated.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "Rfq", "Only buyers create RFQs.");
  return new Response(LINES_CSV_TEMPLATE, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="rfq-line-items-template.csv"',
    },
  });
}
