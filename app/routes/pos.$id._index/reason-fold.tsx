/**
 * A PO decision that needs a reason (reject, decline, cancel): the reason
 * form folded under its summary, carrying the version the person saw and the
 * page's one-time token, open again when the action refused it.
 */
import { useLoaderData } from "@remix-run/react";
import type { z } from "zod";

import { FoldedReasonForm } from "~/components/form/reason-form";

import { usePoAction, type PoIntent } from "./po-action";
import type { loader } from "./route";

export function PoReasonFold({
  intent,
  schema,
  reasonName,
  summary,
  label,
  submitLabel,
}: {
  intent: PoIntent;
  schema: z.ZodType<Record<string, unknown>>;
  /** The reason's field name, as the intent's schema reads it. */
  reasonName?: string;
  summary: string;
  label: string;
  submitLabel: string;
}) {
  const { po } = useLoaderData<typeof loader>();
  const { replyFor, busy, formToken } = usePoAction();
  return (
    <FoldedReasonForm
      summary={summary}
      schema={schema}
      intent={intent}
      id={`${intent}-form`}
      reasonName={reasonName}
      hidden={{ version: po.version, formToken }}
      label={label}
      submitLabel={submitLabel}
      danger
      busy={busy}
      lastResult={replyFor(intent)}
    />
  );
}
