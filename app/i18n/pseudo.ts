/**
 * The pseudo-locale: every catalogue message comes out accented and in
 * brackets ("⟦Śũƀɱíţ⟧"), still readable and a little longer, like a
 * translation would be. Text on a page without the brackets did not come
 * through the catalogue or the formatter, which is what the pseudo-locale
 * browser test looks for.
 */
import type { PostProcessorModule } from "i18next";

import { en } from "./messages";

export const PSEUDO_LOCALE = "en-XA";
export const PSEUDO_OPEN = "⟦";
export const PSEUDO_CLOSE = "⟧";

const PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ACCENTED = "àƀçđéƒĝĥíĵķĺɱñóƥʠŕśţũʋŵẋýžÀƁÇĐÉƑĜĤÍĴĶĹϺÑÓƤɊŔŚŢŨƲŴẊÝŽ";
const MAP = new Map([...PLAIN].map((c, i) => [c, [...ACCENTED][i]]));

/** Accents letters, never touching what sits inside {{…}} or <…> (placeholders and tags). */
export function pseudoLocalize(text: string): string {
  let out = "";
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" && text[i + 1] === "{") depth++;
    if (c === "<") depth++;
    out += depth > 0 ? c : (MAP.get(c) ?? c);
    if (c === "}" && text[i - 1] === "}") depth = Math.max(0, depth - 1);
    if (c === ">") depth = Math.max(0, depth - 1);
  }
  return `${PSEUDO_OPEN}${out}${PSEUDO_CLOSE}`;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

function inCatalogue(key: string | string[]): boolean {
  const keys = Array.isArray(key) ? key : [key];
  return keys.some((k) => k in en || `${k}_other` in en || (PLURAL.test(k) && k.replace(PLURAL, "") in en));
}

export const pseudoProcessor: PostProcessorModule = {
  type: "postProcessor",
  name: "pseudo",
  // A key missing from the catalogue comes out as written, unmarked, so the pseudo-locale test sees it.
  process: (value: string, key: string | string[]) => (inCatalogue(key) ? pseudoLocalize(value) : value),
};
