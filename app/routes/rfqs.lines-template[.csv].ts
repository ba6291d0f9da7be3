import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { LINES_CSV_TEMPLATE } from "~/models/sourcing/rfq-lines-csv.server";

/** The CSV template for importing line items, with the columns the import reads. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request, ["buyer"]);
  const { ability } = ctx;
  if (!ability.can("create", "Rfq")) throw new Response("Only buyers create RFQs.", { status: 403 });
  return new Response(LINES_CSV_TEMPLATE, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="rfq-line-items-template.csv"',
    },
  });
}
