/**
 * The RFQ form, shared by "New RFQ" and "Edit draft": the same fields, the
 * same names the schema reads (rfq.schema.ts, checked in the browser and by
 * the action), and errors next to the field they concern. Lives beside the
 * route (not a route itself) because only RFQ pages use it.
 */
import { UnavailableSuppliers, type UnavailableSupplier } from "~/components/unavailable-suppliers";
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useState } from "react";
import type { z } from "zod";

import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { FieldError, InputField, SelectField, TextareaField } from "~/components/form/fields";
import { LineItemsTable, type LineColumn } from "~/components/form/line-items";
import { DeliveryAddressFields, type ShipToChoice } from "~/components/form/delivery-address";
import { useSchemaForm } from "~/components/form/use-schema-form";
import type { RfqFormInput } from "~/models/sourcing/rfq.schema";
import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "~/models/shared/vocabularies";
import { TIME_ZONES } from "~/utils/time";
import { labelled, paymentTermLabel, unitLabel } from "~/components/vocabulary-labels";
import { translated } from "~/i18n/config";
import { useI18n } from "~/i18n/react";

/** What the form starts with: strings as the inputs hold them. */
export type RfqFormValues = {
  title?: string;
  description?: string;
  category?: string;
  currency?: string;
  deadline?: string;
  deadlineTimeZone?: string;
  shipToId?: string;
  deliveryAddress?: string;
  wantedBy?: string;
  paymentTerms?: string;
  incoterm?: string;
  lines?: { itemName?: string; specification?: string; quantity?: string; unit?: string; targetPrice?: string }[];
  supplierIds?: string[];
  inviteEmails?: string;
};

const NEW_LINE = { unit: "pcs" };

type Translate = (key: string, values?: Record<string, unknown>) => string;

const columns = (t: Translate): LineColumn[] => [
  { name: "itemName", header: t("Item"), label: (n) => t("Item {{n}}", { n }), id: (i) => `line-${i}-item` },
  {
    name: "specification",
    header: t("Specification"),
    label: (n) => t("Specification {{n}}", { n }),
    id: (i) => `line-${i}-spec`,
  },
  {
    name: "quantity",
    header: t("Quantity"),
    label: (n) => t("Quantity {{n}}", { n }),
    id: (i) => `line-${i}-qty`,
    kind: "decimal",
    numeric: true,
  },
  {
    name: "unit",
    header: t("Unit"),
    label: (n) => t("Unit {{n}}", { n }),
    id: (i) => `line-${i}-unit`,
    kind: "select",
    options: labelled(UNITS, (u) => unitLabel(t, u)),
    fallback: "pcs",
  },
  {
    name: "targetPrice",
    header: t("Target price (optional)"),
    label: (n) => t("Target price {{n}}", { n }),
    id: (i) => `line-${i}-target`,
    kind: "decimal",
    numeric: true,
  },
];

