/**
 * One i18next instance per locale, made once and never switched, usable on
 * either side: the server renders every request of a locale with it, and a
 * page's <title> (a meta function runs outside React) asks it too.
 */
import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";

import { DEFAULT_LOCALE, i18nOptions, isLocale, type Locale } from "./config";
import { en } from "./messages";
import { pseudoProcessor } from "./pseudo";

const instances = new Map<Locale, I18n>();

export function i18nFor(locale: Locale): I18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    // Resources are in memory and initImmediate is off: the instance is ready when init returns.
    void instance.use(initReactI18next).use(pseudoProcessor).init(i18nOptions(locale));
    rememberPlainMessages(instance);
    instances.set(locale, instance);
  }
  return instance;
}

export function translatorFor(locale: unknown): TFunction {
  const known = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return i18nFor(known).getFixedT(known);
}

/**
 * A page asks for a few hundred messages, most without values, and every
 * component asks i18next for its own `t`: each lookup walked i18next's
 * whole resolution (options, fallbacks, plurals, interpolation), a few
 * percent of a page's time. The catalogue never changes while the process
 * runs, so a message without values is resolved once per instance, and each
 * `t` is made once; a message with values is resolved as before. Only keys
 * of the catalogue are kept (never text from data passing through
 * `translated()`), so the memory stays bounded by the catalogue.
 */
function rememberPlainMessages(instance: I18n): void {
  const fixed = instance.getFixedT.bind(instance);
  const made = new Map<string, TFunction>();
  const getFixedT = (...args: Parameters<I18n["getFixedT"]>) => {
    const id = JSON.stringify(args.map((a) => a ?? null));
    let t = made.get(id);
    if (!t) {
      const plain = fixed(...args);
      const resolved = new Map<string, string>();
      const remembering = (...call: Parameters<TFunction>) => {
        const [key] = call;
        if (call.length !== 1 || typeof key !== "string" || !(key in en)) return plain(...call);
        let text = resolved.get(key);
        if (text === undefined) {
          text = String(plain(key));
          resolved.set(key, text);
        }
        return text;
      };
      // With what i18next sets on a fixed `t` (its language, namespace and key prefix).
      t = Object.assign(remembering, plain) as unknown as TFunction;
      made.set(id, t);
    }
    return t;
  };
  instance.getFixedT = getFixedT as I18n["getFixedT"];
}
