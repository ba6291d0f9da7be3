import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";

import { DEFAULT_LOCALE, i18nOptions, isLocale } from "./i18n/config";
import { pseudoProcessor } from "./i18n/pseudo";

// The locale the server rendered in (the root sets <html lang>); the messages are in the bundle, so this is synchronous.
const lang = document.documentElement.lang;
void i18next
  .use(initReactI18next)
  .use(pseudoProcessor)
  .init(i18nOptions(isLocale(lang) ? lang : DEFAULT_LOCALE));

startTransition(() => {
  hydrateRoot(
    document,
    <I18nextProvider i18n={i18next}>
      <StrictMode>
        <RemixBrowser />
      </StrictMode>
    </I18nextProvider>,
  );
});
