/**
 * One way to read a form against its zod schema, used by the browser for
 * instant feedback (conform's onValidate) and by the action as the real
 * check, so both give the same message for the same input.
 *
 * Conform's automatic coercion would turn every blank input into
 * `undefined`; our schemas are written for what the form sends (a blank
 * field is "", and they say "Enter the invoice date" for it, not zod's
 * generic "expected string"), so blanks reach the schema as typed. A
 * single value for a list field still becomes a list ("supplierIds").
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { configureCoercion } from "@conform-to/zod/v4/future";
import type { z } from "zod";

const { coerceFormValue } = configureCoercion({ stripEmptyString: (value) => value });

export function parseSubmission<S extends z.ZodType>(payload: FormData | URLSearchParams, schema: S) {
  return parseWithZod(payload, { schema: coerceFormValue(schema) as unknown as S, disableAutoCoercion: true });
}
