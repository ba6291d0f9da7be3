/**
 * The direct purchase-order form, shared by /pos/new and /pos/:id/edit:
 * supplier, currency, delivery, terms, notes and a table of lines. Checked
 * in the browser and by the action with the same schema (purchase-order.schema.ts);
 * each error shows next to its field and what was typed is kept.
 */
import { UnavailableSuppliers, type UnavailableSupplier } from "~/components/unavailable-suppliers";
import type { DefaultValue, SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";

import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { InputField, SelectField, TextareaField } from "~/components/form/fields";
import { LineItemsTable, type LineColumn } from "~/components/form/line-items";
import { DeliveryAddressFields, type ShipToChoice } from "~/components/form/delivery-address";
import { useSchemaForm } from "~/components/form/use-schema-form";
import type { PoFormInput } from "~/models/ordering/purchase-order.schema";
import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "~/models/shared/vocabularies";

export type PoFormValues = NonNullable<DefaultValue<PoFormInput>>;

const NEW_LINE = { unit: "pcs", taxRate: "0" };

const COLUMNS: LineColumn[] = [
  { name: "itemName", header: "Item", label: (n) => `Item ${n}`, id: (i) => `po-line-${i}-item` },
  {
    name: "specification",
    header: "Specification",
    label: (n) => `Specification ${n}`,
    id: (i) => `po-line-${i}-spec`,
  },
  {
    name: "quantity",
    header: "Quantity",
    label: (n) => `Quantity ${n}`,
    id: (i) => `po-line-${i}-qty`,
    kind: "decimal",
    numeric: true,
  },
  {
    name: "unit",
    header: "Unit",
    label: (n) => `Unit ${n}`,
    id: (i) => `po-line-${i}-unit`,
    kind: "select",
    options: UNITS,
    fallback: "pcs",
  },
  {
    name: "unitPrice",
    header: "Unit price",
    label: (n) => `Unit price ${n}`,
    id: (i) => `po-line-${i}-price`,
    kind: "decimal",
    numeric: true,
  },
  {
    name: "taxRate",
    header: "Tax %",
    label: (n) => `Tax rate ${n}`,
    id: (i) => `po-line-${i}-tax`,
    kind: "decimal",
    numeric: true,
  },
];

export function PoForm({
  schema,
  defaultValue,
  lastResult,
  version,
  suppliers,
  unavailable = [],
  shipTos = [],
  submitLabel,
  busy,
  formToken,
}: {
  /** poFormSchema for a new PO, poEditSchema for a draft: the action's own. */
  schema: z.ZodType<PoFormInput>;
  defaultValue: PoFormValues;
  lastResult?: SubmissionResult<string[]> | null;
  /** The draft's version when editing, so a stale edit is refused. */
  version?: number;
  suppliers: { id: string; name: string }[];
  /** Suppliers on the list that cannot be chosen now, each with why. */
  unavailable?: UnavailableSupplier[];
  /** The organisation's ship-to addresses, default first; none means the address is typed. */
  shipTos?: ShipToChoice[];
  submitLabel: string;
  busy: boolean;
  /** A new PO's one-time token: the same form sent twice creates one PO. */
  formToken?: string;
}) {
  const [form, fields] = useSchemaForm(schema, {
    lastResult,
    defaultValue: { ...defaultValue, lines: defaultValue.lines?.length ? defaultValue.lines : [NEW_LINE] },
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
      <ErrorSummary form={form} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {formToken ? <FormTokenField token={formToken} /> : null}
      <div className="grid2">
        <SelectField
          field={fields.supplierOrgId}
          id="supplierOrgId"
          label="Supplier"
          placeholder="Choose a supplier"
          options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
        />
        <UnavailableSuppliers suppliers={unavailable} verb="ordered from" />
        <SelectField field={fields.currency} id="currency" label="Currency" options={CURRENCIES} fallback="EUR" />
        <DeliveryAddressFields shipTos={shipTos} shipTo={fields.shipToId} typed={fields.deliveryAddress} />
        <InputField field={fields.deliveryDate} id="deliveryDate" label="Delivery date (optional)" type="date" />
        <SelectField
          field={fields.paymentTerms}
          id="paymentTerms"
          label="Payment terms"
          placeholder="None"
          options={PAYMENT_TERMS}
        />
        <SelectField field={fields.incoterm} id="incoterm" label="Incoterm" placeholder="None" options={INCOTERMS} />
      </div>
      <TextareaField field={fields.notes} id="notes" label="Notes (optional)" rows={2} />
      <LineItemsTable form={form} lines={fields.lines} columns={COLUMNS} label="Line items" newLine={NEW_LINE} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
