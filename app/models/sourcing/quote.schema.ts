/**
 * The supplier's quote form: per RFQ line a unit price (or no bid), a
 * minimum order quantity and an optional alternate offer; for the quote its
 * terms. Submitting checks everything; saving a draft only checks lengths,
 * since a draft may be half filled in.
 */
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

function amountProblem(value: string, label: string, decimals: number): string | null {
  if (!isDecimalString(value)) return `The ${label} must be a number, like 12.50.`;
  if (value.startsWith("-")) return `The ${label} cannot be negative.`;
  if ((value.split(".")[1]?.length ?? 0) > decimals) return `Use at most ${decimals} decimals.`;
  if (value.split(".")[0].length > 13) return `The ${label} is too large.`;
  return null;
}

const optionalAmount = (label: string, decimals: number) =>
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
    rfqLineId: z.string().uuid("Unknown line."),
    unitPrice: z.string().trim().default(""),
    noBid: z.literal("on").optional(),
    minOrderQuantity: optionalAmount("minimum order quantity", 3),
    alternateOffer: z.preprocess(
      blankToUndefined,
      z.string().trim().max(1000, "Keep the alternate offer under 1000 characters.").optional(),
    ),
  })
  .superRefine((line, ctx) => {
    if (line.noBid) return;
    if (line.unitPrice === "") {
      ctx.addIssue({ code: "custom", path: ["unitPrice"], message: "Enter a unit price, or tick “No bid”." });
      return;
    }
    const problem = amountProblem(line.unitPrice, "unit price", 4);
    if (problem) ctx.addIssue({ code: "custom", path: ["unitPrice"], message: problem });
  });

export const quoteFormSchema = z
  .object({
    lines: z.array(quoteLineSchema).min(1, "Price at least one line."),
    /** The quote's currency; the RFQ's when not given. */
    currency: optionalCurrencyField(),
    leadTimeDays: z
      .string({ error: "Enter the lead time in days." })
      .trim()
      .regex(/^\d{1,4}$/, "Enter the lead time as whole days, like 14."),
    freight: optionalAmount("freight", 2),
    otherCharges: optionalAmount("other charges", 2),
    validUntil: optionalDateField("validity date"),
    paymentTerms: z.preprocess(
      blankToUndefined,
      z.string().trim().max(200, "Keep the payment terms under 200 characters.").optional(),
    ),
    incoterm: z.preprocess(
      blankToUndefined,
      z.enum(INCOTERMS, { error: "Choose an Incoterm from the list." }).optional(),
    ),
    notes: z.string().trim().max(5000, "Keep the notes under 5000 characters.").default(""),
    version: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.lines.every((l) => l.noBid)) {
      ctx.addIssue({
        code: "custom",
        path: ["lines"],
        message: "Price at least one line, or decline the RFQ instead.",
      });
    }
  });

export type QuoteFormInput = z.infer<typeof quoteFormSchema>;

const draftText = (max: number) => z.string().max(max, `Keep this under ${max} characters.`).default("");

/** A saved draft: what was typed, kept as typed; checked in full only on submit. */
export const quoteDraftSchema = z.object({
  lines: z
    .array(
      z.object({
        rfqLineId: z.string().uuid("Unknown line."),
        unitPrice: draftText(40),
        noBid: z.literal("on").optional(),
        minOrderQuantity: draftText(40),
        alternateOffer: draftText(1000),
      }),
    )
    .default([]),
  currency: z.string().max(3, "Keep this under 3 characters.").optional(),
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
    .string({ error: "Say why you are not quoting." })
    .trim()
    .min(3, "Say why you are not quoting.")
    .max(1000, "Keep the reason under 1000 characters.")
    .refine(printable, "Remove the control characters from the reason."),
});

export const withdrawSchema = z.object({
  intent: z.literal("withdraw"),
  version: versionField,
});

export const removeAttachmentSchema = z.object({
  intent: z.literal("remove-attachment"),
  attachmentId: z.string().uuid("Unknown file."),
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
