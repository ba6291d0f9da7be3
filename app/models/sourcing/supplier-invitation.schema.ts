/**
 * The "Add a supplier" form of the supplier list: an address to invite,
 * the person's name, and the categories the supplier is added for. Shared
 * by the page (instant feedback) and the action (the real check).
 */
import { msg, msgWith } from "../../i18n/config";
import { z } from "zod";

import { blankToUndefined, printable } from "../shared/fields.schema";

const CONTROL = msg("Remove the control characters from this field.");
export const MAX_CATEGORIES = 20;

export const inviteSupplierSchema = z.object({
  email: z
    .string({ error: msg("Enter the supplier's email address.") })
    .trim()
    .min(1, msg("Enter the supplier's email address."))
    .max(254, msg("Keep the address under 254 characters."))
    .email(msg("Enter a valid email address, like sales@supplier.com."))
    .transform((v) => v.toLowerCase()),
  contactName: z.preprocess(
    blankToUndefined,
    z.string().trim().max(200, msg("Keep the name under 200 characters.")).refine(printable, CONTROL).optional(),
  ),
  categories: z
    .string({ error: msg("Enter at least one category.") })
    .max(2000, msg("Keep the categories under 2000 characters."))
    .refine(printable, CONTROL)
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((c) => c.trim().replace(/\s+/g, " "))
          .filter(Boolean),
      ),
    ])
    .refine((list) => list.length > 0, msg("Enter at least one category."))
    .refine(
      (list) => list.length <= MAX_CATEGORIES,
      msgWith("Enter at most {{max}} categories.", { max: MAX_CATEGORIES }),
    )
    .refine((list) => list.every((c) => c.length <= 100), msg("Keep each category under 100 characters.")),
});

export type InviteSupplierInput = z.infer<typeof inviteSupplierSchema>;
