/**
 * The agreement forms: a new one (/agreements/new) with supplier, title,
 * currency, validity, caps, terms and a table of items (price, optional
 * quantity cap, optional price breaks typed as "100: 1.80; 500: 1.65"), and
 * a draft's edit (/agreements/:id/edit) with all of it but the supplier and
 * the currency. Checked in the browser and by the action with the same
 * schemas (agreement.schema.ts).
 */
import { UnavailableSuppliers, type UnavailableSupplier } from "~/components/unavailable-suppliers";
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { InputField, SelectField, type FieldState } from "~/components/form/fields";
import { LineItemsTable, type LineColumn, type ListControls, type ListField } from "~/components/form/line-items";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { agreementEditSchema, agreementFormSchema } from "~/models/agreements/agreement.schema";
import { PRICE_BREAKS_HINT } from "~/models/agreements/terms";
import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "~/models/shared/vocabularies";

const NEW_ITEM = { unit: "pcs" };

const COLUMNS: LineColumn[] = [
  { name: "itemName", header: "Item", label: (n) => `Item ${n}`, id: (i) => `agr-item-${i}-name` },
  {
    name: "specification",
    header: "Specification",
    label: (n) => `Specification ${n}`,
    id: (i) => `agr-item-${i}-spec`,
  },
  { name: "category", header: "Category", label: (n) => `Category ${n}`, id: (i) => `agr-item-${i}-category` },
  {
    name: "unit",
    header: "Unit",
    label: (n) => `Unit ${n}`,
    id: (i) => `agr-item-${i}-unit`,
    kind: "select",
    options: UNITS,
    fallback: "pcs",
  },
  {
    name: "unitPrice",
    header: "Unit price",
    label: (n) => `Unit price ${n}`,
    id: (i) => `agr-item-${i}-price`,
    kind: "decimal",
    numeric: true,
  },
  {
    name: "quantityCap",
    header: "Quantity cap",
    label: (n) => `Quantity cap ${n}`,
    id: (i) => `agr-item-${i}-cap`,
    kind: "decimal",
    numeric: true,
  },
  {
    name: "priceBreaks",
    header: "Price breaks",
    label: (n) => `Price breaks ${n}`,
    id: (i) => `agr-item-${i}-breaks`,
  },
];

type TermsFields = Record<
  "title" | "valueCap" | "validFrom" | "validTo" | "paymentTerms" | "incoterm" | "leadTimeDays",
  FieldState
>;

/** The terms both forms share: title, value cap, validity, payment terms, Incoterm and lead time. */
function TermsFieldset({ fields }: { fields: TermsFields }) {
  return (
    <>
      <InputField field={fields.title} id="title" label="Title" />
      <InputField field={fields.valueCap} id="valueCap" label="Value cap (optional)" inputMode="decimal" />
      <InputField field={fields.validFrom} id="validFrom" label="First day" type="date" />
      <InputField field={fields.validTo} id="validTo" label="Last day" type="date" />
      <SelectField
        field={fields.paymentTerms}
        id="paymentTerms"
        label="Payment terms"
        placeholder="None"
        options={PAYMENT_TERMS}
      />
      <SelectField field={fields.incoterm} id="incoterm" label="Incoterm" placeholder="None" options={INCOTERMS} />
      <InputField field={fields.leadTimeDays} id="leadTimeDays" label="Lead time (days)" inputMode="numeric" />
    </>
  );
}

function ItemsFieldset({ form, items, columns }: { form: ListControls; items: ListField; columns: LineColumn[] }) {
  return (
    <>
      <p className="hint" id="price-breaks-hint">
        Price breaks: {PRICE_BREAKS_HINT}. A quantity cap limits what all call-offs together may order of the item.
      </p>
      <LineItemsTable
        form={form}
        lines={items}
        columns={columns}
        label="Items"
        newLine={NEW_ITEM}
        addLabel="Add item"
      />
    </>
  );
}

export function AgreementForm({
  formKey,
  formToken,
  currency,
  suppliers,
  unavailable = [],
  lastResult,
  busy,
}: {
  /** The form's one-time key: posted twice, it makes one agreement. */
  formKey: string;
  /** The page's one-time token (decision 019): the same guard as every other creating form, beside the key. */
  formToken: string;
  currency: string;
  suppliers: { id: string; name: string }[];
  /** Suppliers on the list that cannot be chosen now, each with why. */
  unavailable?: UnavailableSupplier[];
  lastResult?: SubmissionResult<string[]> | null;
  busy: boolean;
}) {
  const [form, fields] = useSchemaForm(agreementFormSchema, {
    lastResult,
    defaultValue: { key: formKey, currency, leadTimeDays: "0", items: [NEW_ITEM] },
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
      <ErrorSummary form={form} />
      <input type="hidden" name="key" value={formKey} />
      <FormTokenField token={formToken} />
      <div className="grid2">
        <SelectField
          field={fields.supplierOrgId}
          id="supplierOrgId"
          label="Supplier"
          placeholder="Choose a supplier"
          options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
        />
        <UnavailableSuppliers suppliers={unavailable} verb="given an agreement" />
        <SelectField field={fields.currency} id="currency" label="Currency" options={CURRENCIES} fallback="EUR" />
        <TermsFieldset fields={fields} />
      </div>
      <ItemsFieldset form={form} items={fields.items} columns={COLUMNS} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Create draft agreement
        </button>
      </div>
    </Form>
  );
}

/** What the edit form starts from: the draft as stored, its items with their ids. */
export type AgreementEditValues = {
  title: string;
  validFrom: string;
  validTo: string;
  valueCap: string;
  paymentTerms: string;
  incoterm: string;
  leadTimeDays: string;
  items: Record<
    "id" | "itemName" | "specification" | "category" | "unit" | "unitPrice" | "quantityCap" | "priceBreaks",
    string
  >[];
};

/**
 * The edit of a draft: the same terms and items, with the version the buyer
 * read and each stored item's id carried beside its name, so the action
 * edits that item rather than making a new one.
 */
export function AgreementEditForm({
  version,
  formToken,
  defaultValue,
  lastResult,
  busy,
}: {
  version: number;
  formToken: string;
  defaultValue: AgreementEditValues;
  lastResult?: SubmissionResult<string[]> | null;
  busy: boolean;
}) {
  const [form, fields] = useSchemaForm(agreementEditSchema, { lastResult, defaultValue: { ...defaultValue, version } });
  const columns = COLUMNS.map((column) =>
    column.name === "itemName"
      ? {
          ...column,
          cell: (row: Record<string, FieldState>, i: number) => (
            <>
              {row.id?.defaultValue ? <input type="hidden" name={row.id.name} value={row.id.defaultValue} /> : null}
              <InputField field={row.itemName} id={column.id(i)} label={column.label(i + 1)} labelHidden />
            </>
          ),
        }
      : column,
  );
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
      <ErrorSummary form={form} />
      <input type="hidden" name="version" value={version} />
      <FormTokenField token={formToken} />
      <div className="grid2">
        <TermsFieldset fields={fields} />
      </div>
      <ItemsFieldset form={form} items={fields.items} columns={columns} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save draft
        </button>
      </div>
    </Form>
  );
}
