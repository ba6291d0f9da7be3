/**
 * Bank account numbers: the IBAN's shape and its ISO 13616 mod-97 check
 * digits, the BIC's shape, and how an IBAN is shown where it must not be
 * read whole (mail). Pure: the company form checks in the browser with the
 * same functions the server uses.
 */
import { msg, msgWith } from "../../i18n/config";

/** Each country's IBAN length (ISO 13616 registry), for the countries a mistyped length would fool. */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AT: 20,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  ME: 22,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  RS: 22,
  SA: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TR: 26,
};

/** The IBAN as stored and compared: no spaces, upper case. */
export function normaliseIban(value: string): string {
  return value.replace(/[\s-]+/g, "").toUpperCase();
}

/** Why this IBAN cannot be right, or null when it passes the shape, length and mod-97 checks. */
export function ibanProblem(value: string): string | null {
  const iban = normaliseIban(value);
  if (iban === "") return msg("Enter the IBAN.");
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban))
    return msg("An IBAN starts with a country code and two check digits, then up to 30 letters and digits.");
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected)
    return msgWith("A {{country}} IBAN has {{expected}} characters; this one has {{length}}.", {
      country: iban.slice(0, 2),
      expected,
      length: iban.length,
    });
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1)
    return msg("This IBAN's check digits do not match: check it for a mistyped character.");
  return null;
}

/** The remainder of the number the letters-as-digits IBAN spells, computed piecewise (it is far beyond 2^53). */
function mod97(rearranged: string): number {
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = ch >= "A" && ch <= "Z" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder;
}

/** The BIC as stored: no spaces, upper case. */
export function normaliseBic(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

/** Why this BIC cannot be right (ISO 9362: 4 letters bank, 2 letters country, 2 location, optional 3 branch), or null. */
export function bicProblem(value: string): string | null {
  const bic = normaliseBic(value);
  if (bic === "") return msg("Enter the BIC (SWIFT code).");
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic))
    return msg(
      "A BIC has 8 or 11 characters: bank (4 letters), country (2 letters), location (2), optional branch (3).",
    );
  return null;
}

/** Groups of four, as people read an IBAN off a page. */
export function formatIban(iban: string): string {
  return normaliseIban(iban).replace(/(.{4})(?=.)/g, "$1 ");
}

/** Country and check digits and the last four, the middle hidden: "SE45 **** **** **** **** 7466". */
export function maskIban(iban: string): string {
  const plain = normaliseIban(iban);
  if (plain.length <= 8) return formatIban(plain);
  const masked = plain.slice(0, 4) + "*".repeat(plain.length - 8) + plain.slice(-4);
  return formatIban(masked);
}
