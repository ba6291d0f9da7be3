/**
 * The locale of a request (a `lng` query parameter or cookie; English
 * otherwise, until a second language is filled in) and server-side `t` for
 * what is not a React page: mails, PDFs, CSV headers.
 */
import { createCookie } from "@remix-run/node";
import type { TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";

import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./config";
import { translatorFor } from "./translator";

export { i18nFor } from "./translator";

export const localeCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 86400 });

const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    // Not the Accept-Language header yet: with one real language it could only pick the pseudo-locale by mistake.
    order: ["searchParams", "cookie"],
  },
});

export async function localeOf(request: Request): Promise<Locale> {
  const found = await detector.getLocale(request);
  return isLocale(found) ? found : DEFAULT_LOCALE;
}

/** `t` in a locale, for mails, PDFs and CSV files. */
export function serverT(locale: Locale = DEFAULT_LOCALE): TFunction {
  return translatorFor(locale);
}
