/** The direct purchase-order form (new or draft edit), checked the same way in the browser and on the server. */
import { z } from "zod";

import { compare, isDecimalString } from "../../utils/money";

import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "../shared/vocabularies";
import {
  blankToUndefined,
  decimalField,
  itemNameField,
  optionalDateField,
  shipToField,
  specificationField,
  versionField,
  withOneDeliveryAddress,
  type DecimalWords,
} from "../shared/fields.schema";
import { msg } from "../../i18n/config";

const decimal = (words: DecimalWords, places: number, allowZero: boolean) =>
  decimalField(words, { places, digits: 11, allowZero });

const QUANTITY: DecimalWords = {
  enter: msg("Enter the quantity."),
  number: msg("The quantity must be a number, like 12 or 12.5."),
  negative: msg("The quantity cannot be negative."),
  zero: msg("The quantity must be more than zero."),
  places: msg("The quantity can have at most 3 decimals."),
  large: msg("The quantity is too large."),
};

const UNIT_PRICE: DecimalWords = {
  enter: msg("Enter the unit price."),
  number: msg("The unit price must be a number, like 12 or 12.5."),
  negative: msg("The unit price cannot be negative."),
  places: msg("The unit price can have at most 4 decimals."),
  large: msg("The unit price is too large."),
};

const TAX_RATE: DecimalWords = {
  enter: msg("Enter the tax rate."),
  number: msg("The tax rate must be a number, like 12 or 12.5."),
  negative: msg("The tax rate cannot be negative."),
  places: msg("The tax rate can have at most 2 decimals."),
  large: msg("The tax rate is too large."),
};

export const poLineSchema = z.object({
  itemName: itemNameField,
  specification: specificationField,
  quantity: decimal(QUANTITY, 3, false),
  unit: z.enum(UNITS, { error: msg("Choose a unit.") }),
  unitPrice: decimal(UNIT_PRICE, 4, true),
  taxRate: z.preprocess(
    (v) => blankToUndefined(v) ?? "0",
    decimal(TAX_RATE, 2, true).refine(
      (v) => !isDecimalString(v) || compare(v, "100") <= 0,
      msg("A tax rate is at most 100%."),
    ),
  ),
});

function dropTrailingBlankRows(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const rows = [...value];
  const blank = (row: unknown) =>
    typeof row === "object" &&
    row !== null &&
    ["itemName", "specification", "quantity", "unitPrice"].every(
      (k) => !String((row as Record<string, unknown>)[k] ?? "").trim(),
    );
  while (rows.length > 0 && blank(rows[rows.length - 1])) rows.pop();
  return rows;
}

const poFormFields = z.object({
  supplierOrgId: z.preprocess(
    blankToUndefined,
    z.string({ error: msg("Choose a supplier.") }).uuid(msg("Choose a supplier from the list.")),
  ),
  currency: z.enum(CURRENCIES, { error: msg("Choose a currency.") }),
  shipToId: shipToField,
  deliveryAddress: z
    .string({ error: msg("Enter the delivery address.") })
    .trim()
    .max(500, msg("Keep the address under 500 characters."))
    .default(""),
  deliveryDate: optionalDateField("delivery date"),
  paymentTerms: z.preprocess(
    blankToUndefined,
    z.enum(PAYMENT_TERMS, { error: msg("Choose payment terms from the list.") }).optional(),
  ),
  incoterm: z.preprocess(
    blankToUndefined,
    z.enum(INCOTERMS, { error: msg("Choose an Incoterm from the list.") }).optional(),
  ),
  notes: z.string().trim().max(5000, msg("Keep the notes under 5000 characters.")).default(""),
  lines: z.preprocess(
    dropTrailingBlankRows,
    z
      .array(poLineSchema, { error: msg("Add at least one line item.") })
      .min(1, msg("Add at least one line item."))
      .max(500, msg("At most 500 line items.")),
  ),
});
export const poFormSchema = withOneDeliveryAddress(poFormFields, { required: true });
export type PoFormInput = z.infer<typeof poFormSchema>;

export const poEditSchema = withOneDeliveryAddress(poFormFields.extend({ version: versionField }), {
  required: true,
});
