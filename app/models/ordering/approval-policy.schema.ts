/** Finance's approval policy form: two thresholds in the organisation's currency (the tolerances are organisation settings). */
import { z } from "zod";

import { compare } from "../../utils/money";
import { msg } from "../../i18n/config";

/** `enter` asks for the field, `shape` says what an amount looks like: both whole catalogue sentences. */
const amount = (enter: string, shape: string) =>
  z
    .string({ error: enter })
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, { message: shape, abort: true });

export const approvalPolicySchema = z
  .object({
    thresholdOne: amount(
      msg("Enter threshold one."),
      msg("Enter threshold one as an amount such as 25000 or 1000.50."),
    ),
    thresholdTwo: amount(
      msg("Enter threshold two."),
      msg("Enter threshold two as an amount such as 25000 or 1000.50."),
    ),
  })
  .superRefine((value, ctx) => {
    if (compare(value.thresholdTwo, value.thresholdOne) < 0) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholdTwo"],
        message: msg("Threshold two must be at least threshold one."),
      });
    }
  });
export type ApprovalPolicyInput = z.infer<typeof approvalPolicySchema>;
