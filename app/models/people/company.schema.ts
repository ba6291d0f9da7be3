/**
 * A supplier organisation's company forms: the profile its admin keeps, and
 * the bank details any of its people may propose (a second person, or a
 * mailed link, confirms them). The IBAN passes the mod-97 check here, in the
 * browser and on the server alike.
 */
import { z } from "zod";

import { bicProblem, ibanProblem, normaliseBic, normaliseIban } from "../shared/bank-account";
import { blankToUndefined, printable } from "../shared/fields.schema";

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .max(max, `Keep the ${label} under ${max} characters.`)
    .refine(printable, `Remove the control characters from the ${label}.`);

const required = (label: string, max: number, min = 2) =>
  text(label, max).pipe(z.string().min(min, `Enter the ${label}.`));

export const companyProfileSchema = z.object({
  intent: z.literal("profile", { error: "Unknown action." }),
  name: required("company name", 200),
  legalName: required("legal name", 200),
  taxId: z.preprocess(blankToUndefined, text("tax ID", 50).optional()),
  address: required("registered address", 500, 5),
  remittanceAddress: z.preprocess(blankToUndefined, text("remittance address", 500).optional()),
  contactName: z.preprocess(blankToUndefined, text("contact name", 200).optional()),
  contactEmail: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(254, "Keep the address under 254 characters.")
      .email("Enter a valid email address, like accounts@company.com.")
      .transform((v) => v.toLowerCase())
      .optional(),
  ),
  contactPhone: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(40, "Keep the phone number under 40 characters.")
      .regex(/^\+?[0-9 ()./-]{5,}$/, "Enter a phone number of digits, spaces and + ( ) - only.")
      .optional(),
  ),
});

export type CompanyProfileInput = z.infer<typeof companyProfileSchema>;

export const bankDetailsSchema = z.object({
  intent: z.literal("propose", { error: "Unknown action." }),
  accountHolder: required("account holder", 200),
  iban: z
    .string({ error: "Enter the IBAN." })
    .max(64, "An IBAN has at most 34 characters.")
    .superRefine((value, ctx) => {
      const problem = ibanProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform(normaliseIban),
  bic: z
    .string({ error: "Enter the BIC (SWIFT code)." })
    .max(32, "A BIC has 8 or 11 characters.")
    .superRefine((value, ctx) => {
      const problem = bicProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform(normaliseBic),
});

export type BankDetailsInput = z.infer<typeof bankDetailsSchema>;

/** Confirming or withdrawing the open proposal: the id guards against acting on a newer one than was shown. */
export const bankChangeActionSchema = z.object({
  intent: z.enum(["confirm", "withdraw"], { error: "Unknown action." }),
  changeId: z.string({ error: "Reload the page and try again." }).uuid("Reload the page and try again."),
});

/** The confirmation by mailed link: one button, the token is in the address. */
export const bankLinkSchema = z.object({
  intent: z.literal("confirm", { error: "Unknown action." }),
});
