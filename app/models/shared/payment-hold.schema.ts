/** Finance acknowledges one supplier's changed bank details (releasing payments for its own organisation). */
import { z } from "zod";
import { msg } from "../../i18n/config";

export const acknowledgeBankChangeSchema = z.object({
  intent: z.literal("acknowledge", { error: msg("Unknown action.") }),
  id: z.string({ error: msg("Reload the page and try again.") }).uuid(msg("Reload the page and try again.")),
});
