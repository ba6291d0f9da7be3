/** Form fields several forms share, so their rules and messages stay one. */
import { z } from "zod";

import { calendarDateProblem, MAX_YEAR, MIN_YEAR, YEAR_OUT_OF_RANGE } from "../../utils/time";
import { compare, isDecimalString } from "../../utils/money";
import { msg, msgWith } from "../../i18n/config";

/** An empty input means "not given". */
/**
 * What a decimal field says when it is refused, each a whole catalogue sentence naming the field (a translation
 * needs the sentence, not a word to slot in). `zero` is for fields that must be more than zero.
 */
export type DecimalWords = {
  enter: string;
  number: string;
  negative: string;
  zero?: string;
  places: string;
  large: string;
};

/**
 * A decimal kept as its string (decision 005): at most `places` decimals and `digits` digits before the point,
 * never negative, and more than zero unless `allowZero`.
 */
export const decimalField = (
  words: DecimalWords,
  { places, digits, allowZero }: { places: number; digits: number; allowZero: boolean },
) =>
  z
    .string({ error: words.enter })
    .trim()
    .min(1, words.enter)
    .refine(isDecimalString, words.number)
    .refine((v) => !isDecimalString(v) || !v.startsWith("-"), words.negative)
    .refine((v) => !isDecimalString(v) || allowZero || compare(v, "0") > 0, words.zero ?? words.number)
    .refine((v) => !isDecimalString(v) || (v.split(".")[1]?.length ?? 0) <= places, words.places)
    .refine((v) => v.replace(/^-/, "").split(".")[0].length <= digits, words.large);

export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * Each date field's errors as whole catalogue sentences, so a translator sees
 * "Enter the due date." and never a fragment with a hole for the field's name.
 */
const DATE_FIELDS = {
  "wanted-by date": {
    enter: msg("Enter the wanted-by date."),
    asDate: msg("Enter the wanted-by date as a date, like 2027-01-31."),
  },
  "date wanted": {
    enter: msg("Enter the date wanted."),
    asDate: msg("Enter the date wanted as a date, like 2027-01-31."),
  },
  "delivery date": {
    enter: msg("Enter the delivery date."),
    asDate: msg("Enter the delivery date as a date, like 2027-01-31."),
  },
  "promised delivery date": {
    enter: msg("Enter the promised delivery date."),
    asDate: msg("Enter the promised delivery date as a date, like 2027-01-31."),
  },
  "date received": {
    enter: msg("Enter the date received."),
    asDate: msg("Enter the date received as a date, like 2027-01-31."),
  },
  "invoice date": {
    enter: msg("Enter the invoice date."),
    asDate: msg("Enter the invoice date as a date, like 2027-01-31."),
  },
  "due date": {
    enter: msg("Enter the due date."),
    asDate: msg("Enter the due date as a date, like 2027-01-31."),
  },
  "first due date": {
    enter: msg("Enter the first due date."),
    asDate: msg("Enter the first due date as a date, like 2027-01-31."),
  },
  "last due date": {
    enter: msg("Enter the last due date."),
    asDate: msg("Enter the last due date as a date, like 2027-01-31."),
  },
  "payment date": {
    enter: msg("Enter the payment date."),
    asDate: msg("Enter the payment date as a date, like 2027-01-31."),
  },
  "expiry date": {
    enter: msg("Enter the expiry date."),
    asDate: msg("Enter the expiry date as a date, like 2027-01-31."),
  },
  "validity date": {
    enter: msg("Enter the validity date."),
    asDate: msg("Enter the validity date as a date, like 2027-01-31."),
  },
  "first day": {
    enter: msg("Enter the first day."),
    asDate: msg("Enter the first day as a date, like 2027-01-31."),
  },
  "last day": {
    enter: msg("Enter the last day."),
    asDate: msg("Enter the last day as a date, like 2027-01-31."),
  },
} as const;

export type DateFieldName = keyof typeof DATE_FIELDS;

/** Why a well-formed day is refused, as a catalogue message. */
function dayProblem(day: string): string | null {
  const problem = calendarDateProblem(day);
  if (problem === null) return null;
  return problem === YEAR_OUT_OF_RANGE
    ? msgWith("Enter a year from {{min}} to {{max}}.", { min: MIN_YEAR, max: MAX_YEAR })
    : msg("That date does not exist.");
}

/**
 * A calendar date typed as YYYY-MM-DD that must exist ("2027-02-30" does
 * not) and fall within the years a form accepts (no year 0000, which
 * Postgres refuses).
 */
