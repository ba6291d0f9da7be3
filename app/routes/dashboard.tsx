/**
 * Each person's day: the work queues their ability gives them (each item a
 * link to the page where it is done, with how many wait), and for the buying
 * organisation two small charts drawn on the server. Every queue and figure
 * comes from the models, filtered in SQL by the same rules as a single row;
 * this page only lays them out.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { BarChart } from "~/components/bar-chart";
import { WorkQueueCard } from "~/components/work-queue-card";
import { fulfilmentQueues } from "~/models/fulfilment/work-queue.server";
import { getSpendCharts } from "~/models/ordering/spend.server";
import { orderingQueues } from "~/models/ordering/work-queue.server";
import { adminQueues } from "~/models/shared/admin-queue.server";
import { sourcingQueues } from "~/models/sourcing/work-queue.server";
import { formatAmount, formatMoney } from "~/utils/money";
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Dashboard");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { user, ability } = ctx;
  const [sourcing, ordering, fulfilment, admin, charts] = await Promise.all([
    sourcingQueues(ctx),
    orderingQueues(ctx),
    fulfilmentQueues(ctx),
    adminQueues(ctx),
    getSpendCharts(ctx),
  ]);
  return {
    user: { name: user.name, orgName: user.orgName },
    canCreateRfq: ability.can("create", "Rfq"),
    people: admin.people,
    queues: [
      ...ordering.filter((q) => q.key === "pos-to-approve"),
      ...sourcing,
      ...ordering.filter((q) => q.key !== "pos-to-approve"),
      ...fulfilment,
      ...admin.queues,
    ],
    charts,
  };
}

export default function Dashboard() {
  const { user, canCreateRfq, people, queues, charts } = useLoaderData<typeof loader>();
  const waiting = queues.reduce((n, q) => n + q.count, 0);
  return (
    <>
      <h1>Welcome, {user.name}</h1>
      <p className="muted">
        {user.orgName}
        {queues.length > 0
          ? ` · ${waiting === 0 ? "nothing waits for you" : `${waiting} ${waiting === 1 ? "item waits" : "items wait"} for you`}`
          : ""}
      </p>
      {canCreateRfq ? (
        <div className="actions">
          <Link className="button" to="/rfqs/new">
            New RFQ
          </Link>
        </div>
      ) : null}
      {people !== null ? (
        <section className="card" aria-labelledby="people-title">
          <h2 id="people-title" className="queue-title">
            People in {user.orgName} <span className="queue-count">{people}</span>
          </h2>
          <p className="muted">
            {people} {people === 1 ? "person has" : "people have"} an account in your organisation.
          </p>
        </section>
      ) : null}
      {queues.length > 0 ? (
        <div className="queues">
          {queues.map((q) => (
            <WorkQueueCard key={q.key} queue={q} />
          ))}
        </div>
      ) : null}
      {charts ? (
        <div className="queues" style={{ marginTop: "1rem" }}>
          <section className="card" aria-labelledby="spend-title">
            <h2 id="spend-title" className="queue-title">
              Spend {charts.quarter} by week
            </h2>
            <BarChart
              layout="columns"
              title={`Purchase orders issued in ${charts.quarter}, by week, in ${charts.currency}`}
              description={`${charts.weeks.length} weeks, from ${charts.weeks[0]?.week ?? "—"}; the highest week ${formatMoney(maxOf(charts.weeks.map((w) => w.amount)), charts.currency)}.`}
              labelHeading="Week of"
              valueHeading={`Issued (${charts.currency})`}
              bars={charts.weeks.map((w) => ({ label: w.week, value: w.amount, display: formatAmount(w.amount) }))}
            />
            {charts.unconverted > 0 ? (
              <p className="hint">
                {charts.unconverted} {charts.unconverted === 1 ? "order is" : "orders are"} left out: no rate to{" "}
                {charts.currency} is known for {charts.unconverted === 1 ? "its" : "their"} currency.
              </p>
            ) : null}
          </section>
          <section className="card" aria-labelledby="open-title">
            <h2 id="open-title" className="queue-title">
              Open purchase orders by status
            </h2>
            {charts.byStatus.length === 0 ? (
              <p className="muted">No purchase order is open.</p>
            ) : (
              <BarChart
                layout="rows"
                title={`Value of open purchase orders by status, in ${charts.currency}`}
                description={charts.byStatus
                  .map((s) => `${s.status.replace(/_/g, " ")}: ${formatMoney(s.amount, charts.currency)}`)
                  .join("; ")}
                labelHeading="Status"
                valueHeading={`Value (${charts.currency})`}
                bars={charts.byStatus.map((s) => ({
                  label: `${s.status.replace(/_/g, " ")} (${s.count})`,
                  value: s.amount,
                  display: formatMoney(s.amount, charts.currency),
                }))}
              />
            )}
          </section>
        </div>
      ) : null}
    </>
  );
}

function maxOf(amounts: string[]): string {
  return amounts.reduce((best, a) => (Number(a) > Number(best) ? a : best), "0");
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
