/**
 * The supplier's quote form: per RFQ line a unit price (or no bid), a
 * minimum order quantity and an optional alternate offer; for the quote its
 * terms. Submitting checks everything; saving a draft only checks lengths,
 * since a draft may be half filled in.
 */
import { msg, msgWith } from "../../i18n/config";
import { z } from "zod";

import { isDecimalString } from "../../utils/money";

import { priceQuote } from "../shared/pricing";
import { INCOTERMS } from "../shared/vocabularies";
import {
  blankToUndefined,
  optionalCurrencyField,
  optionalDateField,
  printable,
  versionField,
} from "../shared/fields.schema";

/** An amount field's messages, whole sentences per field so each translates on its own. */
type AmountMessages = { notNumber: string; negative: string; tooLarge: string };

const AMOUNTS = {
  "minimum order quantity": {
    notNumber: msg("The minimum order quantity must be a number, like 12.50."),
    negative: msg("The minimum order quantity cannot be negative."),
    tooLarge: msg("The minimum order quantity is too large."),
  },
  "unit price": {
    notNumber: msg("The unit price must be a number, like 12.50."),
    negative: msg("The unit price cannot be negative."),
    tooLarge: msg("The unit price is too large."),
  },
  freight: {
    notNumber: msg("The freight must be a number, like 12.50."),
    negative: msg("The freight cannot be negative."),
    tooLarge: msg("The freight is too large."),
  },
  "other charges": {
    notNumber: msg("The other charges must be a number, like 12.50."),
    negative: msg("The other charges cannot be negative."),
    tooLarge: msg("The other charges is too large."),
  },
  amount: {
    notNumber: msg("The amount must be a number, like 12.50."),
    negative: msg("The amount cannot be negative."),
    tooLarge: msg("The amount is too large."),
  },
} satisfies Record<string, AmountMessages>;

type AmountLabel = keyof typeof AMOUNTS;

function amountProblem(value: string, label: AmountLabel, decimals: number): string | null {
  const messages: AmountMessages = AMOUNTS[label];
  if (!isDecimalString(value)) return messages.notNumber;
  if (value.startsWith("-")) return messages.negative;
  if ((value.split(".")[1]?.length ?? 0) > decimals) return msgWith("Use at most {{decimals}} decimals.", { decimals });
  if (value.split(".")[0].length > 13) return messages.tooLarge;
  return null;
}

