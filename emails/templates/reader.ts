/**
 * Who reads a mail, as its templates need to know: the catalogue's `t` in the
 * reader's language and the formatter for their time zone, so a deadline or
 * an amount reads as it would on their own pages.
 */
import type { TFunction } from "i18next";

import { DEFAULT_LOCALE, type Locale } from "../../app/i18n/config";
import { createFormat, type Format } from "../../app/i18n/format";
import { translatorFor } from "../../app/i18n/translator";

export interface MailReader {
  t: TFunction;
  format: Format;
}

export function mailReader({
  locale = DEFAULT_LOCALE,
  timeZone = "UTC",
}: { locale?: Locale; timeZone?: string } = {}): MailReader {
  return { t: translatorFor(locale), format: createFormat({ locale, timeZone }) };
}
