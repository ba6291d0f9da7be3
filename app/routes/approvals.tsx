import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ApprovalFacts } from "~/components/approval-facts";
import { listApprovalQueueWithFacts } from "~/models/sourcing/award-facts.server";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Approvals");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  // The queue is of POs this person could approve; whoever can approve none has no queue to open.
  requireAbility(ctx, "approve", "PurchaseOrder");
  return { queue: await listApprovalQueueWithFacts(ctx), now: ctx.now.toISOString() };
}

/** How long a PO has waited, in whole hours under a day, else whole days. */
function age(from: Date | string, now: Date): { hours: number } | { days: number } {
  const hours = Math.floor((now.getTime() - new Date(from).getTime()) / 3_600_000);
  return hours < 24 ? { hours } : { days: Math.floor(hours / 24) };
}

export default function Approvals() {
  const { queue, now } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const waited = (from: string) => {
    const a = age(from, new Date(now));
    return "hours" in a ? t("{{count}} h ago", { count: a.hours }) : t("{{count}} d ago", { count: a.days });
  };
  return (
    <>
      <h1>{t("Waiting for your approval")}</h1>
      <p className="hint">
        {t("Oldest first. Purchase orders you created are not listed: someone else must approve them.")}
      </p>
      {queue.length === 0 ? (
        <p className="card muted">{t("Nothing waits for you.")}</p>
      ) : (
        <ol className="approval-queue">
          {queue.map((p) => (
            <li key={p.id} className="card">
              <h2 className="queue-title">
                <Link to={`/pos/${p.id}`}>{p.number}</Link>
                <span>{format.money(p.total, p.currency)}</span>
              </h2>
              {p.change_from ? (
                <p className="muted">{t("Change order, revision {{revision}}", { revision: p.revision })}</p>
              ) : null}
              <dl className="facts">
                <dt>{t("Supplier")}</dt>
                <dd>{p.supplierName}</dd>
                <dt>{t("Requester")}</dt>
                <dd>{p.requesterName}</dd>
                <dt>{t("Approvals needed")}</dt>
                <dd>{format.number(p.required_approvals)}</dd>
                <dt>{t("Submitted")}</dt>
                <dd>{p.submitted_at ? `${format.instant(p.submitted_at)} (${waited(p.submitted_at)})` : "—"}</dd>
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