export function dateField(what: DateFieldName) {
  const said = DATE_FIELDS[what];
  return z
    .string({ error: said.enter })
    .trim()
    .min(1, { message: said.enter, abort: true })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: said.asDate, abort: true })
    .superRefine((v, ctx) => {
      const problem = dayProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** The same, optional: an empty input means "not given". */
export function optionalDateField(what: DateFieldName) {
  return z.preprocess(blankToUndefined, dateField(what).optional());
}

export const itemNameField = z
  .string({ error: msg("Enter the item.") })
  .trim()
  .min(1, msg("Enter the item."))
  .max(200, msg("Keep the item name under 200 characters."));

export const specificationField = z
  .string()
  .trim()
  .max(2000, msg("Keep the specification under 2000 characters."))
  .default("");

/** ISO 4217 codes the runtime knows (Node and every current browser ship the list). */
const ISO_CURRENCIES: ReadonlySet<string> = new Set(
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : [],
);

/** An ISO 4217 code, any case typed; blank means "not given" (the caller's default applies). */
export function optionalCurrencyField() {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, {
        message: msg("Enter the currency as a three-letter ISO 4217 code, like EUR."),
        abort: true,
      })
      .refine((v) => ISO_CURRENCIES.size === 0 || ISO_CURRENCIES.has(v), msg("That is not an ISO 4217 currency code."))
      .optional(),
  );
}

/** True when the text has no control characters (line breaks and tabs allowed); Postgres refuses NUL in text. */
export function printable(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text);
}

const RELOAD = msg("Reload the page and try again.");

/**
 * The version of a record the person saw, sent back with a form: a whole
 * number a Postgres integer can hold (a larger one would fail the query,
 * not the form).
 */
export const versionField = z.coerce.number({ error: RELOAD }).int(RELOAD).min(0, RELOAD).max(2_147_483_647, RELOAD);

/** A list's search box in the address: trimmed, blank when absent. */
export function searchField(max: number) {
  return z.string().trim().max(max, `Keep the search under ${max} characters.`).default("");
}

/** A list's status filter in the address: one of the workflow's statuses, or blank for all. */
export function statusFilterField<T extends string>(statuses: readonly T[]) {
  return z
    .string()
    .default("")
    .refine((v) => v === "" || (statuses as readonly string[]).includes(v), msg("Choose a status from the list."))
    .transform((v) => (v === "" ? undefined : (v as T)));
}

/**
 * The opaque "next page" cursor a list hands out (base64url); the model reads a tampered one as the first page.
 * Long enough for a list sorted by a title: the cursor carries the last row's title.
 */
export const cursorField = z
  .string()
  .max(1000, msg("This link to the next page is broken. Start again from the first page."))
  .regex(/^[A-Za-z0-9_-]*$/, msg("This link to the next page is broken. Start again from the first page."))
  .optional();

/** One of the organisation's ship-to addresses; blank means "the address typed" (or none). */
export const shipToField = z.preprocess(
  blankToUndefined,
  z
    .string({ error: msg("Choose a ship-to address from the list.") })
    .uuid(msg("Choose a ship-to address from the list."))
    .optional(),
);

type DeliveryFields = { shipToId?: unknown; deliveryAddress?: unknown };

// The checks run on whatever arrived, even a form that is wrong all over, so they read it defensively.
const typedAddress = (value: DeliveryFields | undefined) =>
  typeof value?.deliveryAddress === "string" ? value.deliveryAddress.trim() : null;
const chosen = (value: DeliveryFields | undefined) => typeof value?.shipToId === "string" && value.shipToId !== "";

/**
 * Where goods go: a ship-to from the organisation's list, or an address
 * typed (organisations without a list, documents written before it), never
 * both, so a typed address is never silently dropped for the chosen one.
 * The checks run even while other fields are wrong (`when`), so every
 * message shows at once.
 */
export function withOneDeliveryAddress<S extends z.ZodType<DeliveryFields>>(
  schema: S,
  { required }: { required: boolean },
): S {
  const always = { when: () => true, path: ["deliveryAddress"] };
  const both = schema.refine((value) => !(chosen(value) && typedAddress(value)), {
    ...always,
    message: msg("Clear this address, or choose “Another address” under Ship to: both cannot apply."),
  });
  if (!required) return both as S;
  return both.refine(
    (value) => {
      const typed = typedAddress(value);
      return chosen(value) || typed === null || typed.length >= 5;
    },
    { ...always, message: msg("Enter the delivery address.") },
  ) as S;
}
