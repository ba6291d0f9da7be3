/**
 * Reorder rules: per item and site, what is projected now and what the last
 * run decided, the recent runs, and "Run now" beside the daily run at 06:00.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { FormTokenField } from "~/components/form/form-token-field";
import { TableFrame } from "~/components/table-frame";
import { DAILY_RUN_AT, runReorderNow } from "~/models/requisitions/reorder-job.server";
import { listRules } from "~/models/requisitions/reorder-rules.server";
import { runNowSchema } from "~/models/requisitions/reorder.schema";
import { organisationZone } from "~/models/requisitions/stock.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { readForm } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { SizingText } from "~/components/reorder-sizing-fields";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Reorder rules");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "ReorderRule", "Only buyers and admins keep reorder rules.");
  return {
    ...(await listRules(ctx)),
    timeZone: await organisationZone(ctx),
    dailyRunAt: DAILY_RUN_AT,
    formToken: issueFormToken(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "run", "ReorderRule", "Only buyers and admins run the reorder job.");
  const parsed = await readForm(request, runNowSchema);
  if (!parsed.ok) return parsed.response;
  // A double click sends one token twice: the second gets the first run's summary, nothing runs again.
  const ran = await once(ctx, { token: formTokenOf(parsed.submission), purpose: "reorder.run" }, async (tx) => {
    const summary = await runReorderNow(tx);
    return { runId: summary.runId, rules: summary.rules, ordered: summary.ordered };
  });
  return { ran };
}

export default function ReorderRules() {
  const { rows, runs, can, timeZone, dailyRunAt, formToken } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const ran = result && "ran" in result ? result.ran : null;
  const { t, format } = useI18n();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>{t("Reorder rules")}</h1>
        <div className="row actions">
          {can.stock ? (
            <Link to="/reorder/stock" className="button secondary">
              {t("Stock on hand")}
            </Link>
          ) : null}
          {can.create ? (
            <Link to="/reorder/new" className="button">
              {t("New rule")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="hint">
        {t(
          "Every day at {{time}} ({{zone}}) each rule compares what is projected at its site (on hand, requested, and still to come on purchase orders) with its reorder point, and writes down what it decided and why. Below the point it raises a requisition, one per site, unless a line it raised is still open.",
          { time: dailyRunAt, zone: timeZone },
        )}
      </p>
      {ran ? (
        <p className="banner ok" role="status">
          {t("Run finished: {{count}} rules judged, {{ordered}} ordered.", {
            count: ran.rules,
            ordered: format.number(ran.ordered),
          })}
        </p>
      ) : null}
      {can.run ? (
        <Form method="post" className="row">
          <FormTokenField token={formToken} />
          <input type="hidden" name="intent" value="run" />
          <button type="submit" disabled={busy}>
            {t("Run now")}
          </button>
        </Form>
      ) : null}
      {rows.length === 0 ? (
        <p className="card muted">{t("No reorder rules yet.")}</p>
      ) : (
        <TableFrame label={t("Reorder rules")}>
          <table>
            <thead>
              <tr>
                <th>{t("Item")}</th>
                <th>{t("Site")}</th>
                <th className="num">{t("Reorder point")}</th>
                <th>{t("Order")}</th>
                <th className="num">{t("Projected")}</th>
                <th>{t("Last decision")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/reorder/${r.id}`}>{r.itemName}</Link> <span className="hint">{t(r.unit)}</span>
                    {r.paused ? <span className="hint"> · {t("paused")}</span> : null}
                  </td>
                  <td>{r.siteLabel}</td>
                  <td className="num">{format.quantity(r.reorderPoint)}</td>
                  <td>
                    <SizingText sizing={r.sizing} />
                  </td>
                  <td className="num">{format.quantity(r.projected)}</td>
                  <td>
                    {r.last ? (
                      <>
                        {t(r.last.label)}
                        {r.last.quantity !== null ? ` ${format.quantity(r.last.quantity)}` : ""}
                        <span className="hint"> · {format.instant(r.last.at)}</span>
                      </>
                    ) : (
                      <span className="hint">{t("Not run yet")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">{t("Recent runs")}</h2>
        {runs.length === 0 ? (
          <p className="card muted">{t("The job has not run yet.")}</p>
        ) : (
          <ul className="card">
            {runs.map((run) => (
              <li key={run.id}>
                {run.trigger === "schedule"
                  ? t("{{at}}: daily run for {{day}}, {{count}} rules judged, {{ordered}} ordered", {
                      at: format.instant(run.startedAt),
                      day: run.scheduledFor ? format.date(run.scheduledFor) : "",
                      count: run.rules,
                      ordered: format.number(run.ordered),
                    })
                  : t("{{at}}: run by hand, {{count}} rules judged, {{ordered}} ordered", {
                      at: format.instant(run.startedAt),
                      count: run.rules,
                      ordered: format.number(run.ordered),
                    })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
