import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { readSupplierDocumentFile } from "~/models/sourcing/supplier-documents.server";
import { fileDownload } from "~/utils/file-response.server";
import { requireId } from "~/utils/http.server";

/** A supplier's qualification document, for the buying organisation it was sent to; a 404 for everyone else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const file = await readSupplierDocumentFile(ctx, {
    supplierOrgId: requireId(params.id, "No such supplier."),
    documentId: requireId(params.documentId, "No such document."),
  });
  return fileDownload(file);
}
