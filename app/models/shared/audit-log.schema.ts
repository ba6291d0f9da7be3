/**
 * The admin audit page's filters, read from the address (a GET form): who
 * acted, which kind of record, which event, and a day range in the viewer's
 * time zone. The same schema checks the page's form and the CSV export's
 * address, so both select the same events.
 */
import { z } from "zod";

import { blankToUndefined, optionalDateField } from "./fields.schema";
import { msg } from "../../i18n/config";

export const auditFilterSchema = z
  .object({
    actor: z.preprocess(
      blankToUndefined,
      z
        .string({ error: msg("Choose a person from the list.") })
        .uuid(msg("Choose a person from the list."))
        .optional(),
    ),
    entity: z.preprocess(
      blankToUndefined,
      z
        .string({ error: msg("Choose a kind of record from the list.") })
        .regex(/^[a-z_]{1,40}$/, "Choose a kind of record from the list.")
        .optional(),
    ),
    event: z.preprocess(
      blankToUndefined,
      z
        .string({ error: msg("Choose an event from the list.") })
        .regex(/^[A-Z_]{1,40}$/, "Choose an event from the list.")
        .optional(),
    ),
    from: optionalDateField("first day"),
    to: optionalDateField("last day"),
    after: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.to < value.from) {
      ctx.addIssue({ code: "custom", path: ["to"], message: msg("The last day cannot be before the first day.") });
    }
  });
export type AuditFilters = z.infer<typeof auditFilterSchema>;
