/**
 * The change-order form: the reason, delivery date and notes, then the PO's
 * lines (quantity, unit price and tax rate editable, or removed) and new
 * lines. Checked in the browser and by the action with change-order.schema.ts;
 * each error shows next to its field and what was typed is kept.
 */
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { CheckboxField, InputField, TextareaField, type FieldState } from "~/components/form/fields";
import { fieldList, LineItemsTable, type LineColumn } from "~/components/form/line-items";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { changeOrderSchema } from "~/models/ordering/change-order.schema";
import { UNITS } from "~/models/shared/vocabularies";
import { useI18n } from "~/i18n/react";
import type { Format } from "~/i18n/format";
import { unitLabel } from "~/models/ordering/labels";
import type { TFunction } from "i18next";

export type ChangeLineValues = {
  lineId?: string;
  itemName?: string;
  specification?: string;
  quantity?: string;
  unit?: string;
  unitPrice?: string;
  taxRate?: string;
  remove?: string;
};

export type ChangeFormValues = {
  deliveryDate?: string;
  notes?: string;
  lines?: ChangeLineValues[];
};

/** A line of the PO as it stands, to label its row. */
export type CurrentLine = { id: string; itemName: string; specification: string; unit: string; received: string };

const NEW_LINE = { unit: "pcs", taxRate: "0" };

function changeColumns(byId: Map<string, CurrentLine>, t: TFunction, format: Format): LineColumn[] {
  const current = (row: Record<string, FieldState>) => byId.get(row.lineId?.defaultValue ?? "");
  const decimal = (name: string, header: string, label: (n: number) => string, id: string): LineColumn => ({
    name,
    header,
    label,
    id: (i) => `change-${i}-${id}`,
    kind: "decimal",
    numeric: true,
  });
  return [
    {
      name: "itemName",
      header: t("Item"),
      label: (n) => t("Item {{n}}", { n }),
      id: (i) => `change-${i}-item`,
      cell: (row, i) => {
        const line = current(row);
        if (!line)
          return (
            <>
              <InputField
                field={row.itemName}
                id={`change-${i}-item`}
                label={t("Item {{n}}", { n: i + 1 })}
                labelHidden
              />
              <InputField
                field={row.specification}
                id={`change-${i}-spec`}
                label={t("Specification {{n}}", { n: i + 1 })}
                labelHidden
              />
            </>
          );
        return (
          <>
            <input type="hidden" name={row.lineId.name} value={line.id} />
            {line.itemName}
            <div className="hint">
              {line.specification}
              {line.received !== "0"
                ? ` · ${t("{{quantity}} {{unit}} received", { quantity: format.quantity(line.received), unit: t(unitLabel(line.unit)) })}`
                : ""}
            </div>
          </>
        );
      },
    },
    decimal("quantity", t("Quantity"), (n) => t("Quantity {{n}}", { n }), "qty"),
    {
      name: "unit",
      header: t("Unit"),
      label: (n) => t("Unit {{n}}", { n }),
      id: (i) => `change-${i}-unit`,
      kind: "select",
      options: UNITS.map((u) => ({ value: u, label: t(unitLabel(u)) })),
      fallback: "pcs",
      cell: (row) => {
        const line = current(row);
        return line ? t(unitLabel(line.unit)) : undefined;
      },
    },
    decimal("unitPrice", t("Unit price"), (n) => t("Unit price {{n}}", { n }), "price"),
    decimal("taxRate", t("Tax %"), (n) => t("Tax rate {{n}}", { n }), "tax"),
    {
      name: "remove",
      header: t("Remove"),
      label: (n) => t("Remove line {{n}}", { n }),
      id: (i) => `change-${i}-remove`,
      // A PO line is removed by ticking it (the server checks nothing was received); a new row has nothing to tick.
      cell: (row, i) =>
        current(row) ? (
          <CheckboxField
            field={row.remove}
            id={`change-${i}-remove`}
            label={t("Remove line {{n}}", { n: i + 1 })}
            labelHidden
          />
        ) : (
          <></>
        ),
    },
  ];
}

export function ChangeOrderForm({
  defaultValue,
  lastResult,
  version,
  current,
  busy,
  formToken,
}: {
  defaultValue: ChangeFormValues;
  lastResult?: SubmissionResult<string[]> | null;
  version: number;
  current: CurrentLine[];
  busy: boolean;
  /** One change order per form sent, however often it arrives. */
  formToken: string;
}) {
  const { t, format } = useI18n();
  const byId = new Map(current.map((l) => [l.id, l]));
  const [form, fields] = useSchemaForm(changeOrderSchema, {
    lastResult,
    // One spare row for a new line after the PO's own.
    defaultValue: { ...defaultValue, lines: [...(defaultValue.lines ?? []), NEW_LINE] },
  });
  const rows = fieldList(fields.lines);
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
      <ErrorSummary form={form} />
      <input type="hidden" name="version" value={version} />
      <FormTokenField token={formToken} />
      <TextareaField field={fields.reason} id="reason" label={t("Reason for the change")} rows={2} />
      <div className="grid2">
        <InputField field={fields.deliveryDate} id="deliveryDate" label={t("Delivery date (optional)")} type="date" />
        <TextareaField field={fields.notes} id="notes" label={t("Notes (optional)")} rows={2} />
      </div>
      <LineItemsTable
        form={form}
        lines={fields.lines}
        columns={changeColumns(byId, t, format)}
        label={t("Lines after the change")}
        addLabel={t("Add line")}
        newLine={NEW_LINE}
        canRemove={(i) => !byId.has(rows[i]?.getFieldset().lineId?.defaultValue ?? "")}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("Save change order")}
        </button>
      </div>
    </Form>
  );
}
