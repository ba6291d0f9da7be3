/** The RFQ form, checked the same way in the browser and on the server. */
import { msg, msgWith } from "../../i18n/config";
import { z } from "zod";

import { isDecimalString } from "../../utils/money";
import { TIME_ZONES, zonedLocalToInstant } from "../../utils/time";
import {
  itemNameField,
  optionalDateField,
  printable,
  shipToField,
  specificationField,
  versionField,
  withOneDeliveryAddress,
} from "../shared/fields.schema";
import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "../shared/vocabularies";

/** An optional text field: blank arrives as undefined, so the model stores null. */
const optionalText = (max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(max, message).optional(),
  );

/** An optional choice from a list: the form's empty option means "none". */
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values, { error: message }).optional());

/** A number field's messages, whole sentences per field so each translates on its own. */
type DecimalMessages = { missing: string; notNumber: string; sign: string; decimals: string; tooLarge: string };

const QUANTITY: DecimalMessages = {
  missing: msg("Enter the quantity."),
  notNumber: msg("The quantity must be a number, like 12 or 12.5."),
  sign: msg("The quantity must be more than zero."),
  decimals: msg("The quantity can have at most 3 decimals."),
  tooLarge: msg("The quantity is too large."),
};

const TARGET_PRICE: DecimalMessages = {
  missing: msg("Enter the target price."),
  notNumber: msg("The target price must be a number, like 12 or 12.5."),
  sign: msg("The target price must be more than zero."),
  decimals: msg("The target price can have at most 3 decimals."),
  tooLarge: msg("The target price is too large."),
};

const decimal = (messages: DecimalMessages, { positive }: { positive: boolean }) =>
  z
    .string({ error: messages.missing })
    .trim()
    .min(1, messages.missing)
    .refine(isDecimalString, messages.notNumber)
    .refine((v) => !isDecimalString(v) || (positive ? Number(v) > 0 : Number(v) >= 0), messages.sign)
    .refine((v) => !isDecimalString(v) || (v.split(".")[1]?.length ?? 0) <= 3, messages.decimals)
    .refine((v) => v.replace(/^-/, "").split(".")[0].length <= 11, messages.tooLarge);

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

const EMAIL = z.email();
export const MAX_INVITED_EMAILS = 50;

/**
 * Addresses of suppliers not yet on the platform, typed one per line (or
 * separated by commas); each is mailed a registration link on publishing.
 * Kept lower-case and once each.
 */
export const inviteEmailsField = z.preprocess(
  (v) => (Array.isArray(v) ? v.join("\n") : typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .string()
    .max(10_000, msg("Keep the list of addresses shorter."))
    .transform((text, ctx) => {
      const list = [
        ...new Set(
          text
            .split(/[\s,;]+/)
            .map((e) => e.trim().toLowerCase())
            .filter(Boolean),
        ),
      ];
      const bad = list.find((e) => !EMAIL.safeParse(e).success);
      if (bad) {
        ctx.addIssue({ code: "custom", message: msgWith("“{{address}}” is not an email address.", { address: bad }) });
        return z.NEVER;
      }
      if (list.length > MAX_INVITED_EMAILS) {
        ctx.addIssue({
          code: "custom",
          message: msgWith("Invite at most {{max}} addresses at once.", { max: MAX_INVITED_EMAILS }),
        });
        return z.NEVER;
      }
      return list;
    })
    .optional(),
);

export const rfqLineSchema = z.object({
  itemName: itemNameField,
  specification: specificationField,
  quantity: decimal(QUANTITY, { positive: true }),
  unit: z.enum(UNITS, { error: msg("Choose a unit.") }),
  targetPrice: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    decimal(TARGET_PRICE, { positive: true }).optional(),
  ),
});

