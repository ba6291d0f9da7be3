/**
 * The shared vocabularies (units of measure, payment terms) in the viewer's
 * words. Rows keep the code ("pcs", "Net 30"); a value typed outside the
 * list is shown as it was typed.
 */
import {
  isListedVocabulary,
  paymentTermsLabel as paymentTermsKey,
  unitLabel as unitKey,
} from "~/models/shared/vocabulary-labels";

type Translate = (key: string) => string;

export function unitLabel(t: Translate, unit: string): string {
  const key = unitKey(unit);
  return isListedVocabulary(unit) ? t(key) : key;
}

export function paymentTermLabel(t: Translate, term: string): string {
  const key = paymentTermsKey(term);
  return isListedVocabulary(term) ? t(key) : key;
}

/** A select's options from a vocabulary: the code as value, the viewer's words as label. */
export function labelled(values: readonly string[], label: (value: string) => string) {
  return values.map((value) => ({ value, label: label(value) }));
}
