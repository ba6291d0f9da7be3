import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireAbility } from "~/auth/authorize.server";
import { queryParams } from "~/utils/query.server";
import { requireContext } from "~/auth/request.server";
import { localeOf, serverT } from "~/i18n/i18n.server";
import { msg, translated } from "~/i18n/config";
import { auditCsvStream, readAuditFilters } from "~/models/shared/audit-log.server";

/**
 * The audit log as CSV: every event the page's filters select (all pages),
 * streamed as it is read. Filters that do not parse are refused with 400
 * rather than exporting more than was asked for.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "AuditLog");
  const { filters, message } = readAuditFilters(queryParams(request));
  const t = serverT(await localeOf(request));
  if (!filters) {
    return new Response(`${translated(t, message ?? msg("Check the filters."))}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { after: _ignored, ...selected } = filters;
  const day = ctx.now.toISOString().slice(0, 10);
  return new Response(await auditCsvStream(ctx, selected, { t: (key) => t(key) }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${day}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
