/**
 * Fields the people forms share: an email address, a person's name, a new
 * password. The password's rules that need the address (not built on it)
 * are checked on the server (app/auth/password.server.ts) after the schema.
 */
import { z } from "zod";

import { printable } from "../shared/fields.schema";
import { msg, msgWith } from "../../i18n/config";

const CONTROL = msg("Remove the control characters from this field.");

export const emailField = z
  .string({ error: msg("Enter an email address.") })
  .trim()
  .min(1, msg("Enter an email address."))
  .max(254, msg("Keep the address under 254 characters."))
  .email(msg("Enter a valid email address, like name@company.com."))
  .transform((v) => v.toLowerCase());

export const personNameField = z
  .string({ error: msg("Enter your name.") })
  .trim()
  .min(1, msg("Enter your name."))
  .max(200, msg("Keep the name under 200 characters."))
  .refine(printable, CONTROL);

export const newPasswordField = z
  .string({ error: msg("Choose a password.") })
  .min(1, msg("Choose a password."))
  .max(200, msg("Keep the password under 200 characters."));

/** `enter` is the whole sentence asking for the field, a catalogue key. */
export function organisationText(enter: string, max = 200) {
  return z
    .string({ error: enter })
    .trim()
    .min(2, enter)
    .max(max, msgWith("Keep it under {{max}} characters.", { max }))
    .refine(printable, CONTROL);
}
