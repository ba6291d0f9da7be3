/**
 * One reorder rule: what is projected at its site now, its settings (edit,
 * pause, resume), and its decision log: what every run decided and why.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { Fact } from "~/components/facts";
import { ErrorSummary } from "~/components/form/error-summary";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { ReorderSizingFields, SizingText } from "~/components/reorder-sizing-fields";
import { TableFrame } from "~/components/table-frame";
import { getRulePage, setRulePaused, updateRule } from "~/models/requisitions/reorder-rules.server";
import { editRuleSchema, pauseRuleSchema, ruleActionSchema } from "~/models/requisitions/reorder.schema";
import { organisationZone } from "~/models/requisitions/stock.server";
import { requireId } from "~/utils/http.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.rule.itemName} at ${data.site.label}` : "Reorder rule"} · Quotient` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such reorder rule.");
  return { ...(await getRulePage(ctx, { id })), timeZone: await organisationZone(ctx) };
}

type Done = { ok: "save" | "pause" | "resume" };

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such reorder rule.");
  const parsed = await readForm(request, ruleActionSchema);
  if (!parsed.ok) return parsed.response;
  const value = parsed.value;
  try {
    // The rule of the address is the one changed, whatever id the form carried.
    if (value.intent === "save") await updateRule(ctx, { ...value, id });
    else await setRulePaused(ctx, { ...value, id });
    return { ok: value.intent } satisfies Done;
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const DONE: Record<Done["ok"], string> = {
  save: "Rule saved.",
  pause: "Rule paused: runs still judge it and say so, but it orders nothing.",
  resume: "Rule resumed.",
};

export default function ReorderRulePage() {
  const { rule, site, projection, countedAt, decisions, can } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const result = useActionData<Done | FormReply>();
  const reply = asReply(result);
  const busy = useNavigation().state !== "idle";
  const replyIntent = reply?.initialValue?.intent;
  return (
    <>
      <p>
        <Link to="/reorder">Reorder rules</Link>
      </p>
      <h1>
        {rule.itemName} at {site.label}
      </h1>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {DONE[result.ok]}
        </p>
      ) : null}
      <dl className="facts card">
        <Fact label="Status">{rule.paused ? "Paused" : "Active"}</Fact>
        <Fact label="Unit">{rule.unit}</Fact>
        <Fact label="Reorder point">{format.quantity(rule.reorderPoint)}</Fact>
        <Fact label="Order">
          <SizingText sizing={rule.sizing} />
        </Fact>
        <Fact label="Preferred agreement">
          {rule.preferred ? (
            <Link to={`/agreements/${rule.preferred.agreementId}`}>{rule.preferred.number}</Link>
          ) : null}
        </Fact>
        <Fact label="On hand">
          {format.quantity(projection.onHand)}
          {countedAt ? <span className="hint"> · counted {format.instant(countedAt)}</span> : " · never counted"}
        </Fact>
        <Fact label="On order">{format.quantity(projection.onOrder)}</Fact>
        <Fact label="Projected">{format.quantity(projection.projected)}</Fact>
      </dl>
      {can.update ? (
        <>
          <PauseForm
            rule={rule}
            lastResult={replyIntent === "pause" || replyIntent === "resume" ? reply : undefined}
            busy={busy}
          />
          <EditForm rule={rule} lastResult={replyIntent === "save" ? reply : undefined} busy={busy} />
        </>
      ) : null}
      <section aria-labelledby="log-heading">
        <h2 id="log-heading">Decision log</h2>
        {decisions.length === 0 ? (
          <p className="card muted">No run has judged this rule yet.</p>
        ) : (
          <TableFrame label="Decision log">
            <table>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Decision</th>
                  <th className="num">On hand</th>
                  <th className="num">On order</th>
                  <th className="num">Projected</th>
                  <th className="num">Point</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {decisions.map((d) => (
                  <tr key={d.id}>
                    <td>
                      {format.instant(d.at)}
                      <span className="hint"> · {d.trigger === "schedule" ? "daily run" : "run by hand"}</span>
                    </td>
                    <td>
                      {t(d.label)}
                      {d.quantity !== null ? ` ${format.quantity(d.quantity)} ${rule.unit}` : ""}
                    </td>
                    <td className="num">{format.quantity(d.onHand)}</td>
                    <td className="num">{format.quantity(d.onOrder)}</td>
                    <td className="num">{format.quantity(d.projected)}</td>
                    <td className="num">{format.quantity(d.reorderPoint)}</td>
                    <td>{d.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
        )}
      </section>
    </>
  );
}

type Rule = ReturnType<typeof useLoaderData<typeof loader>>["rule"];

function PauseForm({ rule, lastResult, busy }: { rule: Rule; lastResult: FormReply | undefined; busy: boolean }) {
  const [form] = useSchemaForm(pauseRuleSchema, { id: "pause-rule", lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="row">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value={rule.paused ? "resume" : "pause"} />
      <input type="hidden" name="id" value={rule.id} />
      <input type="hidden" name="version" value={rule.version} />
      <button type="submit" className="secondary" disabled={busy}>
        {rule.paused ? "Resume rule" : "Pause rule"}
      </button>
    </Form>
  );
}

function EditForm({ rule, lastResult, busy }: { rule: Rule; lastResult: FormReply | undefined; busy: boolean }) {
  const [form, fields] = useSchemaForm(editRuleSchema, {
    id: "edit-rule",
    lastResult,
    defaultValue: {
      intent: "save",
      id: rule.id,
      version: String(rule.version),
      reorderPoint: rule.reorderPoint,
      policy: rule.policy,
      orderUpTo: rule.orderUpTo ?? "",
      fixedQuantity: rule.fixedQuantity ?? "",
      minOrderQuantity: rule.minOrderQuantity ?? "",
      lotSize: rule.lotSize ?? "",
    },
  });
  return (
    <section aria-labelledby="edit-heading">
      <h2 id="edit-heading">Settings</h2>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="id" value={rule.id} />
        <input type="hidden" name="version" value={rule.version} />
        <ReorderSizingFields fields={fields} unit={rule.unit} />
        <div className="row actions">
          <button type="submit" disabled={busy}>
            Save rule
          </button>
        </div>
      </Form>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
