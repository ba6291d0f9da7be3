/**
 * The sign-up form: a buying organisation (name, legal name, country) and
 * its first admin (name, address, password), with the browser's time zone
 * as the organisation's first default zone.
 */
import { z } from "zod";

import { emailField, newPasswordField, organisationText, personNameField } from "./fields.schema";
import { isCountryCode, listedTimeZone } from "./places";
import { msg } from "../../i18n/config";

export const signupSchema = z.object({
  organisationName: organisationText(msg("Enter your organisation's name.")),
  legalName: organisationText(msg("Enter the legal name, as registered."), 300),
  country: z
    .string({ error: msg("Choose the country.") })
    .refine(isCountryCode, msg("Choose the country from the list.")),
  name: personNameField,
  email: emailField,
  password: newPasswordField,
  /** The zone of the browser the company signs up from, put in by the page's script; anything else is dropped, never refused. */
  timeZone: z
    .string()
    .transform((v) => listedTimeZone(v))
    .optional(),
});

export type SignupInput = z.infer<typeof signupSchema>;

/** Asking for a link again (confirmation or password reset): the address alone. */
export const addressSchema = z.object({ email: emailField });
