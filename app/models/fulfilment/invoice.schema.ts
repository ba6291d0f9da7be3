/**
 * The supplier's invoice form (one row per PO line), its correction of a
 * disputed invoice, and finance's approval form.
 */
import { z } from "zod";

import { compare } from "../../utils/money";
import { dateField, printable, versionField } from "../shared/fields.schema";
import { msg } from "../../i18n/config";

const dueDate = dateField("due date");

/** `enter` asks for the field, `shape` says how a number is written: whole catalogue sentences. */
const decimal = (enter: string, shape: string, places: number) =>
  z
    .string({ error: enter })
    .trim()
    .regex(new RegExp(`^\\d{1,12}(\\.\\d{1,${places}})?$`), { message: shape, abort: true });

const invoiceLineSchema = z.object({
  poLineId: z.string().uuid(),
  quantity: decimal(msg("Enter the quantity."), msg("Enter the quantity as a number, e.g. 12.50."), 4),
  unitPrice: decimal(msg("Enter the unit price."), msg("Enter the unit price as a number, e.g. 12.50."), 4),
  taxRate: decimal(msg("Enter the tax rate."), msg("Enter the tax rate as a number, e.g. 12.50."), 2).refine(
    (v) => compare(v, "100") <= 0,
    msg("A tax rate is at most 100%."),
  ),
});

export const invoiceFormSchema = z.object({
  invoiceNumber: z
    .string({ error: msg("Enter your invoice number.") })
    .trim()
    .min(1, msg("Enter your invoice number."))
    .max(60, msg("Keep the invoice number under 60 characters.")),
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
  lines: z.array(invoiceLineSchema).min(1, msg("Invoice at least one line.")),
});
export type InvoiceFormInput = z.infer<typeof invoiceFormSchema>;

export const invoiceApprovalSchema = z.object({
  version: versionField,
  overrideReason: z.string().trim().max(1000, msg("Keep the reason under 1000 characters.")).default(""),
});

/** The supplier's corrected lines of a disputed invoice, against the version it saw. */
export const invoiceResubmitSchema = z.object({
  version: versionField,
  lines: z.array(invoiceLineSchema).min(1, msg("Keep at least one line on the invoice.")),
});
export type InvoiceResubmitInput = z.infer<typeof invoiceResubmitSchema>;

/** Finance records the payment of an approved invoice: the amount is the invoice's total, never typed. */
export const invoicePaymentSchema = z.object({
  intent: z.literal("pay", { error: msg("Unknown action.") }),
  version: versionField,
  paidOn: dateField("payment date"),
  reference: z
    .string({ error: msg("Enter the payment reference.") })
    .trim()
    .min(1, msg("Enter the payment reference from the bank statement."))
    .max(60, msg("Keep the reference under 60 characters."))
    .refine(printable, msg("Remove the control characters from the reference.")),
});
