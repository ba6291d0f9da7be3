/**
 * Agreements: the buying side's framework and blanket orders, the
 * supplier's own agreements sent to it.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { onSupplierSide } from "~/auth/ability";
import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import { listAgreements } from "~/models/agreements/agreement-queries.server";
import { formatMoney } from "~/utils/money";

export const meta: MetaFunction = () => [{ title: "Agreements · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "Agreement");
  const { rows, can } = await listAgreements(ctx);
  return { rows, can, supplierSide: onSupplierSide(ctx.ability) };
}

export default function Agreements() {
  const { rows, can, supplierSide } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>Agreements</h1>
        {can.create ? (
          <Link to="/agreements/new" className="button">
            New agreement
          </Link>
        ) : null}
      </div>
      <p className="hint">
        Framework and blanket orders: agreed prices for a period, ordered from by call-offs up to their caps.
      </p>
      {rows.length === 0 ? (
        <p className="card muted">No agreements to show.</p>
      ) : (
        <TableFrame label="Agreements">
          <table>
            <thead>
              <tr>
                <th>Number</th>
                <th>Title</th>
                <th>{supplierSide ? "Buyer" : "Supplier"}</th>
                <th>Status</th>
                <th>Valid</th>
                <th className="num">Value cap</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/agreements/${a.id}`}>{a.number}</Link>
                  </td>
                  <td>{a.title}</td>
                  <td>{supplierSide ? a.buyerName : a.supplierName}</td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>
                    {a.valid_from} to {a.valid_to}
                  </td>
                  <td className="num">{a.value_cap === null ? "none" : formatMoney(a.value_cap, a.currency)}</td>
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
