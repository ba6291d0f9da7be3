/**
 * Where goods go, on the RFQ and PO forms: a select of the organisation's
 * ship-to addresses (default first) and, for anything else, the address
 * typed. An organisation without a list, and a document whose address is
 * not on it (written before the list, or since archived), keeps the typed
 * address alone. The server copies the chosen address's text.
 */
import { useTranslation } from "~/i18n/react";

import { SelectField, TextareaField, type FieldState } from "./fields";

export interface ShipToChoice {
  id: string;
  label: string;
  address: string;
  isDefault: boolean;
}

export function DeliveryAddressFields({
  shipTos,
  shipTo,
  typed,
  rows = 3,
}: {
  shipTos: ShipToChoice[];
  shipTo: FieldState;
  typed: FieldState;
  rows?: number;
}) {
  const { t } = useTranslation();
  if (shipTos.length === 0) {
    return <TextareaField field={typed} id="deliveryAddress" label={t("Delivery address")} rows={rows} />;
  }
  return (
    <>
      <SelectField
        field={shipTo}
        id="shipToId"
        label={t("Ship to")}
        placeholder={t("Another address (type it below)")}
        options={shipTos.map((s) => {
          const address = s.address.replace(/\s*\n\s*/g, ", ");
          return {
            value: s.id,
            label: s.isDefault
              ? t("{{label}} (default): {{address}}", { label: s.label, address })
              : t("{{label}}: {{address}}", { label: s.label, address }),
          };
        })}
      />
      <TextareaField
        field={typed}
        id="deliveryAddress"
        label={t("Other delivery address")}
        hint={t("Only when none of the ship-to addresses fits.")}
        rows={rows}
      />
    </>
  );
}

/** The form's starting choice: the address's ship-to when its text is one of them, else the typed text. */
export function deliveryDefaults(
  shipTos: ShipToChoice[],
  address: string,
): { shipToId?: string; deliveryAddress: string } {
  const match = shipTos.find((s) => s.address === address);
  return match ? { shipToId: match.id, deliveryAddress: "" } : { shipToId: undefined, deliveryAddress: address };
}
