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
import { requisitionFormSchema } from "~/models/requisitions/requisition.schema";
import { UNITS } from "~/models/shared/vocabularies";

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
  items: { id: string; label: string }[];
  shipTos: { id: string; label: string }[];
  currency: string;
  /** A catalogue item to start with ("Add to requisition" on the catalogue). */
  firstItem: string;
  /** The wanted-by date a new line starts with. */
  wantedBy: string;
  lastResult?: SubmissionResult<string[]> | null;
  busy: boolean;
}) {
  const newLine = { agreementItemId: "", quantity: "1", wantedBy, shipToId: shipTos[0]?.id ?? "", unit: "pcs" };
  const [form, fields] = useSchemaForm(requisitionFormSchema, {
    lastResult,
    defaultValue: { lines: [{ ...newLine, agreementItemId: firstItem }] },
  });
  const columns: LineColumn[] = [
    {
      name: "agreementItemId",
      header: "Catalogue item",
      label: (n) => `Catalogue item ${n}`,
      id: (i) => `req-line-${i}-item`,
      cell: (row, i) => (
        <SelectField
          field={row.agreementItemId ?? blankField(form.id, `lines[${i}].agreementItemId`)}
          id={`req-line-${i}-item`}
          label={`Catalogue item ${i + 1}`}
          labelHidden
          placeholder="Free text (not in the catalogue)"
          options={items.map((item) => ({ value: item.id, label: item.label }))}
        />
      ),
    },
    { name: "itemName", header: "Item (free text)", label: (n) => `Item ${n}`, id: (i) => `req-line-${i}-name` },
    { name: "category", header: "Category", label: (n) => `Category ${n}`, id: (i) => `req-line-${i}-category` },
    {
      name: "unit",
      header: "Unit",
      label: (n) => `Unit ${n}`,
      id: (i) => `req-line-${i}-unit`,
      kind: "select",
      options: UNITS,
      fallback: "pcs",
    },
    {
      name: "unitPrice",
      header: `Estimated price (${currency})`,
      label: (n) => `Estimated price ${n}`,
      id: (i) => `req-line-${i}-price`,
      kind: "decimal",
      numeric: true,
    },
    {
      name: "quantity",
      header: "Quantity",
      label: (n) => `Quantity ${n}`,
      id: (i) => `req-line-${i}-quantity`,
      kind: "decimal",
      numeric: true,
    },
    {
      name: "wantedBy",
      header: "Wanted by",
      label: (n) => `Wanted by ${n}`,
      id: (i) => `req-line-${i}-wanted`,
      cell: (row, i) => (
        <InputField
          field={row.wantedBy ?? blankField(form.id, `lines[${i}].wantedBy`)}
          id={`req-line-${i}-wanted`}
          label={`Wanted by ${i + 1}`}
          labelHidden
          type="date"
        />
      ),
    },
    {
      name: "shipToId",
      header: "Ship to",
      label: (n) => `Ship to ${n}`,
      id: (i) => `req-line-${i}-shipto`,
      kind: "select",
      options: shipTos.map((s) => ({ value: s.id, label: s.label })),
      fallback: shipTos[0]?.id,
    },
  ];
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
      <ErrorSummary form={form} />
      <FormTokenField token={formToken} />
      <div className="grid2">
        <InputField field={fields.costCentre} id="costCentre" label="Cost centre" />
        <InputField field={fields.reason} id="reason" label="Reason" hint="Why it is needed, for the approver." />
      </div>
      <p className="hint">
        Choose a catalogue item to order it at its agreement&apos;s price, or leave &ldquo;Free text&rdquo; and describe
        what no agreement covers: the buyers source it.
      </p>
      <LineItemsTable
        form={form}
        lines={fields.lines}
        columns={columns}
        label="Requisition lines"
        newLine={newLine}
        addLabel="Add line"
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Submit requisition
        </button>
      </div>
    </Form>
  );
}
