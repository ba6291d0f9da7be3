/** The RFQ form, checked the same way in the browser and on the server. */
import { z } from "zod";

import { isDecimalString } from "../utils/money";
import { TIME_ZONES, zonedLocalToInstant } from "../utils/time";

export const CURRENCIES = ["EUR", "USD", "GBP", "CHF", "JPY", "CNY", "SEK", "PLN", "CAD", "AUD"] as const;
export const UNITS = ["pcs", "kg", "m", "l", "box", "set", "h"] as const;

const decimal = (label: string, { positive }: { positive: boolean }) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .refine(isDecimalString, `The ${label} must be a number, like 12 or 12.5.`)
    .refine(
      (v) => !isDecimalString(v) || (positive ? Number(v) > 0 : Number(v) >= 0),
      `The ${label} must be ${positive ? "more than zero" : "zero or more"}.`,
    )
    .refine(
      (v) => !isDecimalString(v) || (v.split(".")[1]?.length ?? 0) <= 3,
      `The ${label} can have at most 3 decimals.`,
    )
    .refine((v) => v.replace(/^-/, "").split(".")[0].length <= 11, `The ${label} is too large.`);

/** Rows the person left empty at the end of the table are not line items. */
function dropTrailingBlankRows(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const rows = [...value];
  const blank = (row: unknown) =>
    typeof row === "object" &&
    row !== null &&
    ["itemName", "specification", "quantity"].every((k) => !String((row as Record<string, unknown>)[k] ?? "").trim());
  while (rows.length > 0 && blank(rows[rows.length - 1])) rows.pop();
  return rows;
}

export const rfqLineSchema = z.object({
  itemName: z
    .string({ error: "Enter the item." })
    .trim()
    .min(1, "Enter the item.")
    .max(200, "Keep the item name under 200 characters."),
  specification: z.string().trim().max(2000, "Keep the specification under 2000 characters.").default(""),
  quantity: decimal("quantity", { positive: true }),
  unit: z.enum(UNITS, { error: "Choose a unit." }),
});

export const rfqFormSchema = z
  .object({
    title: z
      .string({ error: "Enter a title." })
      .trim()
      .min(3, "The title needs at least 3 characters.")
      .max(200, "Keep the title under 200 characters."),
    description: z.string().trim().max(5000, "Keep the description under 5000 characters.").default(""),
    currency: z.enum(CURRENCIES, { error: "Choose a currency." }),
    deadline: z.string({ error: "Enter the response deadline." }).trim().min(1, "Enter the response deadline."),
    deadlineTimeZone: z.enum(TIME_ZONES, { error: "Choose the deadline's time zone." }),
    deliveryAddress: z.string().trim().max(500).default(""),
    lines: z.preprocess(
      dropTrailingBlankRows,
      z
        .array(rfqLineSchema, { error: "Add at least one line item." })
        .min(1, "Add at least one line item.")
        .max(500, "At most 500 line items."),
    ),
    supplierIds: z.array(z.string().uuid("Choose suppliers from the list.")).default([]),
    intent: z.enum(["save", "publish"]).default("save"),
  })
  .superRefine((value, ctx) => {
    const at = zonedLocalToInstant(value.deadline, value.deadlineTimeZone);
    if (!at) {
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "Enter the deadline as a date and time." });
    }
    if (value.intent === "publish" && value.supplierIds.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["supplierIds"],
        message: "Invite at least one supplier before publishing.",
      });
    }
  });

export type RfqFormInput = z.infer<typeof rfqFormSchema>;
