import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { settingsTabsFor } from "~/components/main-navigation";
import { SettingsTabs } from "~/components/settings-tabs";
import { InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { approvalPolicySchema } from "~/models/ordering/approval-policy.schema";
import { getApprovalPolicy, saveApprovalPolicy } from "~/models/ordering/approval-policy.server";
import { readForm, replyWithError } from "~/utils/submission.server";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Approval policy · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  return { ...(await getApprovalPolicy(ctx)), tabs: settingsTabsFor(ctx.ability) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  // Refused before the form is read, so nobody learns what a form they may not send would say.
  requireAbility(ctx, "update", "ApprovalPolicy");
  const parsed = await readForm(request, approvalPolicySchema);
  if (!parsed.ok) return parsed.response;
  try {
    await saveApprovalPolicy(ctx, parsed.value);
    return { ok: true };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const FIELDS = [
  { name: "thresholdOne", label: "Threshold one", hint: "From this amount a PO needs one finance approval." },
  {
    name: "thresholdTwo",
    label: "Threshold two",
    hint: "From this amount a PO needs two approvals by different people.",
  },
] as const;

export default function ApprovalPolicyPage() {
  const policy = useLoaderData<typeof loader>();
  const result = useActionData<unknown>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useSchemaForm(approvalPolicySchema, {
    lastResult: asReply(result),
    defaultValue: {
      thresholdOne: policy.thresholdOne,
      thresholdTwo: policy.thresholdTwo,
    },
  });
  return (
    <>
      <h1>Approval policy</h1>
      <SettingsTabs tabs={policy.tabs} />
      <p className="hint">
        Amounts in {policy.currency}; POs in other currencies are converted at finance&apos;s exchange rates.
        {policy.updatedAt ? ` Last changed ${formatInstant(policy.updatedAt)}.` : ""} The receipt and match tolerances
        are organisation settings, kept by your organisation&apos;s admin.
      </p>
      {typeof result === "object" && result !== null && "ok" in result ? (
        <p className="banner ok" role="status">
          Approval policy saved.
        </p>
      ) : null}
      {policy.can.update ? null : (
        <div className="card">
          <dl>
            {FIELDS.map((f) => (
              <div key={f.name}>
                <dt>{f.label}</dt>
                <dd>
                  {policy[f.name]} {policy.currency}
                </dd>
              </div>
            ))}
          </dl>
          <p className="hint">Finance keeps the approval policy.</p>
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
              label={f.label}
              hint={f.hint}
              inputMode="decimal"
            />
          ))}
          <button type="submit" disabled={busy}>
            Save approval policy
          </button>
        </Form>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
