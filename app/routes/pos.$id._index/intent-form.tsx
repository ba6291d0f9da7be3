/**
 * A form that is one button: submit, approve, revise. It sends its intent
 * and the version the person saw; a refusal (the PO changed since, the
 * machine does not allow it) shows above the button.
 */
import { Form } from "@remix-run/react";
import type { z } from "zod";

import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { useSchemaForm } from "~/components/form/use-schema-form";

import { usePoAction, type PoIntent } from "./po-action";

export function IntentForm({
  schema,
  intent,
  version,
  label,
}: {
  schema: z.ZodType<Record<string, unknown>>;
  intent: PoIntent;
  version: number;
  label: string;
}) {
  const { replyFor, busy, formToken } = usePoAction();
  const [form] = useSchemaForm(schema, { id: `${intent}-form`, lastResult: replyFor(intent) });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <FormTokenField token={formToken} />
      <button type="submit" disabled={busy}>
        {label}
      </button>
    </Form>
  );
}
