/**
 * Fields the people forms share: an email address, a person's name, a new
 * password. The password's rules that need the address (not built on it)
 * are checked on the server (app/auth/password.server.ts) after the schema.
 */
import { z } from "zod";

import { printable } from "../shared/fields.schema";

const CONTROL = "Remove the control characters from this field.";

export const emailField = z
  .string({ error: "Enter an email address." })
  .trim()
  .min(1, "Enter an email address.")
  .max(254, "Keep the address under 254 characters.")
  .email("Enter a valid email address, like name@company.com.")
  .transform((v) => v.toLowerCase());

export const personNameField = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(200, "Keep the name under 200 characters.")
  .refine(printable, CONTROL);

export const newPasswordField = z
  .string({ error: "Choose a password." })
  .min(1, "Choose a password.")
  .max(200, "Keep the password under 200 characters.");

export function organisationText(what: string, max = 200) {
  return z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(2, `Enter ${what}.`)
    .max(max, `Keep it under ${max} characters.`)
    .refine(printable, CONTROL);
}
