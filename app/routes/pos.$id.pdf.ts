import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { renderPurchaseOrderPdf } from "~/documents/purchase-order-pdf.server";
import { createFormat } from "~/i18n/format";
import { localeOf, serverT } from "~/i18n/i18n.server";
import { readPurchaseOrderDocument } from "~/models/ordering/document.server";
import { requireId } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { number, document } = await readPurchaseOrderDocument(ctx, {
    id: requireId(params.id, "No such purchase order."),
  });
  const locale = await localeOf(request);
  const reader = { t: serverT(locale), format: createFormat({ locale, timeZone: ctx.user.timeZone }) };
  return new Response(new Uint8Array(await renderPurchaseOrderPdf(document, reader)), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${number}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
