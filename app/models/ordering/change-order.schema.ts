/**
 * The change-order form: a reason, the delivery date, notes, and the lines as
 * they should be after the change. Each row is one of: an existing line kept
 * (its id, new quantity, unit price and tax rate), an existing line removed
 * (its id and the "remove" box), or a new line (all of a PO line's fields).
 * Checked the same way in the browser and on the server.
 */
import { z } from "zod";

import { optionalDateField, versionField } from "../shared/fields.schema";
import { poLineSchema } from "./purchase-order.schema";
import { msg } from "../../i18n/config";

const ticked = (v: unknown) => v === "on" || v === "true" || v === "1";
const filled = (v: unknown) => typeof v === "string" && v.trim() !== "";

/** Which of the three kinds a submitted row is, from its id and "remove" box. */
function classifyRow(row: unknown): unknown {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return row;
  const r = row as Record<string, unknown>;
  const kind = filled(r.lineId) ? (ticked(r.remove) ? "remove" : "keep") : "add";
  return { ...r, kind };
}

/** Blank new rows at the end (the spare rows of the form) are not lines; rows before them keep their numbers. */
function dropTrailingBlankRows(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const rows = [...value];
  const blank = (row: unknown) =>
    typeof row === "object" &&
    row !== null &&
    !filled((row as Record<string, unknown>).lineId) &&
    ["itemName", "specification", "quantity", "unitPrice"].every((k) => !filled((row as Record<string, unknown>)[k]));
  while (rows.length > 0 && blank(rows[rows.length - 1])) rows.pop();
  return rows.map(classifyRow);
}

const lineId = z.string({ error: msg("This line is not on the purchase order.") }).uuid({
  error: msg("This line is not on the purchase order."),
  abort: true,
});

const keptLine = poLineSchema.pick({ quantity: true, unitPrice: true, taxRate: true }).extend({
  kind: z.literal("keep"),
  lineId,
});
const removedLine = z.object({ kind: z.literal("remove"), lineId });
const addedLine = poLineSchema.extend({ kind: z.literal("add") });

export const changeOrderSchema = z.object({
  version: versionField,
  reason: z
    .string({ error: msg("Give a reason for the change.") })
    .trim()
    .min(3, msg("Give a reason for the change."))
    .max(1000, msg("Keep the reason under 1000 characters.")),
  deliveryDate: optionalDateField("delivery date"),
  notes: z.string().trim().max(5000, msg("Keep the notes under 5000 characters.")).default(""),
  lines: z.preprocess(
    dropTrailingBlankRows,
    z
      .array(z.discriminatedUnion("kind", [keptLine, removedLine, addedLine]), {
        error: msg("Keep at least one line."),
      })
      .min(1, msg("Keep at least one line."))
      .max(500, msg("At most 500 line items."))
      .refine((lines) => lines.some((l) => l.kind !== "remove"), msg("Keep at least one line.")),
  ),
});
export type ChangeOrderInput = z.infer<typeof changeOrderSchema>;
export type ChangeOrderLine = ChangeOrderInput["lines"][number];
