/** The supplier's quote form: a unit price (or no bid) per RFQ line and terms. */
import { z } from "zod";

import { isDecimalString } from "../utils/money";

export const quoteLineSchema = z
  .object({
    rfqLineId: z.string().uuid("Unknown line."),
    unitPrice: z.string().trim().default(""),
    noBid: z.literal("on").optional(),
  })
  .superRefine((line, ctx) => {
    if (line.noBid) return;
    if (line.unitPrice === "") {
      ctx.addIssue({ code: "custom", path: ["unitPrice"], message: "Enter a unit price, or tick “No bid”." });
    } else if (!isDecimalString(line.unitPrice)) {
      ctx.addIssue({ code: "custom", path: ["unitPrice"], message: "The unit price must be a number, like 12.50." });
    } else if (line.unitPrice.startsWith("-")) {
      ctx.addIssue({ code: "custom", path: ["unitPrice"], message: "The unit price cannot be negative." });
    } else if ((line.unitPrice.split(".")[1]?.length ?? 0) > 4) {
      ctx.addIssue({ code: "custom", path: ["unitPrice"], message: "Use at most 4 decimals." });
    } else if (line.unitPrice.split(".")[0].length > 13) {
      ctx.addIssue({ code: "custom", path: ["unitPrice"], message: "The unit price is too large." });
    }
  });

export const quoteFormSchema = z
  .object({
    lines: z.array(quoteLineSchema).min(1, "Price at least one line."),
    leadTimeDays: z
      .string({ error: "Enter the lead time in days." })
      .trim()
      .regex(/^\d{1,4}$/, "Enter the lead time as whole days, like 14."),
    notes: z.string().trim().max(5000, "Keep the notes under 5000 characters.").default(""),
    version: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.lines.every((l) => l.noBid)) {
      ctx.addIssue({
        code: "custom",
        path: ["lines"],
        message: "Price at least one line, or decline the RFQ instead.",
      });
    }
  });

export type QuoteFormInput = z.infer<typeof quoteFormSchema>;
