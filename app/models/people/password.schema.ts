/** Choosing a new password: from a reset link, or from the profile with the current one. */
import { z } from "zod";

import { newPasswordField } from "./fields.schema";
import { msg } from "../../i18n/config";

export const resetPasswordSchema = z.object({ password: newPasswordField });

export const changePasswordSchema = z.object({
  intent: z.literal("password", { error: msg("Unknown action.") }),
  currentPassword: z.string({ error: msg("Enter your current password.") }).min(1, msg("Enter your current password.")),
  newPassword: newPasswordField,
});