export const rfqFormSchema = withOneDeliveryAddress(
  z
    .object({
      title: z
        .string({ error: msg("Enter a title.") })
        .trim()
        .min(3, msg("The title needs at least 3 characters."))
        .max(200, msg("Keep the title under 200 characters.")),
      description: z.string().trim().max(5000, "Keep the description under 5000 characters.").default(""),
      currency: z.enum(CURRENCIES, { error: msg("Choose a currency.") }),
      deadline: z
        .string({ error: msg("Enter the response deadline.") })
        .trim()
        .min(1, msg("Enter the response deadline.")),
      deadlineTimeZone: z.enum(TIME_ZONES, { error: msg("Choose the deadline's time zone.") }),
      shipToId: shipToField,
      deliveryAddress: z.string().trim().max(500, msg("Keep the address under 500 characters.")).default(""),
      category: optionalText(100, msg("Keep the category under 100 characters.")),
      wantedBy: optionalDateField("date wanted"),
      paymentTerms: optionalChoice(PAYMENT_TERMS, msg("Choose payment terms from the list.")),
      incoterm: optionalChoice(INCOTERMS, msg("Choose an Incoterm from the list.")),
      lines: z.preprocess(
        dropTrailingBlankRows,
        z
          .array(rfqLineSchema, { error: msg("Add at least one line item.") })
          .min(1, msg("Add at least one line item."))
          .max(500, msg("At most 500 line items.")),
      ),
      supplierIds: z.array(z.string().uuid(msg("Choose suppliers from the list."))).default([]),
      inviteEmails: inviteEmailsField,
      intent: z.enum(["save", "publish"]).default("save"),
    })
    .superRefine((value, ctx) => {
      const at = zonedLocalToInstant(value.deadline, value.deadlineTimeZone);
      if (!at) {
        ctx.addIssue({ code: "custom", path: ["deadline"], message: msg("Enter the deadline as a date and time.") });
      }
      if (value.intent === "publish" && value.supplierIds.length === 0 && (value.inviteEmails ?? []).length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["supplierIds"],
          message: msg("Invite at least one supplier (from the list or by email) before publishing."),
        });
      }
    }),
  { required: false },
);

export type RfqFormInput = z.infer<typeof rfqFormSchema>;

/** Editing a draft: the same form, plus the version the buyer saw. */
export const rfqEditSchema = rfqFormSchema.and(z.object({ version: versionField }));
export type RfqEditInput = z.infer<typeof rfqEditSchema>;

/** The version of the RFQ the buyer saw: a change made meanwhile makes the action stale. */
const seenVersion = versionField;

/** Publishing a draft RFQ. */
export const publishRfqSchema = z.object({ intent: z.literal("publish"), version: seenVersion });

/** Closing an open RFQ before its deadline. */
export const closeRfqSchema = z.object({ intent: z.literal("close"), version: seenVersion });

/** Cancelling an RFQ: the invited suppliers are told the reason. */
export const cancelRfqSchema = z.object({
  intent: z.literal("cancel"),
  version: seenVersion,
  reason: z
    .string({ error: msg("Say why the RFQ is cancelled.") })
    .trim()
    .min(3, msg("Say why the RFQ is cancelled."))
    .max(1000, msg("Keep the reason under 1000 characters."))
    .refine(printable, msg("Remove the control characters from the reason.")),
});

/** Extending an open RFQ's deadline, typed in the RFQ's own time zone. */
export const extendDeadlineSchema = z.object({
  intent: z.literal("extend"),
  version: seenVersion,
  newDeadline: z
    .string({ error: msg("Enter the new deadline.") })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, msg("Enter the new deadline as a date and time.")),
});

/** Inviting more suppliers by email to an open RFQ. */
export const inviteByEmailSchema = z
  .object({
    intent: z.literal("invite"),
    inviteEmails: inviteEmailsField,
  })
  // On the object, not the field: zod skips a field's own checks when the field is absent.
  .refine((value) => (value.inviteEmails ?? []).length > 0, {
    path: ["inviteEmails"],
    message: msg("Enter at least one email address."),
  });
