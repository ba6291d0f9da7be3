/**
 * The "Add a supplier" form of the supplier list: an address to invite,
 * the person's name, and the categories the supplier is added for. Shared
 * by the page (instant feedback) and the action (the real check).
 */
import { z } from "zod";

import { blankToUndefined, printable } from "../shared/fields.schema";

const CONTROL = "Remove the control characters from this field.";
export const MAX_CATEGORIES = 20;

export const inviteSupplierSchema = z.object({
  email: z
    .string({ error: "Enter the supplier's email address." })
    .trim()
    .min(1, "Enter the supplier's email address.")
    .max(254, "Keep the address under 254 characters.")
    .email("Enter a valid email address, like sales@supplier.com.")
    .transform((v) => v.toLowerCase()),
  contactName: z.preprocess(
    blankToUndefined,
    z.string().trim().max(200, "Keep the name under 200 characters.").refine(printable, CONTROL).optional(),
  ),
  categories: z
    .string({ error: "Enter at least one category." })
    .max(2000, "Keep the categories under 2000 characters.")
    .refine(printable, CONTROL)
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((c) => c.trim().replace(/\s+/g, " "))
          .filter(Boolean),
      ),
    ])
    .refine((list) => list.length > 0, "Enter at least one category.")
    .refine((list) => list.length <= MAX_CATEGORIES, `Enter at most ${MAX_CATEGORIES} categories.`)
    .refine((list) => list.every((c) => c.length <= 100), "Keep each category under 100 characters."),
});

export type InviteSupplierInput = z.infer<typeof inviteSupplierSchema>;
