/**
 * The agreement forms, one schema each, used by the browser and by the
 * action alike: a new agreement by hand, a draft's edit, a call-off from it, and the
 * lifecycle's answers (send, acknowledge, decline, cancel, close).
 */
import { z } from "zod";

import { msg } from "../../i18n/config";
import { compare, isDecimalString } from "../../utils/money";
import {
  blankToUndefined,
  itemNameField,
  optionalDateField,
  printable,
  specificationField,
  type DateFieldName,
} from "../shared/fields.schema";
import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "../shared/vocabularies";

import { parsePriceBreaks } from "./terms";

/** Each decimal field's sentences, whole, so a translation never has to fit a word into a frame. */
const DECIMAL_MESSAGES = {
  "unit price": {
    enter: msg("Enter the unit price."),
    number: msg("The unit price must be a number, like 12 or 12.5."),
    negative: msg("The unit price cannot be negative."),
    positive: msg("The unit price must be more than zero."),
    places: msg("The unit price can have at most 4 decimals."),
    large: msg("The unit price is too large."),
  },
  "quantity cap": {
    enter: msg("Enter the quantity cap."),
    number: msg("The quantity cap must be a number, like 12 or 12.5."),
    negative: msg("The quantity cap cannot be negative."),
    positive: msg("The quantity cap must be more than zero."),
    places: msg("The quantity cap can have at most 3 decimals."),
    large: msg("The quantity cap is too large."),
  },
  "value cap": {
    enter: msg("Enter the value cap."),
    number: msg("The value cap must be a number, like 12 or 12.5."),
    negative: msg("The value cap cannot be negative."),
    positive: msg("The value cap must be more than zero."),
    places: msg("The value cap can have at most 2 decimals."),
    large: msg("The value cap is too large."),
  },
  quantity: {
    enter: msg("Enter the quantity."),
    number: msg("The quantity must be a number, like 12 or 12.5."),
    negative: msg("The quantity cannot be negative."),
    positive: msg("The quantity must be more than zero."),
    places: msg("The quantity can have at most 3 decimals."),
    large: msg("The quantity is too large."),
  },
};

const decimal = (label: keyof typeof DECIMAL_MESSAGES, places: number) => {
  const m = DECIMAL_MESSAGES[label];
  return z
    .string({ error: m.enter })
    .trim()
    .min(1, m.enter)
    .refine(isDecimalString, m.number)
    .refine((v) => !isDecimalString(v) || !v.startsWith("-"), m.negative)
    .refine((v) => !isDecimalString(v) || compare(v, "0") > 0, m.positive)
    .refine((v) => !isDecimalString(v) || (v.split(".")[1]?.length ?? 0) <= places, m.places)
    .refine((v) => v.replace(/^-/, "").split(".")[0].length <= 10, m.large);
};

const optionalDecimal = (label: keyof typeof DECIMAL_MESSAGES, places: number) =>
  z.preprocess(blankToUndefined, decimal(label, places).optional());

const requiredDate = (what: DateFieldName, enter: string) =>
  z.preprocess((v) => (v === undefined ? "" : v), optionalDateField(what)).refine((v) => v !== undefined, enter);

const text = (max: number, tooLong: string, control: string) =>
  z.string().trim().max(max, tooLong).refine(printable, control).default("");

const agreementItemFields = {
  itemName: itemNameField,
  specification: specificationField,
  category: text(
    100,
    msg("Keep the category under 100 characters."),
    msg("Remove the control characters from the category."),
  ),
  unit: z.enum(UNITS, { error: msg("Choose a unit.") }),
  unitPrice: decimal("unit price", 4),
  quantityCap: optionalDecimal("quantity cap", 3),
  priceBreaks: text(
    400,
    msg("Keep the price breaks under 400 characters."),
    msg("Remove the control characters from the price breaks."),
  ),
};

function priceBreaksReadable(item: { unitPrice: string; priceBreaks: string }, ctx: z.RefinementCtx) {
  if (!isDecimalString(item.unitPrice)) return;
  const parsed = parsePriceBreaks(item.priceBreaks, item.unitPrice);
  if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["priceBreaks"], message: parsed.message });
}

export const agreementItemSchema = z.object(agreementItemFields).superRefine(priceBreaksReadable);

/** A form's one-time key: the same post twice finds what the first made. */
const keyField = z.string({ error: msg("Reload the page and try again.") }).uuid(msg("Reload the page and try again."));

const versionField = z.coerce.number({ error: msg("Reload the page and try again.") }).int();

function dropTrailingBlankRows(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const rows = [...value];
  const blank = (row: unknown) =>
    typeof row === "object" &&
    row !== null &&
    ["itemName", "specification", "unitPrice", "quantityCap", "priceBreaks", "category"].every(
      (k) => !String((row as Record<string, unknown>)[k] ?? "").trim(),
    );
  while (rows.length > 0 && blank(rows[rows.length - 1])) rows.pop();
  return rows;
}

