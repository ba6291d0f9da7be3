/**
 * The fields of a reorder rule that size its order, shared by the new-rule
 * and the edit form: the reorder point, how much to order (up to a level or
 * a fixed quantity), and the optional minimum and lot size; and the same
 * sizing in words for the list and the rule's page.
 */
import { InputField, SelectField, type FieldState } from "~/components/form/fields";
import { useI18n } from "~/i18n/react";
import { POLICIES, POLICY_LABELS } from "~/models/requisitions/reorder.schema";
import { unitLabel } from "~/models/shared/vocabulary-labels";

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
  const { t } = useI18n();
  const u = unit ? t(unitLabel(unit)) : "";
  return (
    <>
      <InputField
        field={fields.reorderPoint}
        label={unit ? t("Reorder point ({{unit}})", { unit: u }) : t("Reorder point")}
        inputMode="decimal"
        hint={t("Below this projected quantity, the rule orders.")}
      />
      <SelectField
        field={fields.policy}
        label={t("How much to order")}
        options={POLICIES.map((p) => ({ value: p, label: t(POLICY_LABELS[p]) }))}
        fallback="up_to"
      />
      <InputField
        field={fields.orderUpTo}
        label={unit ? t("Order-up-to level ({{unit}})", { unit: u }) : t("Order-up-to level")}
        inputMode="decimal"
        hint={t("With “up to a level”: the order fills the gap between what is projected and this level.")}
      />
      <InputField
        field={fields.fixedQuantity}
        label={unit ? t("Fixed quantity ({{unit}})", { unit: u }) : t("Fixed quantity")}
        inputMode="decimal"
        hint={t("With “a fixed quantity”: always this much.")}
      />
      <InputField
        field={fields.minOrderQuantity}
        label={
          unit ? t("Minimum order quantity ({{unit}}) (optional)", { unit: u }) : t("Minimum order quantity (optional)")
        }
        inputMode="decimal"
      />
      <InputField
        field={fields.lotSize}
        label={unit ? t("Lot size ({{unit}}) (optional)", { unit: u }) : t("Lot size (optional)")}
        inputMode="decimal"
        hint={t("The quantity is rounded up to a whole number of lots.")}
      />
    </>
  );
}

/** A rule's sizing in words, quantities in the viewer's format: "Up to 500, in lots of 100". */
export function SizingText({
  sizing,
}: {
  sizing: {
    orderUpTo: string | null;
    fixedQuantity: string | null;
    minOrderQuantity: string | null;
    lotSize: string | null;
  };
}) {
  const { t, format } = useI18n();
  const parts = [
    sizing.orderUpTo !== null
      ? t("Up to {{quantity}}", { quantity: format.quantity(sizing.orderUpTo) })
      : t("Fixed {{quantity}}", {
          quantity: sizing.fixedQuantity === null ? "" : format.quantity(sizing.fixedQuantity),
        }),
  ];
  if (sizing.minOrderQuantity !== null)
    parts.push(t("at least {{quantity}}", { quantity: format.quantity(sizing.minOrderQuantity) }));
  if (sizing.lotSize !== null) parts.push(t("in lots of {{quantity}}", { quantity: format.quantity(sizing.lotSize) }));
  return <>{parts.join(", ")}</>;
}
