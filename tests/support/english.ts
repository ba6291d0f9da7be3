/**
 * What an English reader sees of a catalogue message that travels as data
 * (`msg`, `msgWith`): field errors, refusals and a history's sentences carry
 * the key and its values, and the page says them in the viewer's words. Dates
 * and amounts among the values are formatted as for an English reader in UTC,
 * or in the zone given to `englishIn`.
 */
import { translated } from "../../app/i18n/config";
import { createFormat } from "../../app/i18n/format";
import { translatorFor } from "../../app/i18n/translator";

/** What an English reader in this time zone sees of a message. */
export function englishIn(timeZone: string): (message: string) => string {
  const format = createFormat({ locale: "en", timeZone });
  return (message) => translated(translatorFor("en"), message, format);
}

const inUtc = englishIn("UTC");

export function english(message: string): string {
  return inUtc(message);
}

export function englishErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, english(message)]));
}
