import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { listApprovalQueue } from "~/models/ordering/queries.server";
import { formatMoney } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { TableFrame } from "~/components/table-frame";

export const meta: MetaFunction = () => [{ title: "Approvals · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  // The queue is of POs this person could approve; whoever can approve none has no queue to open.
  requireAbility(ctx, "approve", "PurchaseOrder");
  return { queue: await listApprovalQueue(ctx), now: new Date() };
}

function age(from: Date | string | null, now: Date): string {
  if (!from) return "—";
  const hours = Math.floor((now.getTime() - new Date(from).getTime()) / 3_600_000);
  return hours < 24 ? `${hours} h` : `${Math.floor(hours / 24)} d`;
}

export default function Approvals() {
  const { queue, now } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Waiting for your approval</h1>
      <p className="hint">Oldest first. Purchase orders you created are not listed: someone else must approve them.</p>
      {queue.length === 0 ? (
        <p className="card muted">Nothing waits for you.</p>
      ) : (
        <TableFrame label="Purchase orders waiting for approval">
          <table>
            <thead>
              <tr>
                <th>Number</th>
                <th>Supplier</th>
                <th>Requester</th>
                <th className="num">Amount</th>
                <th>Approvals needed</th>
                <th>Submitted</th>
                <th>Age</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/pos/${p.id}`}>{p.number}</Link>
                    {p.change_from ? <div className="muted">Change order, revision {p.revision}</div> : null}
                  </td>
                  <td>{p.supplierName}</td>
                  <td>{p.requesterName}</td>
                  <td className="num">{formatMoney(p.total, p.currency)}</td>
                  <td>{p.required_approvals}</td>
                  <td>{p.submitted_at ? formatInstant(p.submitted_at) : "—"}</td>
                  <td>{age(p.submitted_at, new Date(now))}</td>
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
