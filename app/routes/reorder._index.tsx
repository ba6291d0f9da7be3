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
import { formatInstant } from "~/utils/time";
import { readForm } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";

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
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>Reorder rules</h1>
        <div className="row actions">
          {can.stock ? (
            <Link to="/reorder/stock" className="button secondary">
              Stock on hand
            </Link>
          ) : null}
          {can.create ? (
            <Link to="/reorder/new" className="button">
              New rule
            </Link>
          ) : null}
        </div>
      </div>
      <p className="hint">
        Every day at {dailyRunAt} ({timeZone}) each rule compares what is projected at its site (on hand, requested, and
        still to come on purchase orders) with its reorder point, and writes down what it decided and why. Below the
        point it raises a requisition, one per site, unless a line it raised is still open.
      </p>
      {ran ? (
        <p className="banner ok" role="status">
          Run finished: {ran.rules} {ran.rules === 1 ? "rule" : "rules"} judged, {ran.ordered} ordered.
        </p>
      ) : null}
      {can.run ? (
        <Form method="post" className="row">
          <FormTokenField token={formToken} />
          <input type="hidden" name="intent" value="run" />
          <button type="submit" disabled={busy}>
            Run now
          </button>
        </Form>
      ) : null}
      {rows.length === 0 ? (
        <p className="card muted">No reorder rules yet.</p>
      ) : (
        <TableFrame label="Reorder rules">
          <table>
            <thead>
              <tr>
                <th>Item</th>
                <th>Site</th>
                <th className="num">Reorder point</th>
                <th>Order</th>
                <th className="num">Projected</th>
                <th>Last decision</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/reorder/${r.id}`}>{r.itemName}</Link> <span className="hint">{r.unit}</span>
                    {r.paused ? <span className="hint"> · paused</span> : null}
                  </td>
                  <td>{r.siteLabel}</td>
                  <td className="num">{r.reorderPoint}</td>
                  <td>{r.sizing}</td>
                  <td className="num">{r.projected}</td>
                  <td>
                    {r.last ? (
                      <>
                        {r.last.label}
                        {r.last.quantity !== null ? ` ${r.last.quantity}` : ""}
                        <span className="hint"> · {formatInstant(r.last.at, timeZone)}</span>
                      </>
                    ) : (
                      <span className="hint">Not run yet</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Recent runs</h2>
        {runs.length === 0 ? (
          <p className="card muted">The job has not run yet.</p>
        ) : (
          <ul className="card">
            {runs.map((run) => (
              <li key={run.id}>
                {formatInstant(run.startedAt, timeZone)}:{" "}
                {run.trigger === "schedule" ? `daily run for ${run.scheduledFor}` : "run by hand"}, {run.rules}{" "}
                {run.rules === 1 ? "rule" : "rules"} judged, {run.ordered} ordered
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
