/**
 * The supplier's invoice form (one row per PO line), its correction of a
 * disputed invoice, and finance's approval form.
 */
import { z } from "zod";

import { compare } from "../../utils/money";
import { dateField, printable, versionField } from "../shared/fields.schema";

const dueDate = dateField("due date");

const decimal = (what: string, places: number) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .regex(new RegExp(`^\\d{1,12}(\\.\\d{1,${places}})?$`), {
      message: `Enter the ${what} as a number, e.g. 12.50.`,
      abort: true,
    });

const invoiceLineSchema = z.object({
  poLineId: z.string().uuid(),
  quantity: decimal("quantity", 4),
  unitPrice: decimal("unit price", 4),
  taxRate: decimal("tax rate", 2).refine((v) => compare(v, "100") <= 0, "A tax rate is at most 100%."),
});

export const invoiceFormSchema = z.object({
  invoiceNumber: z
    .string({ error: "Enter your invoice number." })
    .trim()
    .min(1, "Enter your invoice number.")
    .max(60, "Keep the invoice number under 60 characters."),
  issuedOn: dateField("invoice date"),
  // Blank means no due date; anything typed must be a real day.
  dueOn: z
    .string()
    .trim()
    .default("")
    .superRefine((v, ctx) => {
      const problem = v === "" ? undefined : dueDate.safeParse(v).error?.issues[0]?.message;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  lines: z.array(invoiceLineSchema).min(1, "Invoice at least one line."),
});
export type InvoiceFormInput = z.infer<typeof invoiceFormSchema>;

export const invoiceApprovalSchema = z.object({
  version: versionField,
  overrideReason: z.string().trim().max(1000, "Keep the reason under 1000 characters.").default(""),
});

/** The supplier's corrected lines of a disputed invoice, against the version it saw. */
export const invoiceResubmitSchema = z.object({
  version: versionField,
  lines: z.array(invoiceLineSchema).min(1, "Keep at least one line on the invoice."),
});
export type InvoiceResubmitInput = z.infer<typeof invoiceResubmitSchema>;

/** Finance records the payment of an approved invoice: the amount is the invoice's total, never typed. */
export const invoicePaymentSchema = z.object({
  intent: z.literal("pay", { error: "Unknown action." }),
  version: versionField,
  paidOn: dateField("payment date"),
  reference: z
    .string({ error: "Enter the payment reference." })
    .trim()
    .min(1, "Enter the payment reference from the bank statement.")
    .max(60, "Keep the reference under 60 characters.")
    .refine(printable, "Remove the control characters from the reference."),
});
