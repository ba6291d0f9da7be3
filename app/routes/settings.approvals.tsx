import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { Field, FormErrorBanner, invalidProps } from "~/components/field";
import { approvalPolicySchema } from "~/models/ordering/approval-policy.schema";
import { getApprovalPolicy, saveApprovalPolicy } from "~/models/ordering/approval-policy.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Approval policy · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  return getApprovalPolicy(ctx);
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const parsed = parseForm(approvalPolicySchema, await request.formData());
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  try {
    await saveApprovalPolicy(ctx, parsed.data);
    return { ok: true };
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

const FIELDS = [
  { name: "thresholdOne", label: "Threshold one", hint: "From this amount a PO needs one finance approval." },
  {
    name: "thresholdTwo",
    label: "Threshold two",
    hint: "From this amount a PO needs two approvals by different people.",
  },
  {
    name: "receiptTolerancePercent",
    label: "Receipt tolerance (%)",
    hint: "How much more than ordered may be received.",
  },
  {
    name: "invoiceTolerancePercent",
    label: "Invoice tolerance (%)",
    hint: "How far invoiced prices and quantities may differ before an invoice is disputed.",
  },
] as const;

export default function ApprovalPolicyPage() {
  const policy = useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody | { ok: true }>();
  const busy = useNavigation().state !== "idle";
  const errors = result && "errors" in result ? result.errors : {};
  const typed = (result && "values" in result ? result.values : undefined) ?? {};
  return (
    <>
      <h1>Approval policy</h1>
      <p className="hint">
        Amounts in {policy.currency}; POs in other currencies are converted at finance&apos;s exchange rates.
        {policy.updatedAt ? ` Last changed ${formatInstant(policy.updatedAt)}.` : ""}
      </p>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          Approval policy saved.
        </p>
      ) : null}
      <FormErrorBanner message={errors.form} />
      <Form method="post" className="stack card">
        {FIELDS.map((f) => (
          <Field key={f.name} id={f.name} label={f.label} error={errors[f.name]} hint={f.hint}>
            <input
              id={f.name}
              name={f.name}
              inputMode="decimal"
              defaultValue={typeof typed[f.name] === "string" ? (typed[f.name] as string) : policy[f.name]}
              {...invalidProps(f.name, errors[f.name])}
            />
          </Field>
        ))}
        <button type="submit" disabled={busy}>
          Save approval policy
        </button>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
