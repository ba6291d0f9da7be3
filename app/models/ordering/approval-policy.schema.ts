/** Finance's approval policy form: two thresholds in the organisation's currency (the tolerances are organisation settings). */
import { z } from "zod";

import { compare } from "../../utils/money";

const amount = (label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, { message: `Enter ${label} as an amount such as 25000 or 1000.50.`, abort: true });

export const approvalPolicySchema = z
  .object({
    thresholdOne: amount("threshold one"),
    thresholdTwo: amount("threshold two"),
  })
  .superRefine((value, ctx) => {
    if (compare(value.thresholdTwo, value.thresholdOne) < 0) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholdTwo"],
        message: "Threshold two must be at least threshold one.",
      });
    }
  });
export type ApprovalPolicyInput = z.infer<typeof approvalPolicySchema>;
