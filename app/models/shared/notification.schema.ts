/**
 * The notification centre's forms, shared by the page (instant feedback)
 * and the action (the real check): mark everything read, and choose which
 * events also come by mail. Unchecked boxes send nothing, so the list of
 * kinds that stay on mail is what is ticked.
 */
import { z } from "zod";

import { NOTIFICATION_KINDS } from "./notification-kinds";
import { msg } from "../../i18n/config";

export const markAllReadSchema = z.object({ intent: z.literal("markAllRead") });

export const mailChoicesSchema = z.object({
  // Named so that a post without it (nothing ticked looks like an empty post) is not read as "no mail at all".
  intent: z.literal("saveMailChoices", { error: msg("Reload the page and try again.") }),
  byMail: z
    .array(z.enum(NOTIFICATION_KINDS, { error: msg("Choose events from the list.") }), {
      error: "Choose events from the list.",
    })
    .max(NOTIFICATION_KINDS.length, msg("Choose events from the list."))
    .default([]),
});

export type MailChoicesInput = z.infer<typeof mailChoicesSchema>;
