/**
 * What an English reader sees of a catalogue message that travels as data
 * (`msg`, `msgWith`): field errors and refusals carry the key and its
 * values, and the page says them in the viewer's words.
 */
import { translated } from "../../app/i18n/config";
import { translatorFor } from "../../app/i18n/translator";

export function english(message: string): string {
  return translated(translatorFor("en"), message);
}

export function englishErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, english(message)]));
}
