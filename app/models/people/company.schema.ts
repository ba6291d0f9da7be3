/**
 * A supplier organisation's company forms: the profile its admin keeps, and
 * the bank details any of its people may propose (a second person, or a
 * mailed link, confirms them). The IBAN passes the mod-97 check here, in the
 * browser and on the server alike.
 */
import { z } from "zod";

import { bicProblem, ibanProblem, normaliseBic, normaliseIban } from "../shared/bank-account";
import { blankToUndefined, printable } from "../shared/fields.schema";
import { msg, msgWith } from "../../i18n/config";

type Said = { enter: string; tooLong: string; control: string };

// Each field's sentences whole, so a translation can say them in its own order.
const SAID = {
  companyName: {
    enter: msg("Enter the company name."),
    tooLong: msg("Keep the company name under {{max}} characters."),
    control: msg("Remove the control characters from the company name."),
  },
  legalName: {
    enter: msg("Enter the legal name."),
    tooLong: msg("Keep the legal name under {{max}} characters."),
    control: msg("Remove the control characters from the legal name."),
  },
  taxId: {
    enter: msg("Enter the tax ID."),
    tooLong: msg("Keep the tax ID under {{max}} characters."),
    control: msg("Remove the control characters from the tax ID."),
  },
  address: {
    enter: msg("Enter the registered address."),
    tooLong: msg("Keep the registered address under {{max}} characters."),
    control: msg("Remove the control characters from the registered address."),
  },
  remittanceAddress: {
    enter: msg("Enter the remittance address."),
    tooLong: msg("Keep the remittance address under {{max}} characters."),
    control: msg("Remove the control characters from the remittance address."),
  },
  contactName: {
    enter: msg("Enter the contact name."),
    tooLong: msg("Keep the contact name under {{max}} characters."),
    control: msg("Remove the control characters from the contact name."),
  },
  accountHolder: {
    enter: msg("Enter the account holder."),
    tooLong: msg("Keep the account holder under {{max}} characters."),
    control: msg("Remove the control characters from the account holder."),
  },
} satisfies Record<string, Said>;

const text = (said: Said, max: number) =>
  z.string({ error: said.enter }).trim().max(max, msgWith(said.tooLong, { max })).refine(printable, said.control);

const required = (said: Said, max: number, min = 2) => text(said, max).pipe(z.string().min(min, said.enter));

export const companyProfileSchema = z.object({
  intent: z.literal("profile", { error: msg("Unknown action.") }),
  name: required(SAID.companyName, 200),
  legalName: required(SAID.legalName, 200),
  taxId: z.preprocess(blankToUndefined, text(SAID.taxId, 50).optional()),
  address: required(SAID.address, 500, 5),
  remittanceAddress: z.preprocess(blankToUndefined, text(SAID.remittanceAddress, 500).optional()),
  contactName: z.preprocess(blankToUndefined, text(SAID.contactName, 200).optional()),
  contactEmail: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(254, msg("Keep the address under 254 characters."))
      .email(msg("Enter a valid email address, like accounts@company.com."))
      .transform((v) => v.toLowerCase())
      .optional(),
  ),
  contactPhone: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(40, msg("Keep the phone number under 40 characters."))
      .regex(/^\+?[0-9 ()./-]{5,}$/, msg("Enter a phone number of digits, spaces and + ( ) - only."))
      .optional(),
  ),
});

export type CompanyProfileInput = z.infer<typeof companyProfileSchema>;

export const bankDetailsSchema = z.object({
  intent: z.literal("propose", { error: msg("Unknown action.") }),
  accountHolder: required(SAID.accountHolder, 200),
  iban: z
    .string({ error: msg("Enter the IBAN.") })
    .max(64, msg("An IBAN has at most 34 characters."))
    .superRefine((value, ctx) => {
      const problem = ibanProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform(normaliseIban),
  bic: z
    .string({ error: msg("Enter the BIC (SWIFT code).") })
    .max(32, msg("A BIC has 8 or 11 characters."))
    .superRefine((value, ctx) => {
      const problem = bicProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform(normaliseBic),
});

export type BankDetailsInput = z.infer<typeof bankDetailsSchema>;

/** Confirming or withdrawing the open proposal: the id guards against acting on a newer one than was shown. */
export const bankChangeActionSchema = z.object({
  intent: z.enum(["confirm", "withdraw"], { error: msg("Unknown action.") }),
  changeId: z.string({ error: msg("Reload the page and try again.") }).uuid(msg("Reload the page and try again.")),
});

/** The confirmation by mailed link: one button, the token is in the address. */
export const bankLinkSchema = z.object({
  intent: z.literal("confirm", { error: msg("Unknown action.") }),
});
