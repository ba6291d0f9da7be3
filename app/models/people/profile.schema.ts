/** A person's own profile: the name colleagues see and the time zone instants are shown in. */
import { z } from "zod";

import { personNameField } from "./fields.schema";
import { isTimeZone } from "./places";
import { msg } from "../../i18n/config";

export const profileSchema = z.object({
  intent: z.literal("profile", { error: msg("Unknown action.") }),
  name: personNameField,
  timeZone: z
    .string({ error: msg("Choose a time zone.") })
    .refine(isTimeZone, msg("Choose a time zone from the list.")),
});

export type ProfileInput = z.infer<typeof profileSchema>;
