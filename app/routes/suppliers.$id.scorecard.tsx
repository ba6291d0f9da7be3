/**
 * A supplier's scorecard with the reader's buying organisation (:id is the
 * supplier organisation): six measures over all time, each with a chart of
 * the last twelve months drawn on the server and its table. Whoever's
 * organisation has no relationship with the supplier gets a 404; suppliers
 * are refused by the page's gate (403). Read only.
 */
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { BarChart } from "~/components/bar-chart";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Fact } from "~/components/facts";
import { getSupplierScorecard } from "~/models/sourcing/scorecard.server";
import { translated } from "~/i18n/config";
import { useI18n } from "~/i18n/react";
import { translatorFor } from "~/i18n/translator";
import { requireId } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const t = translatorFor(root?.locale);
  return [{ title: `${t("{{name}} scorecard", { name: data?.supplier.name ?? t("Supplier") })} · ${t("Quotient")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  // Suppliers never see a scorecard, not even their own: refused before any row is read.
  requireAbility(ctx, "readPerformance", "SupplierRelationship");
  const supplierOrgId = requireId(params.id, "No such supplier.");
  return getSupplierScorecard(ctx, { supplierOrgId });
}

export default function SupplierScorecardPage() {
  const { supplier, measures, today } = useLoaderData<typeof loader>();
  // From the data, not from the model's constant: a .server module is empty in the browser.
  const monthCount = measures[0]?.months.length ?? 0;
  const { t, format } = useI18n();
  return (
    <>
      <Breadcrumbs
        trail={[
          { label: t("Suppliers"), to: "/suppliers" },
          { label: supplier.name, to: `/suppliers/${supplier.id}` },
          { label: t("Scorecard") },
        ]}
      />
      <h1>{t("{{name}}: scorecard", { name: supplier.name })}</h1>
      <p className="hint">
        {t(
          "Everything this supplier did with your organisation, counted as it happened; the charts show the last {{count}} months up to {{today}}. On-time delivery is the record the quote comparison shows.",
          { count: monthCount, today: format.date(today) },
        )}
      </p>
      <section className="card" aria-labelledby="scorecard-summary">
        <h2 id="scorecard-summary">{t("All time")}</h2>
        <dl className="facts">
          {measures.map((m) => (
            <Fact key={m.key} label={translated(t, m.title)}>
              {translated(t, m.allTime.display)}
            </Fact>
          ))}
        </dl>
      </section>
      <div className="queues" style={{ marginTop: "1rem" }}>
        {measures.map((m) => {
          const judged = m.months.filter((f) => f.percent !== null);
          return (
            <section key={m.key} className="card" aria-labelledby={`measure-${m.key}`}>
              <h2 id={`measure-${m.key}`} className="queue-title">
                {translated(t, m.title)}
              </h2>
              <p className="hint">{translated(t, m.definition)}</p>
              <BarChart
                layout="columns"
                title={t("{{measure}}, month by month, in percent", { measure: translated(t, m.title) })}
                description={
                  judged.length === 0
                    ? t("Nothing to judge in the last {{count}} months.", { count: monthCount })
                    : judged.map((f) => `${f.month}: ${translated(t, f.display)}`).join("; ")
                }
                labelHeading={t("Month")}
                valueHeading={translated(t, m.title)}
                bars={m.months.map((f) => ({
                  label: f.month,
                  value: f.percent ?? "0",
                  display: translated(t, f.display),
                }))}
              />
            </section>
          );
        })}
      </div>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
