/**
 * A small form for reject / decline / cancel-style actions: one required
 * reason, the intent the action dispatches on, and hidden fields (the
 * version the person saw, an id). The schema is the action's own, so the
 * reason's rules and words are the server's.
 */
import { Form } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";

import { ErrorSummary } from "./error-summary";
import { Fold } from "./fold";
import { TextareaField } from "./fields";
import { useSchemaForm } from "./use-schema-form";

export function ReasonForm({
  schema,
  intent,
  hidden = {},
  id,
  reasonName = "reason",
  reasonId,
  label,
  hint,
  submitLabel,
  danger = false,
  busy = false,
  lastResult,
  action,
}: {
  schema: z.ZodType<Record<string, unknown>>;
  intent: string;
  hidden?: Record<string, string | number>;
  /** Unique per page: several reason forms may share one. */
  id: string;
  /** The reason's field name, as the schema reads it ("reason", "declineReason"). */
  reasonName?: string;
  /** The textarea's id; the field name when not given. */
  reasonId?: string;
  label: string;
  hint?: string;
  submitLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** The action's reply; shown only when it answers this form's intent. */
  lastResult?: SubmissionResult<string[]> | null;
  action?: string;
}) {
  // One page may hold several reason forms posting to one action: only the one whose intent was answered shows the reply.
  const answered = lastResult?.initialValue?.intent === intent ? lastResult : undefined;
  const [form, fields] = useSchemaForm(schema, { id, lastResult: answered });
  const reason = fields[reasonName];
  return (
    <Form method="post" action={action} id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextareaField field={reason} id={reasonId ?? reasonName} label={label} hint={hint} rows={2} />
      <div className="actions">
        <button type="submit" className={danger ? "danger" : undefined} disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

/**
 * A reason form folded under its summary line, open again when the action
 * answered it (so a refusal shows beside its field): how reject, decline,
 * cancel and close sit on record pages. `open` overrides when a page opens
 * it only on a refusal.
 */
export function FoldedReasonForm({
  summary,
  open,
  ...form
}: Parameters<typeof ReasonForm>[0] & { summary: string; open?: boolean }) {
  return (
    <Fold summary={summary} open={open ?? Boolean(form.lastResult)}>
      <ReasonForm {...form} />
    </Fold>
  );
}
