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
  }: {
    /** Needed when a page has several forms of the same schema. */
    id?: string;
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: DefaultValue<z.infer<S>>;
  },
) {
  return useForm<z.infer<S>, z.infer<S>>({
    id,
    lastResult,
    defaultValue,
    constraint: constraintOf(schema),
    onValidate: ({ formData }) => parseSubmission(formData, schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}
