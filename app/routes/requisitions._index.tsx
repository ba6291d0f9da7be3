/**
 * Requisitions: a requester's own; the organisation's for the buying side
 * (buyers, finance, admins), who also see who asked.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import { listRequisitions } from "~/models/requisitions/requisition-queries.server";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Requisitions");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "Requisition", msg("Requisitions are for the buying organisation's people."));
  return listRequisitions(ctx);
}

export default function Requisitions() {
  const { rows, can } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>{t("Requisitions")}</h1>
        {can.create ? (
          <Link to="/requisitions/new" className="button">
            {t("New requisition")}
          </Link>
        ) : null}
      </div>
      <p className="hint">
        {t(
          "What people ask the organisation to buy: approved catalogue lines are ordered by themselves, the rest goes to the buyers’ sourcing queue.",
        )}
      </p>
      {rows.length === 0 ? (
        <p className="card muted">{t("No requisitions to show.")}</p>
      ) : (
        <TableFrame label={t("Requisitions")}>
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th>{t("Number")}</th>
                <th>{t("Requested by")}</th>
                <th>{t("Cost centre")}</th>
                <th>{t("Status")}</th>
                <th className="num">{t("Lines")}</th>
                <th className="num">{t("Estimated total")}</th>
                <th>{t("Created")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td data-label={t("Number")} className="nowrap">
                    <Link to={`/requisitions/${r.id}`}>{r.number}</Link>
                  </td>
                  <td data-label={t("Requested by")}>{r.requesterName ?? t("Reorder rule")}</td>
                  <td data-label={t("Cost centre")}>{r.costCentre}</td>
                  <td data-label={t("Status")}>
                    <StatusBadge status={r.status} />
                  </td>
                  <td data-label={t("Lines")} className="num">
                    {format.number(r.lineCount)}
                  </td>
                  <td data-label={t("Estimated total")} className="num nowrap">
                    {format.money(r.total, r.currency)}
                  </td>
                  <td data-label={t("Created")}>{format.instant(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
