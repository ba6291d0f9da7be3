import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { renderPurchaseOrderUbl } from "~/documents/purchase-order-ubl.server";
import { readPurchaseOrderDocument } from "~/models/ordering/document.server";
import { requireId } from "~/utils/http.server";

/** The PO as a UBL 2.1 Order document; readable by exactly those who may read the PO (others get 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { number, document } = await readPurchaseOrderDocument(ctx, {
    id: requireId(params.id, "No such purchase order."),
  });
  return new Response(renderPurchaseOrderUbl(document), {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${number}.xml"`,
      "Cache-Control": "private, no-store",
    },
  });
}
