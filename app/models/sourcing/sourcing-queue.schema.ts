/** The sourcing queue's one form: the lines a buyer picks for one new RFQ. */
import { msg } from "../../i18n/config";
import { z } from "zod";

export const sourcingQueueSchema = z.object({
  lineIds: z
    .array(z.string().uuid(msg("Reload the page and try again.")), { error: msg("Choose at least one line.") })
    .min(1, msg("Choose at least one line."))
    .max(200, msg("At most 200 lines in one RFQ.")),
});