export function RfqForm({
  schema,
  suppliers,
  unavailable = [],
  shipTos,
  defaultValue,
  lastResult,
  version,
  formToken,
  busy,
}: {
  /** rfqFormSchema for a new RFQ, rfqEditSchema for a draft: the action's own. */
  schema: z.ZodType<RfqFormInput>;
  suppliers: { id: string; name: string; categories: string[] }[];
  /** Suppliers on the list that cannot be invited now, each with why. */
  unavailable?: UnavailableSupplier[];
  /** The organisation's ship-to addresses, default first; none means the address is typed. */
  shipTos: ShipToChoice[];
  defaultValue: RfqFormValues;
  lastResult?: SubmissionResult<string[]> | null;
  /** The draft's version when editing, so a stale edit is refused. */
  version?: string;
  /** A new RFQ's one-time token: the same form sent twice creates one RFQ. */
  formToken?: string;
  busy: boolean;
}) {
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(schema, {
    lastResult,
    defaultValue: {
      currency: "EUR",
      deadlineTimeZone: "UTC",
      ...defaultValue,
      // Two empty rows to start with: most RFQs have more than one line.
      lines: defaultValue.lines?.length ? defaultValue.lines : [NEW_LINE, NEW_LINE],
    },
    // A chosen CSV replaces the typed lines on the server, so the browser cannot judge the lines.
    deferToServer: (formData) => {
      const file = formData.get("linesCsv");
      return typeof file === "object" && file !== null && file.size > 0;
    },
  });
  const [categoryFilter, setCategoryFilter] = useState(fields.category.initialValue ?? "");
  const invited = new Set(fields.supplierIds.defaultOptions ?? []);
  const wanted = String(categoryFilter).trim().toLowerCase();
  // Filtering only hides rows; ticked suppliers stay in the form either way.
  const matches = (s: { categories: string[] }) =>
    wanted === "" || s.categories.some((c) => c.toLowerCase().includes(wanted));
  // "supplierIds" (none chosen for publishing) or "supplierIds[0]" (not from the list): one message for the group.
  const supplierErrors = Object.values(fields.supplierIds.allErrors).flat();
  const csvErrors = form.allErrors.linesCsv;

  return (
    <>
      <ErrorSummary form={form} />
      <Form
        method="post"
        id={form.id}
        onSubmit={form.onSubmit}
        className="stack"
        encType="multipart/form-data"
        noValidate
      >
        {version ? <input type="hidden" name="version" value={version} /> : null}
        {formToken ? <FormTokenField token={formToken} /> : null}
        <InputField field={fields.title} id="title" label={t("Title")} />
        <TextareaField field={fields.description} id="description" label={t("Description")} rows={3} />
        <div className="row">
          <InputField
            field={fields.category}
            id="category"
            label={t("Category")}
            hint={t("Also filters the supplier list below.")}
            onChange={(e) => setCategoryFilter(e.currentTarget.value)}
          />
          <SelectField field={fields.currency} id="currency" label={t("Currency")} options={CURRENCIES} />
        </div>
        <div className="row">
          <InputField field={fields.deadline} id="deadline" label={t("Response deadline")} type="datetime-local" />
          <SelectField
            field={fields.deadlineTimeZone}
            id="deadlineTimeZone"
            label={t("Time zone")}
            options={TIME_ZONES}
          />
          <InputField field={fields.wantedBy} id="wantedBy" label={t("Wanted by")} type="date" />
        </div>
        <DeliveryAddressFields shipTos={shipTos} shipTo={fields.shipToId} typed={fields.deliveryAddress} rows={2} />
        <div className="row">
          <SelectField
            field={fields.paymentTerms}
            id="paymentTerms"
            label={t("Payment terms wanted")}
            placeholder={t("No preference")}
            options={labelled(PAYMENT_TERMS, (p) => paymentTermLabel(t, p))}
          />
          <SelectField
            field={fields.incoterm}
            id="incoterm"
            label={t("Incoterm wanted")}
            placeholder={t("No preference")}
            options={INCOTERMS}
          />
        </div>

        <fieldset className="card">
          <legend className="label">{t("Line items")}</legend>
          <LineItemsTable
            form={form}
            lines={fields.lines}
            columns={columns(t)}
            label={t("Line items")}
            className="lines-table"
            newLine={NEW_LINE}
          />
          <p className="hint">{t("Target prices are for your organisation only; suppliers never see them.")}</p>
          <div className="field">
            <label htmlFor="linesCsv">{t("Line items from CSV")}</label>
            <input
              id="linesCsv"
              name="linesCsv"
              type="file"
              accept=".csv,text/csv"
              aria-invalid={csvErrors?.length ? true : undefined}
              aria-describedby={csvErrors?.length ? "linesCsv-error linesCsv-hint" : "linesCsv-hint"}
            />
            <span id="linesCsv-hint" className="hint">
              {t("Replaces the lines above. Columns: {{columns}}.", {
                columns: "item, specification, quantity, unit, target_price",
              })}{" "}
              <a href="/rfqs/lines-template.csv" download>
                {t("Download the CSV template")}
              </a>
            </span>
            {csvErrors?.length ? (
              <span id="linesCsv-error" className="error" role="alert" style={{ whiteSpace: "pre-line" }}>
                {translated(t, csvErrors[0])}
              </span>
            ) : null}
          </div>
        </fieldset>

        <fieldset className="card">
          <legend className="label">{t("Invite suppliers")}</legend>
          {suppliers.length === 0 ? <p className="muted">{t("Your supplier list is empty.")}</p> : null}
          {suppliers.map((s) => (
            <div key={s.id} hidden={!matches(s) && !invited.has(s.id)}>
              <input
                type="checkbox"
                id={`supplier-${s.id}`}
                name={fields.supplierIds.name}
                form={form.id}
                value={s.id}
                defaultChecked={invited.has(s.id)}
                aria-invalid={supplierErrors.length ? true : undefined}
                aria-describedby={supplierErrors.length ? "supplierIds-error" : undefined}
              />{" "}
              <label htmlFor={`supplier-${s.id}`}>{s.name}</label>{" "}
              <span className="hint">{s.categories.join(", ")}</span>
            </div>
          ))}
          <FieldError id="supplierIds" errors={supplierErrors} />
          <UnavailableSuppliers suppliers={unavailable} verb="invited" />
          <TextareaField
            field={fields.inviteEmails}
            id="inviteEmails"
            label={t("Invite by email")}
            hint={t(
              "Suppliers not on Quotient yet: one address per line. Each gets a link to register when the RFQ is published.",
            )}
            rows={2}
          />
        </fieldset>

        <div className="actions">
          <button type="submit" name="intent" value="publish" disabled={busy}>
            {t("Publish RFQ")}
          </button>
          <button type="submit" name="intent" value="save" className="secondary" disabled={busy}>
            {t("Save draft")}
          </button>
        </div>
      </Form>
    </>
  );
}
