/**
 * One i18next instance per locale, made once and never switched, usable on
 * either side: the server renders every request of a locale with it, and a
 * page's <title> (a meta function runs outside React) asks it too.
 */
import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";

import { DEFAULT_LOCALE, i18nOptions, isLocale, type Locale } from "./config";
import { pseudoProcessor } from "./pseudo";

const instances = new Map<Locale, I18n>();

export function i18nFor(locale: Locale): I18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    // Resources are in memory and initImmediate is off: the instance is ready when init returns.
    void instance.use(initReactI18next).use(pseudoProcessor).init(i18nOptions(locale));
    instances.set(locale, instance);
  }
  return instance;
}

export function translatorFor(locale: unknown): TFunction {
  const known = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return i18nFor(known).getFixedT(known);
}
