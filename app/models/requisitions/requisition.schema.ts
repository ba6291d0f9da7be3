/**
 * The requisition forms, one schema each, used by the browser and by the
 * action alike: a new requisition (catalogue lines and free-text lines, a
 * cost centre and a reason), the decisions on it, and the organisation's
 * requisition approval rule.
 */
import { z } from "zod";

import { msg } from "../../i18n/config";
import { compare } from "../../utils/money";
import {
  blankToUndefined,
  dateField,
  decimalField,
  itemNameField,
  printable,
  versionField,
  type DecimalWords,
} from "../shared/fields.schema";
import { UNITS } from "../shared/vocabularies";

// Integers of up to 9 digits: what a requisition line may ask for or estimate.
const decimal = (words: DecimalWords, places: number) => decimalField(words, { places, digits: 9, allowZero: false });

const ESTIMATED_PRICE: DecimalWords = {
  enter: msg("Enter the estimated price."),
  number: msg("The estimated price must be a number, like 12 or 12.5."),
  negative: msg("The estimated price cannot be negative."),
  zero: msg("The estimated price must be more than zero."),
  places: msg("The estimated price can have at most 4 decimals."),
  large: msg("The estimated price is too large."),
};

const QUANTITY: DecimalWords = {
  enter: msg("Enter the quantity."),
  number: msg("The quantity must be a number, like 12 or 12.5."),
  negative: msg("The quantity cannot be negative."),
  zero: msg("The quantity must be more than zero."),
  places: msg("The quantity can have at most 3 decimals."),
  large: msg("The quantity is too large."),
};

const category = z
  .string()
  .trim()
  .max(100, msg("Keep the category under 100 characters."))
  .refine(printable, msg("Remove the control characters from the category."))
  .default("");

const optionalUuid = (message: string) =>
  z.preprocess(blankToUndefined, z.string({ error: message }).uuid(message).optional());

const UNIT_VALUES: readonly string[] = UNITS;

/**
 * One line: a catalogue item (its agreement sets name, unit and price), or
 * free text for what no agreement covers (item, unit, estimated price and
 * category typed). Both say how many, by when and where to.
 */
export const requisitionLineSchema = z
  .object({
    agreementItemId: optionalUuid(msg("Choose an item from the catalogue, or none for free text.")),
    itemName: z.preprocess(blankToUndefined, itemNameField.optional()),
    category,
    unit: z.preprocess(blankToUndefined, z.string().optional()),
    unitPrice: z.preprocess(blankToUndefined, decimal(ESTIMATED_PRICE, 4).optional()),
    quantity: decimal(QUANTITY, 3),
    wantedBy: dateField("wanted-by date"),
    shipToId: z.preprocess(
      blankToUndefined,
      z.string({ error: msg("Choose where it goes.") }).uuid(msg("Choose a ship-to address from the list.")),
    ),
  })
  .superRefine((line, ctx) => {
    if (line.agreementItemId) return;
    if (!line.itemName)
      ctx.addIssue({
        code: "custom",
        path: ["itemName"],
        message: msg("Enter the item, or choose one from the catalogue."),
      });
    if (!line.unit || !UNIT_VALUES.includes(line.unit))
      ctx.addIssue({ code: "custom", path: ["unit"], message: msg("Choose a unit from the list.") });
    if (!line.unitPrice)
      ctx.addIssue({
        code: "custom",
        path: ["unitPrice"],
        message: msg("Estimate the unit price of a free-text line."),
      });
  });

export const requisitionFormSchema = z.object({
  costCentre: z
    .string({ error: msg("Enter the cost centre.") })
    .trim()
    .min(1, msg("Enter the cost centre."))
    .max(50, msg("Keep the cost centre under 50 characters."))
    .refine(printable, msg("Remove the control characters from the cost centre.")),
  reason: z
    .string({ error: msg("Say why it is needed.") })
    .trim()
    .min(3, msg("Say why it is needed."))
    .max(1000, msg("Keep the reason under 1000 characters."))
    .refine(printable, msg("Remove the control characters from the reason.")),
  lines: z
    .array(requisitionLineSchema, { error: msg("Add at least one line.") })
    .min(1, msg("Add at least one line."))
    .max(100, msg("At most 100 lines.")),
});
export type RequisitionFormInput = z.infer<typeof requisitionFormSchema>;

export const requisitionApproveSchema = z.object({ version: versionField });
const reasonField = (ask: string) =>
  z
    .string({ error: ask })
    .trim()
    .min(3, ask)
    .max(1000, msg("Keep the reason under 1000 characters."))
    .refine(printable, msg("Remove the control characters from the reason."));
export const requisitionRejectSchema = z.object({
  version: versionField,
  reason: reasonField(msg("Say why you reject it.")),
});
export const requisitionCancelSchema = z.object({
  version: versionField,
  reason: reasonField(msg("Say why you cancel it.")),
});

const amount = (enter: string, shape: string) =>
  z
    .string({ error: enter })
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, { message: shape, abort: true });

export const APPROVER_ROLES = [
  { value: "buyer", label: msg("Buyer") },
  { value: "finance", label: msg("Finance") },
  { value: "admin", label: msg("Admin") },
] as const;

/** The requisition approval rule: below threshold one no approval, from it one, from threshold two two. */
export const requisitionRuleSchema = z
  .object({
    intent: z.literal("requisitionRule"),
    // Named apart from the PO policy's thresholds: both forms share one page.
    requisitionThresholdOne: amount(
      msg("Enter threshold one."),
      msg("Enter threshold one as an amount such as 500 or 1000.50."),
    ),
    requisitionThresholdTwo: amount(
      msg("Enter threshold two."),
      msg("Enter threshold two as an amount such as 500 or 1000.50."),
    ),
    approverRole: z.enum(["buyer", "finance", "admin"], { error: msg("Choose who approves from the list.") }),
  })
  .superRefine((value, ctx) => {
    if (compare(value.requisitionThresholdTwo, value.requisitionThresholdOne) < 0)
      ctx.addIssue({
        code: "custom",
        path: ["requisitionThresholdTwo"],
        message: msg("Threshold two must be at least threshold one."),
      });
  });
export type RequisitionRuleInput = z.infer<typeof requisitionRuleSchema>;
