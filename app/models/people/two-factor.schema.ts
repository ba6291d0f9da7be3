/** Two-factor sign-in forms: the second step of a sign-in, and the profile's setup, new codes and turning off. */
import { z } from "zod";
import { msg } from "../../i18n/config";

const sixDigits = z
  .string({ error: msg("Type the six digits your app shows.") })
  .trim()
  .transform((v) => v.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, msg("Type the six digits your app shows, like 123456.")));

/** Six digits, or a recovery code such as "abcde-fghij". */
const codeOrRecovery = z
  .string({ error: msg("Type the code from your app, or a recovery code.") })
  .trim()
  .min(1, msg("Type the code from your app, or a recovery code."))
  .max(40, msg("Type the six digits your app shows, or a recovery code like abcde-fghij."))
  .refine(
    (v) => /^\d{6}$/.test(v.replace(/\s/g, "")) || /^[A-Za-z0-9]{5}[\s-]?[A-Za-z0-9]{5}$/.test(v),
    msg("Type the six digits your app shows, or a recovery code like abcde-fghij."),
  );

export const signInStepSchema = z.object({ code: codeOrRecovery });

export const startTwoFactorSchema = z.object({ intent: z.literal("start", { error: msg("Unknown action.") }) });
export const confirmTwoFactorSchema = z.object({
  intent: z.literal("confirm", { error: msg("Unknown action.") }),
  code: sixDigits,
});
export const regenerateCodesSchema = z.object({
  intent: z.literal("regenerate", { error: msg("Unknown action.") }),
  code: sixDigits,
});
export const disableTwoFactorSchema = z.object({
  intent: z.literal("disable", { error: msg("Unknown action.") }),
  password: z.string({ error: msg("Enter your current password.") }).min(1, msg("Enter your current password.")),
  code: codeOrRecovery,
});

/** An admin resets someone else's two-factor sign-in: its own password, or its own app's code when it uses two-factor. */
export const resetTwoFactorSchema = z.object({
  intent: z.literal("resetTwoFactor", { error: msg("Unknown action.") }),
  password: z.string().max(200, msg("Keep the password under 200 characters.")).optional(),
  code: z
    .string()
    .trim()
    .max(40, msg("Type the six digits your app shows, or a recovery code like abcde-fghij."))
    .optional(),
});
