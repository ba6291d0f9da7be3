/** The goods-receipt form on a PO page: a quantity per line, blank or zero for lines not in this delivery. */
import { z } from "zod";

const quantity = z
  .string()
  .trim()
  .regex(/^(\d{1,12}(\.\d{1,4})?)?$/, "Enter a quantity such as 12 or 2.5 (up to four decimals).");

export const receiptFormSchema = z.object({
  version: z.coerce.number().int(),
  receivedOn: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as YYYY-MM-DD."),
  note: z.string().trim().max(1000, "Keep the note under 1000 characters.").default(""),
  lines: z.array(z.object({ poLineId: z.string().uuid(), quantity: quantity.default("") })).min(1),
});

export type ReceiptFormInput = z.infer<typeof receiptFormSchema>;
