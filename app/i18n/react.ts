/**
 * What a page needs to speak to its viewer: `t` from the catalogue and the
 * viewer's formatter (locale and time zone from the root loader, so the
 * server and the browser format alike).
 */
import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { DEFAULT_LOCALE } from "./config";
import { createFormat, type Format } from "./format";

export { useTranslation } from "react-i18next";

type RootI18n = { locale?: string; timeZone?: string } | undefined;

export function useFormat(): Format {
  const data = useRouteLoaderData("root") as RootI18n;
  return createFormat({ locale: data?.locale ?? DEFAULT_LOCALE, timeZone: data?.timeZone ?? "UTC" });
}

/** `t` and the viewer's formatter together, for the common case of a page that needs both. */
export function useI18n() {
  const { t } = useTranslation();
  return { t, format: useFormat() };
}
