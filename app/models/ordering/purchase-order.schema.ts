/** The direct purchase-order form (new or draft edit), checked the same way in the browser and on the server. */
import { z } from "zod";

import { compare, isDecimalString } from "../../utils/money";

import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "../shared/vocabularies";
import {
  blankToUndefined,
  itemNameField,
  optionalDateField,
  shipToField,
  specificationField,
  versionField,
  withOneDeliveryAddress,
} from "../shared/fields.schema";

const decimal = (label: string, places: number, allowZero: boolean) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .refine(isDecimalString, `The ${label} must be a number, like 12 or 12.5.`)
    .refine((v) => !isDecimalString(v) || !v.startsWith("-"), `The ${label} cannot be negative.`)
    .refine((v) => !isDecimalString(v) || allowZero || compare(v, "0") > 0, `The ${label} must be more than zero.`)
    .refine(
      (v) => !isDecimalString(v) || (v.split(".")[1]?.length ?? 0) <= places,
      `The ${label} can have at most ${places} decimals.`,
    )
    .refine((v) => v.replace(/^-/, "").split(".")[0].length <= 11, `The ${label} is too large.`);

export const poLineSchema = z.object({
  itemName: itemNameField,
  specification: specificationField,
  quantity: decimal("quantity", 3, false),
  unit: z.enum(UNITS, { error: "Choose a unit." }),
  unitPrice: decimal("unit price", 4, true),
  taxRate: z.preprocess(
    (v) => blankToUndefined(v) ?? "0",
    decimal("tax rate", 2, true).refine(
      (v) => !isDecimalString(v) || compare(v, "100") <= 0,
      "A tax rate is at most 100%.",
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
    z.string({ error: "Choose a supplier." }).uuid("Choose a supplier from the list."),
  ),
  currency: z.enum(CURRENCIES, { error: "Choose a currency." }),
  shipToId: shipToField,
  deliveryAddress: z
    .string({ error: "Enter the delivery address." })
    .trim()
    .max(500, "Keep the address under 500 characters.")
    .default(""),
  deliveryDate: optionalDateField("delivery date"),
  paymentTerms: z.preprocess(
    blankToUndefined,
    z.enum(PAYMENT_TERMS, { error: "Choose payment terms from the list." }).optional(),
  ),
  incoterm: z.preprocess(
    blankToUndefined,
    z.enum(INCOTERMS, { error: "Choose an Incoterm from the list." }).optional(),
  ),
  notes: z.string().trim().max(5000, "Keep the notes under 5000 characters.").default(""),
  lines: z.preprocess(
    dropTrailingBlankRows,
    z
      .array(poLineSchema, { error: "Add at least one line item." })
      .min(1, "Add at least one line item.")
      .max(500, "At most 500 line items."),
  ),
});
export const poFormSchema = withOneDeliveryAddress(poFormFields, { required: true });
export type PoFormInput = z.infer<typeof poFormSchema>;

export const poEditSchema = withOneDeliveryAddress(poFormFields.extend({ version: versionField }), {
  required: true,
});
