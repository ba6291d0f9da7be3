/** Finance acknowledges one supplier's changed bank details (releasing payments for its own organisation). */
import { z } from "zod";

export const acknowledgeBankChangeSchema = z.object({
  intent: z.literal("acknowledge", { error: "Unknown action." }),
  id: z.string({ error: "Reload the page and try again." }).uuid("Reload the page and try again."),
});
