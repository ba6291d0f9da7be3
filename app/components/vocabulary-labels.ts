/**
 * The shared vocabularies (units of measure, payment terms) in the viewer's
 * words. Rows keep the code ("pcs", "Net 30"); a value typed outside the
 * list is shown as it was typed.
 */
import { msg } from "~/i18n/config";

type Translate = (key: string) => string;

const UNIT_LABELS: Record<string, string> = {
  pcs: msg("pcs"),
  kg: msg("kg"),
  m: msg("m"),
  l: msg("l"),
  box: msg("box"),
  set: msg("set"),
  h: msg("h"),
};

const PAYMENT_TERM_LABELS: Record<string, string> = {
  "Net 15": msg("Net 15"),
  "Net 30": msg("Net 30"),
  "Net 45": msg("Net 45"),
  "Net 60": msg("Net 60"),
  "Net 90": msg("Net 90"),
  "Payment in advance": msg("Payment in advance"),
};

export function unitLabel(t: Translate, unit: string): string {
  const key = UNIT_LABELS[unit];
  return key ? t(key) : unit;
}

export function paymentTermLabel(t: Translate, term: string): string {
  const key = PAYMENT_TERM_LABELS[term];
  return key ? t(key) : term;
}

/** A select's options from a vocabulary: the code as value, the viewer's words as label. */
export function labelled(values: readonly string[], label: (value: string) => string) {
  return values.map((value) => ({ value, label: label(value) }));
}
