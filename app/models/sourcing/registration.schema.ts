/**
 * The form a supplier invited by email fills in to join: its organisation
 * and the person. The password's rules need the invited address, so the
 * server checks them (app/auth/password.server.ts) after this schema.
 */
import { z } from "zod";

import { blankToUndefined, printable } from "../shared/fields.schema";

const CONTROL = "Remove the control characters from this field.";

export const registrationSchema = z.object({
  organisationName: z
    .string({ error: "Enter your organisation's name." })
    .trim()
    .min(2, "Enter your organisation's name.")
    .max(200, "Keep the name under 200 characters.")
    .refine(printable, CONTROL),
  address: z
    .string({ error: "Enter your organisation's address." })
    .trim()
    .min(5, "Enter your organisation's address.")
    .max(500, "Keep the address under 500 characters.")
    .refine(printable, CONTROL),
  taxId: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(40, "Keep the tax id under 40 characters.")
      .regex(/^[A-Za-z0-9 .\-/]+$/, "Use letters, digits, spaces, dots, dashes or slashes in the tax id.")
      .optional(),
  ),
  name: z
    .string({ error: "Enter your name." })
    .trim()
    .min(1, "Enter your name.")
    .max(200, "Keep your name under 200 characters.")
    .refine(printable, CONTROL),
  password: z
    .string({ error: "Choose a password." })
    .min(1, "Choose a password.")
    .max(200, "Keep the password under 200 characters."),
});

export type RegistrationInput = z.infer<typeof registrationSchema>;
