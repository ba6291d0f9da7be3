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
import { formatMoney } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Requisitions");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "Requisition", "Requisitions are for the buying organisation's people.");
  return listRequisitions(ctx);
}

export default function Requisitions() {
  const { rows, can } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>Requisitions</h1>
        {can.create ? (
          <Link to="/requisitions/new" className="button">
            New requisition
          </Link>
        ) : null}
      </div>
      <p className="hint">
        What people ask the organisation to buy: approved catalogue lines are ordered by themselves, the rest goes to
        the buyers&apos; sourcing queue.
      </p>
      {rows.length === 0 ? (
        <p className="card muted">No requisitions to show.</p>
      ) : (
        <TableFrame label="Requisitions">
          <table>
            <thead>
              <tr>
                <th>Number</th>
                <th>Requested by</th>
                <th>Cost centre</th>
                <th>Status</th>
                <th className="num">Lines</th>
                <th className="num">Estimated total</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/requisitions/${r.id}`}>{r.number}</Link>
                  </td>
                  <td>{r.requesterName ?? "Reorder rule"}</td>
                  <td>{r.costCentre}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="num">{r.lineCount}</td>
                  <td className="num">{formatMoney(r.total, r.currency)}</td>
                  <td>{formatInstant(r.createdAt)}</td>
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
