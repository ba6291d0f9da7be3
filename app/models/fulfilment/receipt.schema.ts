/**
 * The goods-receipt form on a PO page: the supplier's delivery note number,
 * the day the goods arrived, and a quantity per line (blank or zero for lines
 * not in this delivery). Checked the same way in the browser and the action;
 * whether the delivery note was booked before is the server's check.
 */
import { z } from "zod";

import { dateField, versionField } from "../shared/fields.schema";
import { msg, msgWith } from "../../i18n/config";

export const DELIVERY_NOTE_MAX = 60;

// Three decimals, as a PO line's quantity is stored.
const quantity = z
  .string()
  .trim()
  .regex(/^(\d{1,11}(\.\d{1,3})?)?$/, msg("Enter a quantity such as 12 or 2.5 (up to three decimals)."));

export const receiptFormSchema = z.object({
  version: versionField,
  deliveryNote: z
    .string({ error: msg("Enter the delivery note number from the supplier's paperwork.") })
    .trim()
    .min(1, msg("Enter the delivery note number from the supplier's paperwork."))
    .max(
      DELIVERY_NOTE_MAX,
      msgWith("Keep the delivery note number to {{max}} characters or fewer.", { max: DELIVERY_NOTE_MAX }),
    ),
  /** Ticked when the same delivery note really came twice (the server asks for it when it did). */
  confirmSecondDelivery: z
    .literal("on", { error: msg("Tick the box or leave it empty.") })
    .optional()
    .transform((v) => v === "on"),
  receivedOn: dateField("date received"),
  note: z.string().trim().max(1000, msg("Keep the note under 1000 characters.")).default(""),
  lines: z
    .array(z.object({ poLineId: z.string().uuid(), quantity: quantity.default("") }), {
      error: msg("Enter the quantity received for at least one line."),
    })
    .min(1, msg("Enter the quantity received for at least one line.")),
});

export type ReceiptFormInput = z.infer<typeof receiptFormSchema>;
/** What a use case takes: the form's values, with the confirmation left out when there is nothing to confirm. */
export type ReceiptInput = Omit<ReceiptFormInput, "confirmSecondDelivery"> & { confirmSecondDelivery?: boolean };

/** What was just booked, for the page to show once the form is cleared. */
export interface BookedReceipt {
  receiptId: string;
  deliveryNote: string;
  receivedOn: string;
  lines: { poLineId: string; itemName: string; unit: string; quantity: string }[];
}
