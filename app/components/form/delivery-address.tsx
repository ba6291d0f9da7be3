/**
 * Where goods go, on the RFQ and PO forms: a select of the organisation's
 * ship-to addresses (default first) and, for anything else, the address
 * typed. An organisation without a list, and a document whose address is
 * not on it (written before the list, or since archived), keeps the typed
 * address alone. The server copies the chosen address's text.
 */
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
  if (shipTos.length === 0) {
    return <TextareaField field={typed} id="deliveryAddress" label="Delivery address" rows={rows} />;
  }
  return (
    <>
      <SelectField
        field={shipTo}
        id="shipToId"
        label="Ship to"
        placeholder="Another address (type it below)"
        options={shipTos.map((s) => ({
          value: s.id,
          label: `${s.label}${s.isDefault ? " (default)" : ""}: ${s.address.replace(/\s*\n\s*/g, ", ")}`,
        }))}
      />
      <TextareaField
        field={typed}
        id="deliveryAddress"
        label="Other delivery address"
        hint="Only when none of the ship-to addresses fits."
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