const optionalAmount = (label: AmountLabel, decimals: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .superRefine((v, ctx) => {
        const problem = amountProblem(v, label, decimals);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
  );

export const quoteLineSchema = z
  .object({
    rfqLineId: z.string().uuid(msg("Unknown line.")),
    unitPrice: z.string().trim().default(""),
    noBid: z.literal("on").optional(),
    minOrderQuantity: optionalAmount("minimum order quantity", 3),
    alternateOffer: z.preprocess(
      blankToUndefined,
      z.string().trim().max(1000, msg("Keep the alternate offer under 1000 characters.")).optional(),
    ),
  })
  .superRefine((line, ctx) => {
    if (line.noBid) return;
    if (line.unitPrice === "") {
      ctx.addIssue({ code: "custom", path: ["unitPrice"], message: msg("Enter a unit price, or tick “No bid”.") });
      return;
    }
    const problem = amountProblem(line.unitPrice, "unit price", 4);
    if (problem) ctx.addIssue({ code: "custom", path: ["unitPrice"], message: problem });
  });

export const quoteFormSchema = z
  .object({
    lines: z.array(quoteLineSchema).min(1, msg("Price at least one line.")),
    /** The quote's currency; the RFQ's when not given. */
    currency: optionalCurrencyField(),
    leadTimeDays: z
      .string({ error: msg("Enter the lead time in days.") })
      .trim()
      .regex(/^\d{1,4}$/, msg("Enter the lead time as whole days, like 14.")),
    freight: optionalAmount("freight", 2),
    otherCharges: optionalAmount("other charges", 2),
    validUntil: optionalDateField("validity date"),
    paymentTerms: z.preprocess(
      blankToUndefined,
      z.string().trim().max(200, msg("Keep the payment terms under 200 characters.")).optional(),
    ),
    incoterm: z.preprocess(
      blankToUndefined,
      z.enum(INCOTERMS, { error: msg("Choose an Incoterm from the list.") }).optional(),
    ),
    notes: z.string().trim().max(5000, msg("Keep the notes under 5000 characters.")).default(""),
    version: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.lines.every((l) => l.noBid)) {
      ctx.addIssue({
        code: "custom",
        path: ["lines"],
        message: msg("Price at least one line, or decline the RFQ instead."),
      });
    }
  });

export type QuoteFormInput = z.infer<typeof quoteFormSchema>;

const draftText = (max: number) =>
  z.string().max(max, msgWith("Keep this under {{max}} characters.", { max })).default("");

/** A saved draft: what was typed, kept as typed; checked in full only on submit. */
export const quoteDraftSchema = z.object({
  lines: z
    .array(
      z.object({
        rfqLineId: z.string().uuid(msg("Unknown line.")),
        unitPrice: draftText(40),
        noBid: z.literal("on").optional(),
        minOrderQuantity: draftText(40),
        alternateOffer: draftText(1000),
      }),
    )
    .default([]),
  currency: z.string().max(3, msg("Keep this under 3 characters.")).optional(),
  leadTimeDays: draftText(10),
  freight: draftText(40),
  otherCharges: draftText(40),
  validUntil: draftText(10),
  paymentTerms: draftText(200),
  incoterm: draftText(3),
  notes: draftText(5000),
});

export type QuoteDraft = z.infer<typeof quoteDraftSchema>;

export const declineSchema = z.object({
  intent: z.literal("decline"),
  reason: z
    .string({ error: msg("Say why you are not quoting.") })
    .trim()
    .min(3, msg("Say why you are not quoting."))
    .max(1000, msg("Keep the reason under 1000 characters."))
    .refine(printable, msg("Remove the control characters from the reason.")),
});

export const withdrawSchema = z.object({
  intent: z.literal("withdraw"),
  version: versionField,
});

export const removeAttachmentSchema = z.object({
  intent: z.literal("remove-attachment"),
  attachmentId: z.string().uuid(msg("Unknown file.")),
});

/** What the quote form holds as typed, for its running total. */
export type TypedQuote = {
  currency: string;
  freight: string;
  otherCharges: string;
  lines: { unitPrice: string; noBid: boolean }[];
};

/**
 * The quote form's running total while the supplier types: the priced lines
 * at the RFQ's quantities, then freight and other charges, by the same rule
 * the submission stores (priceQuote). A price or charge counts once the
 * schema would accept it; lines not yet priced are counted, not guessed.
 */
export function runningQuoteTotal(quantities: readonly string[], typed: TypedQuote, fallbackCurrency: string) {
  const code = typed.currency.trim().toUpperCase();
  const currency = /^[A-Z]{3}$/.test(code) ? code : fallbackCurrency;
  const amount = (value: string | undefined, decimals: number) => {
    const v = (value ?? "").trim();
    return v !== "" && amountProblem(v, "amount", decimals) === null ? v : null;
  };
  const lines = quantities.map((quantity, i) => {
    const line = typed.lines[i];
    return { quantity, unitPrice: line && !line.noBid ? amount(line.unitPrice, 4) : null, noBid: !!line?.noBid };
  });
  const figures = priceQuote(
    lines,
    { freight: amount(typed.freight, 2), otherCharges: amount(typed.otherCharges, 2) },
    currency,
  );
  return {
    currency,
    subtotal: figures.subtotal,
    charges: priceQuote(
      [],
      { freight: amount(typed.freight, 2), otherCharges: amount(typed.otherCharges, 2) },
      currency,
    ).total,
    total: figures.total,
    /** Lines with neither a usable price nor "No bid". */
    unpriced: lines.filter((l) => !l.noBid && l.unitPrice === null).length,
  };
}
