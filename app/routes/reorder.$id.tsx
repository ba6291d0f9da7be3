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
import { decisionReason } from "~/models/requisitions/reorder-reason";
import { organisationZone } from "~/models/requisitions/stock.server";
import { requireId } from "~/utils/http.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { unitLabel } from "~/models/shared/vocabulary-labels";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? titled(matches, "{{item}} at {{site}}", { item: data.rule.itemName, site: data.site.label })
    : titled(matches, "Reorder rule");

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
  save: msg("Rule saved."),
  pause: msg("Rule paused: runs still judge it and say so, but it orders nothing."),
  resume: msg("Rule resumed."),
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
        <Link to="/reorder">{t("Reorder rules")}</Link>
      </p>
      <h1>{t("{{item}} at {{site}}", { item: rule.itemName, site: site.label })}</h1>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {t(DONE[result.ok])}
        </p>
      ) : null}
      <dl className="facts card">
        <Fact label={t("Status")}>{rule.paused ? t("Paused") : t("Active")}</Fact>
        <Fact label={t("Unit")}>{t(unitLabel(rule.unit))}</Fact>
        <Fact label={t("Reorder point")}>{format.quantity(rule.reorderPoint)}</Fact>
        <Fact label={t("Order")}>
          <SizingText sizing={rule.sizing} />
        </Fact>
        <Fact label={t("Preferred agreement")}>
          {rule.preferred ? (
            <Link to={`/agreements/${rule.preferred.agreementId}`}>{rule.preferred.number}</Link>
          ) : null}
        </Fact>
        <Fact label={t("On hand")}>
          {format.quantity(projection.onHand)}
          {countedAt ? (
            <span className="hint"> · {t("counted {{at}}", { at: format.instant(countedAt) })}</span>
          ) : (
            ` · ${t("never counted")}`
          )}
        </Fact>
        <Fact label={t("On order")}>{format.quantity(projection.onOrder)}</Fact>
        <Fact label={t("Projected")}>{format.quantity(projection.projected)}</Fact>
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
        <h2 id="log-heading">{t("Decision log")}</h2>
        {decisions.length === 0 ? (
          <p className="card muted">{t("No run has judged this rule yet.")}</p>
        ) : (
          <TableFrame label={t("Decision log")}>
            <table>
              <thead>
                <tr>
                  <th>{t("When")}</th>
                  <th>{t("Decision")}</th>
                  <th className="num">{t("On hand")}</th>
                  <th className="num">{t("On order")}</th>
                  <th className="num">{t("Projected")}</th>
                  <th className="num">{t("Point")}</th>
                  <th>{t("Why")}</th>
                </tr>
              </thead>
              <tbody>
                {decisions.map((d) => (
                  <tr key={d.id}>
                    <td>
                      {format.instant(d.at)}
                      <span className="hint"> · {d.trigger === "schedule" ? t("daily run") : t("run by hand")}</span>
                    </td>
                    <td>
                      {t(d.label)}
                      {d.quantity !== null ? ` ${format.quantity(d.quantity)} ${t(unitLabel(rule.unit))}` : ""}
                    </td>
                    <td className="num">{format.quantity(d.onHand)}</td>
                    <td className="num">{format.quantity(d.onOrder)}</td>
                    <td className="num">{format.quantity(d.projected)}</td>
                    <td className="num">{format.quantity(d.reorderPoint)}</td>
                    <td>{decisionReason(t, format, d.detail)}</td>
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
  const { t } = useI18n();
  const [form] = useSchemaForm(pauseRuleSchema, { id: "pause-rule", lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="row">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value={rule.paused ? "resume" : "pause"} />
      <input type="hidden" name="id" value={rule.id} />
      <input type="hidden" name="version" value={rule.version} />
      <button type="submit" className="secondary" disabled={busy}>
        {rule.paused ? t("Resume rule") : t("Pause rule")}
      </button>
    </Form>
  );
}

function EditForm({ rule, lastResult, busy }: { rule: Rule; lastResult: FormReply | undefined; busy: boolean }) {
  const { t } = useI18n();
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
      <h2 id="edit-heading">{t("Settings")}</h2>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="id" value={rule.id} />
        <input type="hidden" name="version" value={rule.version} />
        <ReorderSizingFields fields={fields} unit={rule.unit} />
        <div className="row actions">
          <button type="submit" disabled={busy}>
            {t("Save rule")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
