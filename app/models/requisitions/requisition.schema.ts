/**
 * The requisition forms, one schema each, used by the browser and by the
 * action alike: a new requisition (catalogue lines and free-text lines, a
 * cost centre and a reason), the decisions on it, and the organisation's
 * requisition approval rule.
 */
import { z } from "zod";

import { compare, isDecimalString } from "../../utils/money";
import { blankToUndefined, dateField, itemNameField, printable, versionField } from "../shared/fields.schema";
import { UNITS } from "../shared/vocabularies";

const decimal = (label: string, places: number) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .refine(isDecimalString, `The ${label} must be a number, like 12 or 12.5.`)
    .refine((v) => !isDecimalString(v) || !v.startsWith("-"), `The ${label} cannot be negative.`)
    .refine((v) => !isDecimalString(v) || compare(v, "0") > 0, `The ${label} must be more than zero.`)
    .refine(
      (v) => !isDecimalString(v) || (v.split(".")[1]?.length ?? 0) <= places,
      `The ${label} can have at most ${places} decimals.`,
    )
    .refine((v) => v.replace(/^-/, "").split(".")[0].length <= 9, `The ${label} is too large.`);

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${what} under ${max} characters.`)
    .refine(printable, `Remove the control characters from the ${what}.`)
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
    agreementItemId: optionalUuid("Choose an item from the catalogue, or none for free text."),
    itemName: z.preprocess(blankToUndefined, itemNameField.optional()),
    category: text(100, "category"),
    unit: z.preprocess(blankToUndefined, z.string().optional()),
    unitPrice: z.preprocess(blankToUndefined, decimal("estimated price", 4).optional()),
    quantity: decimal("quantity", 3),
    wantedBy: dateField("wanted-by date"),
    shipToId: z.preprocess(
      blankToUndefined,
      z.string({ error: "Choose where it goes." }).uuid("Choose a ship-to address from the list."),
    ),
  })
  .superRefine((line, ctx) => {
    if (line.agreementItemId) return;
    if (!line.itemName)
      ctx.addIssue({
        code: "custom",
        path: ["itemName"],
        message: "Enter the item, or choose one from the catalogue.",
      });
    if (!line.unit || !UNIT_VALUES.includes(line.unit))
      ctx.addIssue({ code: "custom", path: ["unit"], message: "Choose a unit from the list." });
    if (!line.unitPrice)
      ctx.addIssue({ code: "custom", path: ["unitPrice"], message: "Estimate the unit price of a free-text line." });
  });

export const requisitionFormSchema = z.object({
  costCentre: z
    .string({ error: "Enter the cost centre." })
    .trim()
    .min(1, "Enter the cost centre.")
    .max(50, "Keep the cost centre under 50 characters.")
    .refine(printable, "Remove the control characters from the cost centre."),
  reason: z
    .string({ error: "Say why it is needed." })
    .trim()
    .min(3, "Say why it is needed.")
    .max(1000, "Keep the reason under 1000 characters.")
    .refine(printable, "Remove the control characters from the reason."),
  lines: z
    .array(requisitionLineSchema, { error: "Add at least one line." })
    .min(1, "Add at least one line.")
    .max(100, "At most 100 lines."),
});
export type RequisitionFormInput = z.infer<typeof requisitionFormSchema>;

export const requisitionApproveSchema = z.object({ version: versionField });
const reasonField = (ask: string) =>
  z
    .string({ error: ask })
    .trim()
    .min(3, ask)
    .max(1000, "Keep the reason under 1000 characters.")
    .refine(printable, "Remove the control characters from the reason.");
export const requisitionRejectSchema = z.object({
  version: versionField,
  reason: reasonField("Say why you reject it."),
});
export const requisitionCancelSchema = z.object({
  version: versionField,
  reason: reasonField("Say why you cancel it."),
});

const amount = (label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, { message: `Enter ${label} as an amount such as 500 or 1000.50.`, abort: true });

export const APPROVER_ROLES = [
  { value: "buyer", label: "Buyer" },
  { value: "finance", label: "Finance" },
  { value: "admin", label: "Admin" },
] as const;

/** The requisition approval rule: below threshold one no approval, from it one, from threshold two two. */
export const requisitionRuleSchema = z
  .object({
    intent: z.literal("requisitionRule"),
    // Named apart from the PO policy's thresholds: both forms share one page.
    requisitionThresholdOne: amount("threshold one"),
    requisitionThresholdTwo: amount("threshold two"),
    approverRole: z.enum(["buyer", "finance", "admin"], { error: "Choose who approves from the list." }),
  })
  .superRefine((value, ctx) => {
    if (compare(value.requisitionThresholdTwo, value.requisitionThresholdOne) < 0)
      ctx.addIssue({
        code: "custom",
        path: ["requisitionThresholdTwo"],
        message: "Threshold two must be at least threshold one.",
      });
  });
export type RequisitionRuleInput = z.infer<typeof requisitionRuleSchema>;
