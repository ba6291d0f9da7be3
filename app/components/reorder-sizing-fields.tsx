/**
 * The fields of a reorder rule that size its order, shared by the new-rule
 * and the edit form: the reorder point, how much to order (up to a level or
 * a fixed quantity), and the optional minimum and lot size.
 */
import { InputField, SelectField, type FieldState } from "~/components/form/fields";
import { POLICIES, POLICY_LABELS } from "~/models/requisitions/reorder.schema";

export function ReorderSizingFields({
  fields,
  unit,
}: {
  fields: Record<
    "reorderPoint" | "policy" | "orderUpTo" | "fixedQuantity" | "minOrderQuantity" | "lotSize",
    FieldState
  >;
  unit?: string;
}) {
  const inUnit = unit ? ` (${unit})` : "";
  return (
    <>
      <InputField
        field={fields.reorderPoint}
        label={`Reorder point${inUnit}`}
        inputMode="decimal"
        hint="Below this projected quantity, the rule orders."
      />
      <SelectField
        field={fields.policy}
        label="How much to order"
        options={POLICIES.map((p) => ({ value: p, label: POLICY_LABELS[p] }))}
        fallback="up_to"
      />
      <InputField
        field={fields.orderUpTo}
        label={`Order-up-to level${inUnit}`}
        inputMode="decimal"
        hint="With “up to a level”: the order fills the gap between what is projected and this level."
      />
      <InputField
        field={fields.fixedQuantity}
        label={`Fixed quantity${inUnit}`}
        inputMode="decimal"
        hint="With “a fixed quantity”: always this much."
      />
      <InputField
        field={fields.minOrderQuantity}
        label={`Minimum order quantity${inUnit} (optional)`}
        inputMode="decimal"
      />
      <InputField
        field={fields.lotSize}
        label={`Lot size${inUnit} (optional)`}
        inputMode="decimal"
        hint="The quantity is rounded up to a whole number of lots."
      />
    </>
  );
}
