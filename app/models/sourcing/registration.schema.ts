/**
 * The form a supplier invited by email fills in to join: its organisation
 * and the person. The password's rules need the invited address, so the
 * server checks them (app/auth/password.server.ts) after this schema.
 */
import { msg } from "../../i18n/config";
import { z } from "zod";

import { blankToUndefined, printable } from "../shared/fields.schema";

const CONTROL = msg("Remove the control characters from this field.");

export const registrationSchema = z.object({
  organisationName: z
    .string({ error: msg("Enter your organisation's name.") })
    .trim()
    .min(2, msg("Enter your organisation's name."))
    .max(200, msg("Keep the name under 200 characters."))
    .refine(printable, CONTROL),
  address: z
    .string({ error: msg("Enter your organisation's address.") })
    .trim()
    .min(5, msg("Enter your organisation's address."))
    .max(500, msg("Keep the address under 500 characters."))
    .refine(printable, CONTROL),
  taxId: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(40, msg("Keep the tax id under 40 characters."))
      .regex(/^[A-Za-z0-9 .\-/]+$/, msg("Use letters, digits, spaces, dots, dashes or slashes in the tax id."))
      .optional(),
  ),
  name: z
    .string({ error: msg("Enter your name.") })
    .trim()
    .min(1, msg("Enter your name."))
    .max(200, msg("Keep your name under 200 characters."))
    .refine(printable, CONTROL),
  password: z
    .string({ error: msg("Choose a password.") })
    .min(1, msg("Choose a password."))
    .max(200, msg("Keep the password under 200 characters.")),
});

export type RegistrationInput = z.infer<typeof registrationSchema>;
