/**
 * The form of /requisitions/new: a cost centre, a reason and a table of
 * lines. A line either picks a catalogue item (its agreement sets name,
 * unit and price) or leaves it at "Free text" and types the item, unit,
 * estimated price and category; every line says how many, by when and to
 * which of the organisation's sites. Checked in the browser and by the
 * action with the same schema (requisition.schema.ts).
 */
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { InputField, SelectField, blankField } from "~/components/form/fields";
import { LineItemsTable, type LineColumn } from "~/components/form/line-items";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { unitLabel } from "~/components/vocabulary-labels";
import { useI18n } from "~/i18n/react";
import { requisitionFormSchema } from "~/models/requisitions/requisition.schema";
import { UNITS } from "~/models/shared/vocabularies";

/** A catalogue item the form offers, said in the viewer's words and number format. */
export interface CatalogueChoice {
  id: string;
  itemName: string;
  supplierName: string;
  unitPrice: string;
  currency: string;
  unit: string;
}

export function RequisitionForm({
  formToken,
  items,
  shipTos,
  currency,
  firstItem,
  wantedBy,
  lastResult,
  busy,
}: {
  formToken: string;
  items: CatalogueChoice[];
  shipTos: { id: string; label: string }[];
  currency: string;
  /** A catalogue item to start with ("Add to requisition" on the catalogue). */
  firstItem: string;
  /** The wanted-by date a new line starts with. */
  wantedBy: string;
  lastResult?: SubmissionResult<string[]> | null;
  busy: boolean;
}) {
  const { t, format } = useI18n();
  const newLine = { agreementItemId: "", quantity: "1", wantedBy, shipToId: shipTos[0]?.id ?? "", unit: "pcs" };
  const [form, fields] = useSchemaForm(requisitionFormSchema, {
    lastResult,
    defaultValue: { lines: [{ ...newLine, agreementItemId: firstItem }] },
  });
  const columns: LineColumn[] = [
    {
      name: "agreementItemId",
      header: t("Catalogue item"),
      label: (n) => t("Catalogue item {{n}}", { n }),
      id: (i) => `req-line-${i}-item`,
      cell: (row, i) => (
        <SelectField
          field={row.agreementItemId ?? blankField(form.id, `lines[${i}].agreementItemId`)}
          id={`req-line-${i}-item`}
          label={t("Catalogue item {{n}}", { n: i + 1 })}
          labelHidden
          placeholder={t("Free text (not in the catalogue)")}
          options={items.map((item) => ({
            value: item.id,
            label: t("{{item}} ({{supplier}}, {{price}} / {{unit}})", {
              item: item.itemName,
              supplier: item.supplierName,
              price: format.unitPrice(item.unitPrice, item.currency),
              unit: unitLabel(t, item.unit),
            }),
          }))}
        />
      ),
    },
    {
      name: "itemName",
      header: t("Item (free text)"),
      label: (n) => t("Item {{n}}", { n }),
      id: (i) => `req-line-${i}-name`,
    },
    {
      name: "category",
      header: t("Category"),
      label: (n) => t("Category {{n}}", { n }),
      id: (i) => `req-line-${i}-category`,
    },
    {
      name: "unit",
      header: t("Unit"),
      label: (n) => t("Unit {{n}}", { n }),
      id: (i) => `req-line-${i}-unit`,
      kind: "select",
      options: UNITS.map((u) => ({ value: u, label: unitLabel(t, u) })),
      fallback: "pcs",
    },
    {
      name: "unitPrice",
      header: t("Estimated price ({{currency}})", { currency }),
      label: (n) => t("Estimated price {{n}}", { n }),
      id: (i) => `req-line-${i}-price`,
      kind: "decimal",
      numeric: true,
    },
    {
      name: "quantity",
      header: t("Quantity"),
      label: (n) => t("Quantity {{n}}", { n }),
      id: (i) => `req-line-${i}-quantity`,
      kind: "decimal",
      numeric: true,
    },
    {
      name: "wantedBy",
      header: t("Wanted by"),
      label: (n) => t("Wanted by {{n}}", { n }),
      id: (i) => `req-line-${i}-wanted`,
      cell: (row, i) => (
        <InputField
          field={row.wantedBy ?? blankField(form.id, `lines[${i}].wantedBy`)}
          id={`req-line-${i}-wanted`}
          label={t("Wanted by {{n}}", { n: i + 1 })}
          labelHidden
          type="date"
        />
      ),
    },
    {
      name: "shipToId",
      header: t("Ship to"),
      label: (n) => t("Ship to {{n}}", { n }),
      id: (i) => `req-line-${i}-shipto`,
      kind: "select",
      options: shipTos.map((s) => ({ value: s.id, label: s.label })),
      fallback: shipTos[0]?.id,
    },
  ];
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card wide">
      <ErrorSummary form={form} />
      <FormTokenField token={formToken} />
      <div className="grid2">
        <InputField field={fields.costCentre} id="costCentre" label={t("Cost centre")} />
        <InputField
          field={fields.reason}
          id="reason"
          label={t("Reason")}
          hint={t("Why it is needed, for the approver.")}
        />
      </div>
      <p className="hint">
        {t(
          "Choose a catalogue item to order it at its agreement’s price, or leave “Free text” and describe what no agreement covers: the buyers source it.",
        )}
      </p>
      <LineItemsTable
        form={form}
        lines={fields.lines}
        columns={columns}
        label={t("Requisition lines")}
        className="requisition-lines"
        newLine={newLine}
        addLabel={t("Add line")}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("Submit requisition")}
        </button>
      </div>
    </Form>
  );
}