/** The terms and items a buyer may change on a draft; the supplier and the currency are set when it is made. */
const agreementTermsFields = {
  title: z
    .string({ error: msg("Enter a title.") })
    .trim()
    .min(3, msg("Enter a title of at least 3 characters."))
    .max(200, msg("Keep the title under 200 characters."))
    .refine(printable, msg("Remove the control characters from the title.")),
  validFrom: requiredDate("first day", msg("Enter the first day.")),
  validTo: requiredDate("last day", msg("Enter the last day.")),
  valueCap: optionalDecimal("value cap", 2),
  paymentTerms: z.preprocess(
    blankToUndefined,
    z.enum(PAYMENT_TERMS, { error: msg("Choose payment terms from the list.") }).optional(),
  ),
  incoterm: z.preprocess(
    blankToUndefined,
    z.enum(INCOTERMS, { error: msg("Choose an Incoterm from the list.") }).optional(),
  ),
  leadTimeDays: z.preprocess(
    (v) => blankToUndefined(v) ?? "0",
    z
      .string({ error: msg("Enter the lead time in days.") })
      .regex(/^\d{1,3}$/, msg("Enter the lead time as whole days, 0 to 365."))
      .refine((v) => Number(v) <= 365, msg("Enter the lead time as whole days, 0 to 365.")),
  ),
};

const itemList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    dropTrailingBlankRows,
    z
      .array(item, { error: msg("Add at least one item.") })
      .min(1, msg("Add at least one item."))
      .max(200, msg("At most 200 items.")),
  );

function lastDayNotBeforeFirst(v: { validFrom?: string; validTo?: string }, ctx: z.RefinementCtx) {
  if (v.validFrom && v.validTo && v.validTo < v.validFrom)
    ctx.addIssue({ code: "custom", path: ["validTo"], message: msg("The last day cannot be before the first day.") });
}

export const agreementFormSchema = z
  .object({
    key: keyField,
    supplierOrgId: z.preprocess(
      blankToUndefined,
      z.string({ error: msg("Choose a supplier.") }).uuid(msg("Choose a supplier from the list.")),
    ),
    currency: z.enum(CURRENCIES, { error: msg("Choose a currency.") }),
    ...agreementTermsFields,
    items: itemList(agreementItemSchema),
  })
  .superRefine(lastDayNotBeforeFirst);
export type AgreementFormInput = z.infer<typeof agreementFormSchema>;

/**
 * A draft's edit: the same terms and items, the version the buyer saw, and
 * per item the id of the stored item it edits (blank for a new one), so an
 * item keeps its identity and the award line it came from.
 */
export const agreementEditSchema = z
  .object({
    version: versionField,
    ...agreementTermsFields,
    items: itemList(
      z
        .object({
          id: z.preprocess(blankToUndefined, z.string().uuid(msg("Reload the page and try again.")).optional()),
          ...agreementItemFields,
        })
        .superRefine(priceBreaksReadable),
    ),
  })
  .superRefine(lastDayNotBeforeFirst);
export type AgreementEditInput = z.infer<typeof agreementEditSchema>;

/** A call-off: a quantity per agreement item (blank: not ordered now), and when it is wanted. */
export const callOffSchema = z
  .object({
    key: keyField,
    deliveryDate: optionalDateField("delivery date"),
    lines: z
      .array(
        z.object({
          itemId: z
            .string({ error: msg("Reload the page and try again.") })
            .uuid(msg("Reload the page and try again.")),
          quantity: optionalDecimal("quantity", 3),
        }),
        { error: msg("Enter a quantity for at least one item.") },
      )
      .max(200, msg("At most 200 items.")),
  })
  .superRefine((v, ctx) => {
    if (!v.lines.some((l) => l.quantity !== undefined))
      ctx.addIssue({ code: "custom", path: ["lines"], message: msg("Enter a quantity for at least one item.") });
  });
export type CallOffInput = z.infer<typeof callOffSchema>;

const reasonField = (ask: string) =>
  z.string({ error: ask }).trim().min(3, ask).max(1000, msg("Keep the reason under 1000 characters."));

export const agreementSendSchema = z.object({ version: versionField });
export const agreementAcknowledgeSchema = z.object({ version: versionField });
export const agreementDeclineSchema = z.object({
  version: versionField,
  reason: reasonField(msg("Say why you decline it.")),
});
export const agreementCancelSchema = z.object({
  version: versionField,
  reason: reasonField(msg("Say why you cancel it.")),
});
export const agreementCloseSchema = z.object({
  version: versionField,
  reason: reasonField(msg("Say why you close it.")),
});
