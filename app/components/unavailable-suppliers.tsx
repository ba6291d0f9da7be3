/**
 * Suppliers on the organisation's list that a form does not offer, each with
 * why (not approved yet, suspended with its reason, blocked), so a buyer who
 * looks for one learns what stands in the way instead of a missing name.
 */
import { msg, translated } from "~/i18n/config";
import { useTranslation } from "~/i18n/react";

export interface UnavailableSupplier {
  id: string;
  name: string;
  /** A sentence from the model, marked for the catalogue where it is made. */
  reason: string;
}

/** One whole sentence per form, so a translation never has to bend a verb into someone else's sentence. */
const HEADINGS: Record<string, string> = {
  invited: msg("Cannot be invited now:"),
  "ordered from": msg("Cannot be ordered from now:"),
  "given an agreement": msg("Cannot be given an agreement now:"),
};

export function UnavailableSuppliers({
  suppliers,
  verb,
}: {
  suppliers: UnavailableSupplier[];
  verb: "invited" | "ordered from" | "given an agreement";
}) {
  const { t } = useTranslation();
  if (suppliers.length === 0) return null;
  return (
    <div className="hint" id="unavailable-suppliers">
      <p style={{ marginBottom: 0 }}>{t(HEADINGS[verb])}</p>
      <ul>
        {suppliers.map((s) => (
          <li key={s.id}>
            {s.name}: {translated(t, s.reason)}
          </li>
        ))}
      </ul>
    </div>
  );
}
