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
import { paymentTermsLabel, unitLabel } from "~/models/ordering/labels";
import { useTranslation } from "~/i18n/react";
import type { TFunction } from "i18next";

export type PoFormValues = NonNullable<DefaultValue<PoFormInput>>;

const NEW_LINE = { unit: "pcs", taxRate: "0" };

function columns(t: TFunction): LineColumn[] {
  return [
    { name: "itemName", header: t("Item"), label: (n) => t("Item {{n}}", { n }), id: (i) => `po-line-${i}-item` },
    {
      name: "specification",
      header: t("Specification"),
      label: (n) => t("Specification {{n}}", { n }),
      id: (i) => `po-line-${i}-spec`,
    },
    {
      name: "quantity",
      header: t("Quantity"),
      label: (n) => t("Quantity {{n}}", { n }),
      id: (i) => `po-line-${i}-qty`,
      kind: "decimal",
      numeric: true,
    },
    {
      name: "unit",
      header: t("Unit"),
      label: (n) => t("Unit {{n}}", { n }),
      id: (i) => `po-line-${i}-unit`,
      kind: "select",
      options: UNITS.map((u) => ({ value: u, label: t(unitLabel(u)) })),
      fallback: "pcs",
    },
    {
      name: "unitPrice",
      header: t("Unit price"),
      label: (n) => t("Unit price {{n}}", { n }),
      id: (i) => `po-line-${i}-price`,
      kind: "decimal",
      numeric: true,
    },
    {
      name: "taxRate",
      header: t("Tax %"),
      label: (n) => t("Tax rate {{n}}", { n }),
      id: (i) => `po-line-${i}-tax`,
      kind: "decimal",
      numeric: true,
    },
  ];
}

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
  const { t } = useTranslation();
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
          label={t("Supplier")}
          placeholder={t("Choose a supplier")}
          options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
        />
        <UnavailableSuppliers suppliers={unavailable} verb="ordered from" />
        <SelectField field={fields.currency} id="currency" label={t("Currency")} options={CURRENCIES} fallback="EUR" />
        <DeliveryAddressFields shipTos={shipTos} shipTo={fields.shipToId} typed={fields.deliveryAddress} />
        <InputField field={fields.deliveryDate} id="deliveryDate" label={t("Delivery date (optional)")} type="date" />
        <SelectField
          field={fields.paymentTerms}
          id="paymentTerms"
          label={t("Payment terms")}
          placeholder={t("None")}
          options={PAYMENT_TERMS.map((terms) => ({ value: terms, label: t(paymentTermsLabel(terms)) }))}
        />
        <SelectField
          field={fields.incoterm}
          id="incoterm"
          label={t("Incoterm")}
          placeholder={t("None")}
          options={INCOTERMS}
        />
      </div>
      <TextareaField field={fields.notes} id="notes" label={t("Notes (optional)")} rows={2} />
      <LineItemsTable
        form={form}
        lines={fields.lines}
        columns={columns(t)}
        label={t("Line items")}
        addLabel={t("Add line")}
        newLine={NEW_LINE}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
