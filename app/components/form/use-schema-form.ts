/**
 * useForm bound to a form's zod schema: the browser checks a field when it
 * loses focus and again as it is corrected, with the very schema the action
 * enforces (app/utils/submission.ts), and shows what the server answered
 * (`lastResult`) on the first render, so errors appear without JavaScript.
 */
import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import type { z } from "zod";

import { parseSubmission } from "~/utils/submission";

const constraints = new WeakMap<z.ZodType, ReturnType<typeof getZodConstraint>>();

function constraintOf(schema: z.ZodType) {
  let constraint = constraints.get(schema);
  if (!constraint) {
    constraint = getZodConstraint(schema);
    constraints.set(schema, constraint);
  }
  return constraint;
}

export function useSchemaForm<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  {
    id,
    lastResult,
    defaultValue,
    deferToServer,
    schemaFor,
  }: {
    /** Needed when a page has several forms of the same schema. */
    id?: string;
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: DefaultValue<z.infer<S>>;
    /**
     * True when the post carries something only the server can read (an
     * uploaded CSV of lines): a failed browser check then lets the post go
     * and the server's answer decides.
     */
    deferToServer?: (formData: FormData) => boolean;
    /**
     * A form whose buttons ask for different checks (save a draft, submit):
     * the schema for this post, from what it holds (the pressed button's
     * intent). A field checked on blur has no button pressed yet.
     */
    schemaFor?: (formData: FormData) => z.ZodType;
  },
) {
  return useForm<z.infer<S>, z.infer<S>>({
    id,
    lastResult,
    defaultValue,
    constraint: constraintOf(schema),
    onValidate: ({ formData }) => {
      const submission = parseSubmission(formData, (schemaFor?.(formData) ?? schema) as S);
      if (submission.status === "success" || !deferToServer?.(formData)) return submission;
      // conform reads `error: null` as "the server decides": nothing is shown and the post is sent.
      return { ...submission, error: null };
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}

/** The action's data when it is a form reply (an action may also answer `{ ok: true }` on success). */
export function asReply(data: unknown): SubmissionResult<string[]> | undefined {
  return typeof data === "object" && data !== null && "initialValue" in data
    ? (data as SubmissionResult<string[]>)
    : undefined;
}
