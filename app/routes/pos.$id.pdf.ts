import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { renderPurchaseOrderPdf } from "~/documents/purchase-order-pdf.server";
import { getPurchaseOrderDocument } from "~/models/ordering/document.server";
import { changeHiddenFrom, readablePurchaseOrder } from "~/models/ordering/purchase-order.server";
import { notFound, requireId } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ability, db } = await requireContext(request);
  const po = await readablePurchaseOrder(db, ability, requireId(params.id, "purchase order"));
  if (changeHiddenFrom(ability, po)) throw notFound("purchase order");
  const pdf = await renderPurchaseOrderPdf(await getPurchaseOrderDocument(db, po.id));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${po.number}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
