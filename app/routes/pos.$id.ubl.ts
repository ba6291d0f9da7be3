import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { renderPurchaseOrderUbl } from "~/documents/purchase-order-ubl.server";
import { getPurchaseOrderDocument } from "~/models/ordering/document.server";
import { changeHiddenFrom, readablePurchaseOrder } from "~/models/ordering/purchase-order.server";
import { notFound, requireId } from "~/utils/http.server";

/** The PO as a UBL 2.1 Order document; readable by exactly those who may read the PO (others get 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ability, db } = await requireContext(request);
  const po = await readablePurchaseOrder(db, ability, requireId(params.id, "purchase order"));
  if (changeHiddenFrom(ability, po)) throw notFound("purchase order");
  const xml = renderPurchaseOrderUbl(await getPurchaseOrderDocument(db, po.id));
  return new Response(xml, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${po.number}.xml"`,
      "Cache-Control": "private, no-store",
    },
  });
}
