import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { settingsTabsFor } from "~/components/main-navigation";
import { SettingsTabs } from "~/components/settings-tabs";
import { InputField, SelectField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { approvalPolicySchema } from "~/models/ordering/approval-policy.schema";
import { getApprovalPolicy, saveApprovalPolicy } from "~/models/ordering/approval-policy.server";
import { APPROVER_ROLES, requisitionRuleSchema } from "~/models/requisitions/requisition.schema";
import { RequisitionRuleWords } from "~/components/requisition-rule-words";
import { getRequisitionRule, saveRequisitionRule } from "~/models/requisitions/requisition-rule.server";
import { readFormData, readSubmission, replyWithError } from "~/utils/submission.server";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Approval policy");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  return {
    ...(await getApprovalPolicy(ctx)),
    requisitionRule: await getRequisitionRule(ctx),
    tabs: settingsTabsFor(ctx.ability),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  // Refused before the form is read, so nobody learns what a form they may not send would say.
  requireAbility(ctx, "update", "ApprovalPolicy");
  const formData = await readFormData(request);
  // Two forms on one page: the requisition rule's says so; the PO policy's is the page's first and plain one.
  if (formData.get("intent") === "requisitionRule") {
    const parsed = readSubmission(formData, requisitionRuleSchema);
    if (!parsed.ok) return parsed.response;
    try {
      await saveRequisitionRule(ctx, parsed.value);
      return { ok: "requisitionRule" };
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  const parsed = readSubmission(formData, approvalPolicySchema);
  if (!parsed.ok) return parsed.response;
  try {
    await saveApprovalPolicy(ctx, parsed.value);
    return { ok: true };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const FIELDS = [
  {
    name: "thresholdOne",
    label: msg("Threshold one"),
    hint: msg("From this amount a PO needs one finance approval."),
  },
  {
    name: "thresholdTwo",
    label: msg("Threshold two"),
    hint: msg("From this amount a PO needs two approvals by different people."),
  },
] as const;

export default function ApprovalPolicyPage() {
  const policy = useLoaderData<typeof loader>();
  const result = useActionData<unknown>();
  const busy = useNavigation().state !== "idle";
  const { t, format } = useI18n();
  // Each form hears only its own answer.
  const reply = asReply(result);
  const forRule = reply?.initialValue?.intent === "requisitionRule";
  const [form, fields] = useSchemaForm(approvalPolicySchema, {
    lastResult: forRule ? undefined : reply,
    defaultValue: {
      thresholdOne: policy.thresholdOne,
      thresholdTwo: policy.thresholdTwo,
    },
  });
  return (
    <>
      <h1>{t("Approval policy")}</h1>
      <SettingsTabs tabs={policy.tabs} />
      <p className="hint">
        {t("Amounts in {{currency}}; POs in other currencies are converted at finance's exchange rates.", {
          currency: policy.currency,
        })}
        {policy.updatedAt ? ` ${t("Last changed {{at}}.", { at: format.instant(policy.updatedAt) })}` : ""}{" "}
        {t("The receipt and match tolerances are organisation settings, kept by your organisation's admin.")}
      </p>
      {typeof result === "object" && result !== null && "ok" in result ? (
        <p className="banner ok" role="status">
          {t("Approval policy saved.")}
        </p>
      ) : null}
      {policy.can.update ? null : (
        <div className="card">
          <dl>
            {FIELDS.map((f) => (
              <div key={f.name}>
                <dt>{t(f.label)}</dt>
                <dd>{format.money(policy[f.name], policy.currency)}</dd>
              </div>
            ))}
          </dl>
          <p className="hint">{t("Finance keeps the approval policy.")}</p>
        </div>
      )}
      {policy.can.update ? <ErrorSummary form={form} /> : null}
      {policy.can.update ? (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
          {FIELDS.map((f) => (
            <InputField
              key={f.name}
              field={fields[f.name]}
              id={f.name}
              label={t(f.label)}
              hint={t(f.hint)}
              inputMode="decimal"
            />
          ))}
          <button type="submit" disabled={busy}>
            {t("Save approval policy")}
          </button>
        </Form>
      ) : null}
      <RequisitionRuleSection
        rule={policy.requisitionRule}
        lastResult={forRule ? reply : undefined}
        saved={typeof result === "object" && result !== null && "ok" in result && result.ok === "requisitionRule"}
        busy={busy}
      />
    </>
  );
}

function RequisitionRuleSection({
  rule,
  lastResult,
  saved,
  busy,
}: {
  rule: ReturnType<typeof useLoaderData<typeof loader>>["requisitionRule"];
  lastResult: ReturnType<typeof asReply>;
  saved: boolean;
  busy: boolean;
}) {
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(requisitionRuleSchema, {
    lastResult,
    defaultValue: {
      intent: "requisitionRule",
      requisitionThresholdOne: rule.thresholdOne,
      requisitionThresholdTwo: rule.thresholdTwo,
      approverRole: rule.approverRole,
    },
  });
  return (
    <section aria-labelledby="requisition-rule-heading" className="stack">
      <h2 id="requisition-rule-heading">{t("Requisition approval")}</h2>
      <p className="hint">
        <RequisitionRuleWords rule={rule.inForce} />
      </p>
      {saved ? (
        <p className="banner ok" role="status">
          {t("Requisition rule saved.")}
        </p>
      ) : null}
      {rule.can.update ? (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
          <ErrorSummary form={form} />
          <input type="hidden" name="intent" value="requisitionRule" />
          <InputField
            field={fields.requisitionThresholdOne}
            id="requisitionThresholdOne"
            label={t("Requisition threshold one ({{currency}})", { currency: rule.currency })}
            hint={t("Below this amount a requisition is approved at once; from it, one approval.")}
            inputMode="decimal"
          />
          <InputField
            field={fields.requisitionThresholdTwo}
            id="requisitionThresholdTwo"
            label={t("Requisition threshold two ({{currency}})", { currency: rule.currency })}
            hint={t("From this amount, two approvals by different people.")}
            inputMode="decimal"
          />
          <SelectField
            field={fields.approverRole}
            id="approverRole"
            label={t("Approved by")}
            options={APPROVER_ROLES.map((r) => ({ value: r.value, label: t(r.label) }))}
          />
          <button type="submit" disabled={busy}>
            {t("Save requisition rule")}
          </button>
        </Form>
      ) : (
        <p className="hint">{t("Finance keeps the requisition rule.")}</p>
      )}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
