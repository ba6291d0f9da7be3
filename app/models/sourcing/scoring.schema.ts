/**
 * The scoring weights form on the comparison page (a GET form, so a ranking
 * can be bookmarked and the CSV link carries the same weights). A weight left
 * out takes its default; the three must be whole numbers from 0 to 100 that
 * add up to 100. Invalid weights are reported beside their field and the
 * page falls back to the defaults.
 */
import { z } from "zod";

import { fieldErrors, type FieldErrors } from "../../utils/form";

import { blankToUndefined } from "../shared/fields.schema";
import type { QueryValues } from "./comparison-page.schema";
import { msg, msgWith } from "../../i18n/config";
import { CRITERIA, DEFAULT_WEIGHTS, type Criterion, type Weights } from "./scoring";

/** One whole sentence per criterion, so a translation never lowercases a label into someone else's sentence. */
const WEIGHT_MESSAGES: Record<Criterion, string> = {
  price: msg("Enter the price weight as a whole number from 0 to 100."),
  lead: msg("Enter the lead time weight as a whole number from 0 to 100."),
  performance: msg("Enter the supplier performance weight as a whole number from 0 to 100."),
};

const weightField = (criterion: Criterion) => {
  const message = WEIGHT_MESSAGES[criterion];
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, { message, abort: true })
      .transform(Number)
      .refine((n) => n <= 100, message)
      .optional(),
  );
};

export const weightsSchema = z
  .object({ price: weightField("price"), lead: weightField("lead"), performance: weightField("performance") })
  .transform((w): Weights => ({
    price: w.price ?? DEFAULT_WEIGHTS.price,
    lead: w.lead ?? DEFAULT_WEIGHTS.lead,
    performance: w.performance ?? DEFAULT_WEIGHTS.performance,
  }))
  .superRefine((w, ctx) => {
    const total = w.price + w.lead + w.performance;
    if (total !== 100)
      ctx.addIssue({
        code: "custom",
        path: ["weights"],
        message: msgWith("The weights add up to {{total}}; make them add up to 100.", { total }),
      });
  });

export interface ParsedWeights {
  weights: Weights;
  /** What was typed, to put back in the form. */
  typed: Record<Criterion, string>;
  errors: FieldErrors;
  /** True when the URL set weights that are valid and not the defaults. */
  custom: boolean;
}

export function parseWeights(search: QueryValues): ParsedWeights {
  const typed = Object.fromEntries(CRITERIA.map((c) => [c, search.get(c) ?? String(DEFAULT_WEIGHTS[c])])) as Record<
    Criterion,
    string
  >;
  const result = weightsSchema.safeParse(Object.fromEntries(CRITERIA.map((c) => [c, search.get(c) ?? undefined])));
  if (!result.success) return { weights: DEFAULT_WEIGHTS, typed, errors: fieldErrors(result.error), custom: false };
  const custom = CRITERIA.some((c) => result.data[c] !== DEFAULT_WEIGHTS[c]);
  return { weights: result.data, typed, errors: {}, custom };
}
