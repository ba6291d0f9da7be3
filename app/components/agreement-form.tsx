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
import { useTranslation } from "~/i18n/react";
import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "~/models/shared/vocabularies";

const NEW_ITEM = { unit: "pcs" };

type T = ReturnType<typeof useTranslation>["t"];

/** The item table's columns in the viewer's words. */
function itemColumns(t: T): LineColumn[] {
  return [
    {
      name: "itemName",
      header: t("Item"),
      label: (n) => t("Item {{n}}", { n }),
      id: (i) => `agr-item-${i}-name`,
    },
    {
      name: "specification",
      header: t("Specification"),
      label: (n) => t("Specification {{n}}", { n }),
      id: (i) => `agr-item-${i}-spec`,
    },
    {
      name: "category",
      header: t("Category"),
      label: (n) => t("Category {{n}}", { n }),
      id: (i) => `agr-item-${i}-category`,
    },
    {
      name: "unit",
      header: t("Unit"),
      label: (n) => t("Unit {{n}}", { n }),
      id: (i) => `agr-item-${i}-unit`,
      kind: "select",
      options: UNITS.map((u) => ({ value: u, label: t(u) })),
      fallback: "pcs",
    },
    {
      name: "unitPrice",
      header: t("Unit price"),
      label: (n) => t("Unit price {{n}}", { n }),
      id: (i) => `agr-item-${i}-price`,
      kind: "decimal",
      numeric: true,
    },
    {
      name: "quantityCap",
      header: t("Quantity cap"),
      label: (n) => t("Quantity cap {{n}}", { n }),
      id: (i) => `agr-item-${i}-cap`,
      kind: "decimal",
      numeric: true,
    },
    {
      name: "priceBreaks",
      header: t("Price breaks"),
      label: (n) => t("Price breaks {{n}}", { n }),
      id: (i) => `agr-item-${i}-breaks`,
    },
  ];
}

type TermsFields = Record<
  "title" | "valueCap" | "validFrom" | "validTo" | "paymentTerms" | "incoterm" | "leadTimeDays",
  FieldState
>;

/** The terms both forms share: title, value cap, validity, payment terms, Incoterm and lead time. */
function TermsFieldset({ fields }: { fields: TermsFields }) {
  const { t } = useTranslation();
  return (
    <>
      <InputField field={fields.title} id="title" label={t("Title")} />
      <InputField field={fields.valueCap} id="valueCap" label={t("Value cap (optional)")} inputMode="decimal" />
      <InputField field={fields.validFrom} id="validFrom" label={t("First day")} type="date" />
      <InputField field={fields.validTo} id="validTo" label={t("Last day")} type="date" />
      <SelectField
        field={fields.paymentTerms}
        id="paymentTerms"
        label={t("Payment terms")}
        placeholder={t("None")}
        options={PAYMENT_TERMS.map((p) => ({ value: p, label: t(p) }))}
      />
      <SelectField
        field={fields.incoterm}
        id="incoterm"
        label={t("Incoterm")}
        placeholder={t("None")}
        options={INCOTERMS}
      />
      <InputField field={fields.leadTimeDays} id="leadTimeDays" label={t("Lead time (days)")} inputMode="numeric" />
    </>
  );
}

function ItemsFieldset({ form, items, columns }: { form: ListControls; items: ListField; columns: LineColumn[] }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="hint" id="price-breaks-hint">
        {t("Price breaks: {{hint}}. A quantity cap limits what all call-offs together may order of the item.", {
          hint: t(PRICE_BREAKS_HINT),
        })}
      </p>
      <LineItemsTable
        form={form}
        lines={items}
        columns={columns}
        label={t("Items")}
        newLine={NEW_ITEM}
        addLabel={t("Add item")}
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
  const { t } = useTranslation();
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
          label={t("Supplier")}
          placeholder={t("Choose a supplier")}
          options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
        />
        <UnavailableSuppliers suppliers={unavailable} verb="given an agreement" />
        <SelectField field={fields.currency} id="currency" label={t("Currency")} options={CURRENCIES} fallback="EUR" />
        <TermsFieldset fields={fields} />
      </div>
      <ItemsFieldset form={form} items={fields.items} columns={itemColumns(t)} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("Create draft agreement")}
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
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(agreementEditSchema, { lastResult, defaultValue: { ...defaultValue, version } });
  const columns = itemColumns(t).map((column) =>
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
          {t("Save draft")}
        </button>
      </div>
    </Form>
  );
}
