/**
 * The locales Quotient speaks and the i18next options the server and the
 * browser share, so a page hydrates with the very text it was rendered with.
 * Every message is in memory on both sides (the catalogue is small), so
 * nothing waits on a fetch and no page renders a key.
 */
import type { InitOptions } from "i18next";

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
 * A value of a message that is said or formatted only where the message is
 * shown, in the reader's words, locale and time zone: a catalogue message of
 * its own (who acted, when that is the product or a scheduled run), an
 * instant, a calendar date, an amount of money or a quantity. It travels raw
 * with the message, so a model stays pure and a loader need not know the viewer.
 */
export type Shown =
  | { as: "message"; value: string }
  | { as: "instant"; value: string }
  | { as: "date"; value: string }
  | { as: "money"; value: string; currency: string }
  | { as: "quantity"; value: string };

export type MessageValue = string | number | Shown;

const iso = (value: Date | string) => (typeof value === "string" ? value : value.toISOString());

/** Values of a `msgWith` message that the place showing it says or formats for its reader. */
export const shown = {
  /** A catalogue message (`msg`/`msgWith`), said in the reader's words. */
  message: (value: string): Shown => ({ as: "message", value }),
  /** An instant, in the reader's zone with the zone named. */
  instant: (value: Date | string): Shown => ({ as: "instant", value: iso(value) }),
  /** A calendar date ("2026-12-07" as stored), or the reader's day of an instant. */
  date: (value: Date | string): Shown => ({ as: "date", value: iso(value) }),
  /** A decimal string amount (decision 005) in its currency. */
  money: (value: string, currency: string): Shown => ({ as: "money", value, currency }),
  quantity: (value: string): Shown => ({ as: "quantity", value }),
};

/**
 * A message with values, as one string: for what travels as text before it
 * is shown (a field error from the server, a refusal's sentence, a history's
 * sentence). The key is found by the catalogue test like any other;
 * `translated()` reads it back.
 */
export function msgWith<K extends string>(key: K, values: Record<string, MessageValue>): string {
  return `${key}${PARAMS}${JSON.stringify(values)}`;
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** What `translated()` needs of the reader's formatter (app/i18n/format.ts) for `shown` values. */
export type ValueFormat = {
  instant(value: string): string;
  date(value: string): string;
  money(value: string, currency: string): string;
  quantity(value: string): string;
};

function isShown(value: unknown): value is Shown {
  return typeof value === "object" && value !== null && "as" in value && "value" in value;
}

/**
 * A message from `msg()` or `msgWith()` in the viewer's words. `format` is
 * the reader's formatter, for messages whose values are `shown` dates,
 * instants or amounts; without it they appear as stored.
 */
export function translated(t: Translate, text: string, format?: ValueFormat): string {
  const at = text.indexOf(PARAMS);
  if (at < 0) return t(text);
  let values: Record<string, unknown>;
  try {
    values = JSON.parse(text.slice(at + 1)) as Record<string, unknown>;
  } catch {
    return t(text.slice(0, at));
  }
  const said = (value: unknown): unknown => {
    if (!isShown(value)) return value;
    switch (value.as) {
      case "message":
        return translated(t, value.value, format);
      case "instant":
        return format ? format.instant(value.value) : value.value;
      case "date":
        return format ? format.date(value.value) : value.value;
      case "money":
        return format ? format.money(value.value, value.currency) : `${value.value} ${value.currency}`;
      case "quantity":
        return format ? format.quantity(value.value) : value.value;
    }
  };
  return t(text.slice(0, at), Object.fromEntries(Object.entries(values).map(([k, v]) => [k, said(v)])));
}
