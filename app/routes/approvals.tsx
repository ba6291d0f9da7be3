import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ApprovalFacts } from "~/components/approval-facts";
import { listApprovalQueueWithFacts } from "~/models/sourcing/award-facts.server";
import { formatMoney } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Approvals");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  // The queue is of POs this person could approve; whoever can approve none has no queue to open.
  requireAbility(ctx, "approve", "PurchaseOrder");
  return { queue: await listApprovalQueueWithFacts(ctx), now: ctx.now.toISOString() };
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
        <ol className="approval-queue">
          {queue.map((p) => (
            <li key={p.id} className="card">
              <h2 className="queue-title">
                <Link to={`/pos/${p.id}`}>{p.number}</Link>
                <span>{formatMoney(p.total, p.currency)}</span>
              </h2>
              {p.change_from ? <p className="muted">Change order, revision {p.revision}</p> : null}
              <dl className="facts">
                <dt>Supplier</dt>
                <dd>{p.supplierName}</dd>
                <dt>Requester</dt>
                <dd>{p.requesterName}</dd>
                <dt>Approvals needed</dt>
                <dd>{p.required_approvals}</dd>
                <dt>Submitted</dt>
                <dd>
                  {p.submitted_at ? formatInstant(p.submitted_at) : "—"} ({age(p.submitted_at, new Date(now))} ago)
                </dd>
              </dl>
              <ApprovalFacts
                headingLevel={3}
                inPolicyText={p.inPolicyText}
                rule={p.rule}
                rfq={p.rfq}
                competitors={p.competitors}
                comparisonCurrency={p.comparisonCurrency}
              />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
