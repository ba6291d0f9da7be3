/**
 * The locales Quotient speaks and the i18next options the server and the
 * browser share, so a page hydrates with the very text it was rendered with.
 * Every message is in memory on both sides (the catalogue is small), so
 * nothing waits on a fetch and no page renders a key.
 */
import type { InitOptions } from "i18next";

import { createFormat, type Format } from "./format";
import { en } from "./messages";
import { PSEUDO_LOCALE } from "./pseudo";

// Simplified Chinese joins as "zh-CN" once its catalogue is filled.
export const LOCALES = ["en", PSEUDO_LOCALE] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function i18nOptions(lng: Locale): InitOptions {
  return {
    lng,
    supportedLngs: [...LOCALES],
    fallbackLng: DEFAULT_LOCALE,
    defaultNS: "translation",
    ns: ["translation"],
    // The pseudo-locale reads the English messages and accents them on the way out.
    resources: { en: { translation: en }, [PSEUDO_LOCALE]: { translation: en } },
    postProcess: lng === PSEUDO_LOCALE ? ["pseudo"] : false,
    // Keys are English sentences, full of ":" and ".", never paths.
    keySeparator: false,
    nsSeparator: false,
    // React escapes; escaping here too would show "&amp;" on the page.
    interpolation: { escapeValue: false },
    returnNull: false,
    initImmediate: false,
    react: { useSuspense: false },
  };
}

/**
 * Marks a catalogue key where it is declared and translated later, for
 * example a status label in a map or a zod message shown beside its field.
 * It returns the key unchanged; the catalogue test finds it by its name.
 */
export function msg<K extends string>(key: K): K {
  return key;
}

/** Between a key and its values in a message that travels as one string (a field error, a refusal). */
const PARAMS = "\u001f";

/**
 * A value said or formatted only where its message is shown, in the reader's
 * words, locale and time zone: a stored sentence (a notification, a match
 * difference) keeps the raw amount, a history's sentence the raw instant, and
 * each reader sees them with their own separators, zone and words. Written by
 * the `shown` helpers; the shapes are stored with messages, so they stay as they are.
 */
export type Formatted =
  | { money: string; currency: string }
  | { unitPrice: string; currency: string }
  | { quantity: string }
  | { instant: string }
  | { date: string }
  /** A catalogue word (a unit, a status) said in the reader's language. */
  | { word: string }
  /** A catalogue message of its own (`msg`/`msgWith`: who acted, when that is the product or a run). */
  | { message: string }
  /**
   * Several catalogue messages said one after another, one a line unless a
   * separator is given ("Row 3: …" inside "Nothing was imported: …"; a match's differences).
   */
  | { messages: string[]; separator?: string };

export type MessageValue = string | number | Formatted;

const iso = (value: Date | string) => (typeof value === "string" ? value : value.toISOString());

/** Values of a `msgWith` message that the place showing it says or formats for its reader. */
export const shown = {
  message: (message: string): Formatted => ({ message }),
  messages: (messages: string[], separator?: string): Formatted => (separator ? { messages, separator } : { messages }),
  /** An instant, in the reader's zone with the zone named. */
  instant: (value: Date | string): Formatted => ({ instant: iso(value) }),
  /** A calendar date ("2026-12-07" as stored), or the reader's day of an instant. */
  date: (value: Date | string): Formatted => ({ date: iso(value) }),
  /** A decimal string amount (decision 005) in its currency. */
  money: (money: string, currency: string): Formatted => ({ money, currency }),
  unitPrice: (unitPrice: string, currency: string): Formatted => ({ unitPrice, currency }),
  quantity: (quantity: string): Formatted => ({ quantity }),
  word: (word: string): Formatted => ({ word }),
};

/**
 * A message with values, as one string: for what travels as text before it
 * is shown (a field error from the server, a refusal's sentence, a stored
 * notification, a history's sentence). The key is found by the catalogue test like any other;
 * `translated()` reads it back.
 */
export function msgWith<K extends string>(key: K, values: Record<string, MessageValue>): string {
  return `${key}${PARAMS}${JSON.stringify(values)}`;
}

/** A message's key and values; a plain key or a stored English sentence comes back with no values. */
export function messageParts(text: string): { key: string; values: Record<string, unknown> } {
  const at = text.indexOf(PARAMS);
  if (at < 0) return { key: text, values: {} };
  try {
    const values: unknown = JSON.parse(text.slice(at + 1));
    return {
      key: text.slice(0, at),
      values: values && typeof values === "object" ? (values as Record<string, unknown>) : {},
    };
  } catch {
    return { key: text.slice(0, at), values: {} };
  }
}

function said(value: unknown, f: Format, t: Translate): unknown {
  if (!value || typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
  if ("money" in v) return f.money(s("money"), s("currency"));
  if ("unitPrice" in v) return f.unitPrice(s("unitPrice"), s("currency"));
  if ("quantity" in v) return f.quantity(s("quantity"));
  if ("instant" in v) return f.instant(s("instant"));
  if ("date" in v) return f.date(s("date"));
  if ("word" in v) return t(s("word"));
  if ("message" in v) return translated(t, s("message"), f);
  if ("messages" in v && Array.isArray(v.messages))
    return v.messages
      .filter((m): m is string => typeof m === "string")
      .map((m) => translated(t, m, f))
      .join(typeof v.separator === "string" ? v.separator : "\n");
  return "";
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * A message from `msg()` or `msgWith()` in the viewer's words, its formatted
 * values through the viewer's formatter (English and UTC when none is given).
 * A stored English sentence from before it was a message reads as stored.
 */
export function translated(t: Translate, text: string, f?: Format): string {
  const { key, values } = messageParts(text);
  const entries = Object.entries(values);
  if (entries.length === 0) return t(key);
  const format = f ?? createFormat({ locale: DEFAULT_LOCALE, timeZone: "UTC" });
  return t(key, Object.fromEntries(entries.map(([name, value]) => [name, said(value, format, t)])));
}
