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
 * A value of a message that is itself a message (`msg`/`msgWith`), said in
 * the reader's words too: `{ message }` one, `{ messages }` several, one a
 * line ("Row 3: …" inside "Nothing was imported: …").
 */
export type MessageValue = string | number | { message: string } | { messages: string[] };

/**
 * A message with values, as one string: for what travels as text before it
 * is shown (a field error from the server, a refusal's sentence). The key is
 * found by the catalogue test like any other; `translated()` reads it back.
 */
export function msgWith<K extends string>(key: K, values: Record<string, MessageValue>): string {
  return `${key}${PARAMS}${JSON.stringify(values)}`;
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

function said(t: Translate, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && typeof value === "object" && "message" in value && typeof value.message === "string")
      out[name] = translated(t, value.message);
    else if (value !== null && typeof value === "object" && "messages" in value && Array.isArray(value.messages))
      out[name] = value.messages.map((m) => translated(t, String(m))).join("\n");
    else out[name] = value;
  }
  return out;
}

/** A message from `msg()` or `msgWith()` in the viewer's words. */
export function translated(t: Translate, text: string): string {
  const at = text.indexOf(PARAMS);
  if (at < 0) return t(text);
  let values: Record<string, unknown>;
  try {
    values = JSON.parse(text.slice(at + 1)) as Record<string, unknown>;
  } catch {
    return t(text.slice(0, at));
  }
  return t(text.slice(0, at), said(t, values));
}
