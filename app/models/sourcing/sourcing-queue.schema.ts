/** The sourcing queue's one form: the lines a buyer picks for one new RFQ. */
import { z } from "zod";

export const sourcingQueueSchema = z.object({
  lineIds: z
    .array(z.string().uuid("Reload the page and try again."), { error: "Choose at least one line." })
    .min(1, "Choose at least one line.")
    .max(200, "At most 200 lines in one RFQ."),
});
