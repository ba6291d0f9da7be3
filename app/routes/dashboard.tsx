import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { onSupplierSide } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { listApprovalQueue, listPurchaseOrders } from "~/models/ordering/queries.server";
import { listRfqs } from "~/models/sourcing/rfq-queries.server";
import { formatMoney } from "~/utils/money";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Dashboard · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { user, ability } = ctx;
  const [rfqs, pos, approvals] = await Promise.all([listRfqs(ctx), listPurchaseOrders(ctx), listApprovalQueue(ctx)]);
  return {
    user: { name: user.name, orgName: user.orgName },
    // What this person's day holds, asked of the ability rather than of a role name.
    supplier: onSupplierSide(ability),
    canCreateRfq: ability.can("create", "Rfq"),
    approver: ability.can("approve", "PurchaseOrder"),
    rfqs: rfqs.slice(0, 8),
    pos: pos.slice(0, 8),
    approvals,
  };
}

export default function Dashboard() {
  const { user, supplier, canCreateRfq, approver, rfqs, pos, approvals } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {user.name}</h1>
      <p className="muted">{user.orgName}</p>
      {canCreateRfq ? (
        <div className="actions">
          <Link className="button" to="/rfqs/new">
            New RFQ
          </Link>
        </div>
      ) : null}
      {approver ? (
        <section className="card">
          <h2>Waiting for your approval</h2>
          {approvals.length === 0 ? (
            <p className="muted">Nothing waits for you.</p>
          ) : (
            <ul>
              {approvals.map((a) => (
                <li key={a.id}>
                  <Link to={`/pos/${a.id}`}>{a.number}</Link> · {formatMoney(a.total, a.currency)} · {a.supplierName}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <div className="grid2">
        <section className="card">
          <h2>{supplier ? "Invitations to quote" : "Recent RFQs"}</h2>
          {rfqs.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul>
              {rfqs.map((r) => (
                <li key={r.id}>
                  <Link to={`/rfqs/${r.id}`}>{r.title}</Link> <StatusBadge status={r.status} />
                  <div className="hint">
                    Deadline {formatInstant(r.deadline, r.deadlineTimeZone)}
                    {supplier ? ` · ${r.buyerName}` : ""}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card">
          <h2>Purchase orders</h2>
          {pos.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul>
              {pos.map((p) => (
                <li key={p.id}>
                  <Link to={`/pos/${p.id}`}>{p.number}</Link> <StatusBadge status={p.status} /> ·{" "}
                  {formatMoney(p.total, p.currency)} · {supplier ? p.buyerName : p.supplierName}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
