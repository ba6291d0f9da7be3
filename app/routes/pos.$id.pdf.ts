import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { renderPurchaseOrderPdf } from "~/documents/purchase-order-pdf.server";
import { readPurchaseOrderDocument } from "~/models/ordering/document.server";
import { requireId } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { number, document } = await readPurchaseOrderDocument(ctx, {
    id: requireId(params.id, "No such purchase order."),
  });
  return new Response(new Uint8Array(await renderPurchaseOrderPdf(document)), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${number}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
