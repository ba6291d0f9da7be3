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
import { useStatusWord } from "~/components/status-badge";
import { WorkQueueCard } from "~/components/work-queue-card";
import { fulfilmentQueues } from "~/models/fulfilment/work-queue.server";
import { getSpendCharts } from "~/models/ordering/spend.server";
import { orderingQueues } from "~/models/ordering/work-queue.server";
import { adminQueues } from "~/models/shared/admin-queue.server";
import { sourcingQueues } from "~/models/sourcing/work-queue.server";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

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
  const { t, format } = useI18n();
  const statusWord = useStatusWord();
  const waiting = queues.reduce((n, q) => n + q.count, 0);
  return (
    <>
      <h1>{t("Welcome, {{name}}", { name: user.name })}</h1>
      <p className="muted">
        {user.orgName}
        {queues.length > 0
          ? ` · ${waiting === 0 ? t("nothing waits for you") : t("{{count}} items wait for you", { count: waiting })}`
          : ""}
      </p>
      {canCreateRfq ? (
        <div className="actions">
          <Link className="button" to="/rfqs/new">
            {t("New RFQ")}
          </Link>
        </div>
      ) : null}
      {people !== null ? (
        <section className="card" aria-labelledby="people-title">
          <h2 id="people-title" className="queue-title">
            {t("People in {{organisation}}", { organisation: user.orgName })}{" "}
            <span className="queue-count">{format.number(people)}</span>
          </h2>
          <p className="muted">{t("{{count}} people have an account in your organisation.", { count: people })}</p>
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
              {t("Spend {{quarter}} by week", { quarter: charts.quarter })}
            </h2>
            <BarChart
              layout="columns"
              title={t("Purchase orders issued in {{quarter}}, by week, in {{currency}}", {
                quarter: charts.quarter,
                currency: charts.currency,
              })}
              description={t("{{count}} weeks, from {{first}}; the highest week {{highest}}.", {
                count: charts.weeks.length,
                first: charts.weeks[0] ? format.date(charts.weeks[0].week) : "—",
                highest: format.money(maxOf(charts.weeks.map((w) => w.amount)), charts.currency),
              })}
              labelHeading={t("Week of")}
              valueHeading={t("Issued ({{currency}})", { currency: charts.currency })}
              bars={charts.weeks.map((w) => ({
                label: format.date(w.week),
                short: w.week.slice(5),
                value: w.amount,
                display: format.amount(w.amount, charts.currency),
              }))}
            />
            {charts.unconverted > 0 ? (
              <p className="hint">
                {t("{{count}} orders are left out: no rate to {{currency}} is known for their currency.", {
                  count: charts.unconverted,
                  currency: charts.currency,
                })}
              </p>
            ) : null}
          </section>
          <section className="card" aria-labelledby="open-title">
            <h2 id="open-title" className="queue-title">
              {t("Open purchase orders by status")}
            </h2>
            {charts.byStatus.length === 0 ? (
              <p className="muted">{t("No purchase order is open.")}</p>
            ) : (
              <BarChart
                layout="rows"
                title={t("Value of open purchase orders by status, in {{currency}}", { currency: charts.currency })}
                description={charts.byStatus
                  .map((s) =>
                    t("{{status}}: {{amount}}", {
                      status: statusWord(s.status),
                      amount: format.money(s.amount, charts.currency),
                    }),
                  )
                  .join("; ")}
                labelHeading={t("Status")}
                valueHeading={t("Value ({{currency}})", { currency: charts.currency })}
                bars={charts.byStatus.map((s) => ({
                  label: t("{{status}} ({{n}})", { status: statusWord(s.status), n: format.number(s.count) }),
                  value: s.amount,
                  display: format.money(s.amount, charts.currency),
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
