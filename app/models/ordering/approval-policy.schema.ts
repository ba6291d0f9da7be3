/** Finance's approval policy form: two thresholds in the organisation's currency and two tolerances. */
import { z } from "zod";

import { compare } from "../../utils/money";

const amount = (label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, { message: `Enter ${label} as an amount such as 25000 or 1000.50.`, abort: true });

const percent = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, { message: `Enter the ${label} as a percentage such as 5 or 2.5.`, abort: true })
    .refine((v) => compare(v, "100") <= 0, `The ${label} is at most 100%.`);

export const approvalPolicySchema = z
  .object({
    thresholdOne: amount("threshold one"),
    thresholdTwo: amount("threshold two"),
    receiptTolerancePercent: percent("receipt tolerance"),
    invoiceTolerancePercent: percent("invoice tolerance"),
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
