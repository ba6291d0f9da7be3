/**
 * The shared vocabularies (units of measure, payment terms) as catalogue
 * keys: rows keep the code ("pcs", "Net 30"), pages translate the key. A
 * value typed outside the list is shown as it was stored. Pure, shared by
 * browser and server.
 */
import { msg } from "../../i18n/config";

const UNIT_LABELS: Record<string, string> = {
  pcs: msg("pcs"),
  kg: msg("kg"),
  m: msg("m"),
  l: msg("l"),
  box: msg("box"),
  set: msg("set"),
  h: msg("h"),
  // Charges (freight) are counted by the lot.
  lot: msg("lot"),
};

const PAYMENT_TERM_LABELS: Record<string, string> = {
  "Net 15": msg("Net 15"),
  "Net 30": msg("Net 30"),
  "Net 45": msg("Net 45"),
  "Net 60": msg("Net 60"),
  "Net 90": msg("Net 90"),
  "Payment in advance": msg("Payment in advance"),
};

/** A unit of measure as a catalogue key ("pcs"); a unit outside the list is shown as it was stored. */
export function unitLabel(unit: string): string {
  return UNIT_LABELS[unit] ?? unit;
}

/** Payment terms as a catalogue key; terms outside the list are shown as they were stored. */
export function paymentTermsLabel(terms: string): string {
  return PAYMENT_TERM_LABELS[terms] ?? terms;
}

/** Whether a value is one of the listed codes (its label is a catalogue key, not the value as typed). */
export function isListedVocabulary(value: string): boolean {
  return value in UNIT_LABELS || value in PAYMENT_TERM_LABELS;
}
