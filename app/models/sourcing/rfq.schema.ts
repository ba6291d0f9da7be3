/** The RFQ form, checked the same way in the browser and on the server. */
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
    .max(10_000, "Keep the list of addresses shorter.")
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
        ctx.addIssue({ code: "custom", message: `“${bad}” is not an email address.` });
        return z.NEVER;
      }
      if (list.length > MAX_INVITED_EMAILS) {
        ctx.addIssue({ code: "custom", message: `Invite at most ${MAX_INVITED_EMAILS} addresses at once.` });
        return z.NEVER;
      }
      return list;
    })
    .optional(),
);

export const rfqLineSchema = z.object({
  itemName: itemNameField,
  specification: specificationField,
  quantity: decimal("quantity", { positive: true }),
  unit: z.enum(UNITS, { error: "Choose a unit." }),
  targetPrice: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    decimal("target price", { positive: true }).optional(),
  ),
});

export const rfqFormSchema = withOneDeliveryAddress(
  z
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
      shipToId: shipToField,
      deliveryAddress: z.string().trim().max(500, "Keep the address under 500 characters.").default(""),
      category: optionalText(100, "Keep the category under 100 characters."),
      wantedBy: optionalDateField("date wanted"),
      paymentTerms: optionalChoice(PAYMENT_TERMS, "Choose payment terms from the list."),
      incoterm: optionalChoice(INCOTERMS, "Choose an Incoterm from the list."),
      lines: z.preprocess(
        dropTrailingBlankRows,
        z
          .array(rfqLineSchema, { error: "Add at least one line item." })
          .min(1, "Add at least one line item.")
          .max(500, "At most 500 line items."),
      ),
      supplierIds: z.array(z.string().uuid("Choose suppliers from the list.")).default([]),
      inviteEmails: inviteEmailsField,
      intent: z.enum(["save", "publish"]).default("save"),
    })
    .superRefine((value, ctx) => {
      const at = zonedLocalToInstant(value.deadline, value.deadlineTimeZone);
      if (!at) {
        ctx.addIssue({ code: "custom", path: ["deadline"], message: "Enter the deadline as a date and time." });
      }
      if (value.intent === "publish" && value.supplierIds.length === 0 && (value.inviteEmails ?? []).length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["supplierIds"],
          message: "Invite at least one supplier (from the list or by email) before publishing.",
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
    .string({ error: "Say why the RFQ is cancelled." })
    .trim()
    .min(3, "Say why the RFQ is cancelled.")
    .max(1000, "Keep the reason under 1000 characters.")
    .refine(printable, "Remove the control characters from the reason."),
});

/** Extending an open RFQ's deadline, typed in the RFQ's own time zone. */
export const extendDeadlineSchema = z.object({
  intent: z.literal("extend"),
  version: seenVersion,
  newDeadline: z
    .string({ error: "Enter the new deadline." })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter the new deadline as a date and time."),
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
    message: "Enter at least one email address.",
  });
