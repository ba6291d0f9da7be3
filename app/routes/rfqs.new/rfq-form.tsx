/**
 * The RFQ form, shared by "New RFQ" and "Edit draft": the same fields, the
 * same names the schema reads, and errors next to the field they concern.
 * Lives beside the route (not a route itself) because only RFQ pages use it.
 */
import { Form } from "@remix-run/react";
import { useState } from "react";

import { Field, FormErrorBanner, invalidProps, TextField } from "~/components/field";
import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "~/models/shared/vocabularies";
import { TIME_ZONES } from "~/utils/time";
import { TableFrame } from "~/components/table-frame";

export type RfqLineValues = {
  itemName?: string;
  specification?: string;
  quantity?: string;
  unit?: string;
  targetPrice?: string;
};

export type RfqFormValues = {
  title?: string;
  description?: string;
  category?: string;
  currency?: string;
  deadline?: string;
  deadlineTimeZone?: string;
  deliveryAddress?: string;
  wantedBy?: string;
  paymentTerms?: string;
  incoterm?: string;
  lines?: RfqLineValues[];
  supplierIds?: string[];
  inviteEmails?: string;
  version?: string;
};

export function RfqForm({
  suppliers,
  values,
  errors,
  busy,
  defaultDeadline,
}: {
  suppliers: { id: string; name: string; categories: string[] }[];
  values: RfqFormValues;
  errors: Record<string, string>;
  busy: boolean;
  defaultDeadline?: string;
}) {
  const [lineCount, setLineCount] = useState(Math.max(2, values.lines?.length ?? 0));
  const [categoryFilter, setCategoryFilter] = useState(values.category ?? "");
  const invited = new Set(values.supplierIds ?? []);
  const line = (i: number) => values.lines?.[i] ?? {};
  const wanted = categoryFilter.trim().toLowerCase();
  // Filtering only hides rows; ticked suppliers stay in the form either way.
  const matches = (s: { categories: string[] }) =>
    wanted === "" || s.categories.some((c) => c.toLowerCase().includes(wanted));

  return (
    <>
      <FormErrorBanner message={errors.form} />
      <Form method="post" className="stack" encType="multipart/form-data" noValidate>
        {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
        <Field id="title" label="Title" error={errors.title}>
          <input id="title" name="title" defaultValue={values.title ?? ""} {...invalidProps("title", errors.title)} />
        </Field>
        <Field id="description" label="Description" error={errors.description}>
          <textarea
            id="description"
            name="description"
            rows={3}
            defaultValue={values.description ?? ""}
            {...invalidProps("description", errors.description)}
          />
        </Field>
        <div className="row">
          <TextField
            id="category"
            label="Category"
            error={errors.category}
            hint="Also filters the supplier list below."
            name="category"
            defaultValue={values.category ?? ""}
            onChange={(e) => setCategoryFilter(e.currentTarget.value)}
          />
          <Field id="currency" label="Currency" error={errors.currency}>
            <select
              id="currency"
              name="currency"
              defaultValue={values.currency ?? "EUR"}
              {...invalidProps("currency", errors.currency)}
            >
              {CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </Field>
        </div>
        <div className="row">
          <TextField
            id="deadline"
            label="Response deadline"
            error={errors.deadline}
            name="deadline"
            type="datetime-local"
            defaultValue={values.deadline ?? defaultDeadline}
          />
          <Field id="deadlineTimeZone" label="Time zone" error={errors.deadlineTimeZone}>
            <select id="deadlineTimeZone" name="deadlineTimeZone" defaultValue={values.deadlineTimeZone ?? "UTC"}>
              {TIME_ZONES.map((z) => (
                <option key={z}>{z}</option>
              ))}
            </select>
          </Field>
          <TextField
            id="wantedBy"
            label="Wanted by"
            error={errors.wantedBy}
            name="wantedBy"
            type="date"
            defaultValue={values.wantedBy ?? ""}
          />
        </div>
        <Field id="deliveryAddress" label="Delivery address" error={errors.deliveryAddress}>
          <textarea id="deliveryAddress" name="deliveryAddress" rows={2} defaultValue={values.deliveryAddress ?? ""} />
        </Field>
        <div className="row">
          <Field id="paymentTerms" label="Payment terms wanted" error={errors.paymentTerms}>
            <select
              id="paymentTerms"
              name="paymentTerms"
              defaultValue={values.paymentTerms ?? ""}
              {...invalidProps("paymentTerms", errors.paymentTerms)}
            >
              <option value="">No preference</option>
              {PAYMENT_TERMS.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
          <Field id="incoterm" label="Incoterm wanted" error={errors.incoterm}>
            <select
              id="incoterm"
              name="incoterm"
              defaultValue={values.incoterm ?? ""}
              {...invalidProps("incoterm", errors.incoterm)}
            >
              <option value="">No preference</option>
              {INCOTERMS.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
        </div>

        <fieldset className="card">
          <legend className="label">Line items</legend>
          {errors.lines ? <p className="error">{errors.lines}</p> : null}
          <TableFrame label="Line items">
            <table className="lines-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Item</th>
                  <th>Specification</th>
                  <th className="num">Quantity</th>
                  <th>Unit</th>
                  <th className="num">Target price (optional)</th>
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: lineCount }, (_, i) => {
                  const err = (f: string) => errors[`lines.${i}.${f}`];
                  return (
                    <tr key={i}>
                      <td>{i + 1}</td>
                      <td>
                        <label className="sr-only" htmlFor={`line-${i}-item`}>{`Item ${i + 1}`}</label>
                        <input
                          id={`line-${i}-item`}
                          name={`lines[${i}].itemName`}
                          defaultValue={line(i).itemName ?? ""}
                          {...invalidProps(`line-${i}-item`, err("itemName"))}
                        />
                        <CellError id={`line-${i}-item-error`} message={err("itemName")} />
                      </td>
                      <td>
                        <label className="sr-only" htmlFor={`line-${i}-spec`}>{`Specification ${i + 1}`}</label>
                        <input
                          id={`line-${i}-spec`}
                          name={`lines[${i}].specification`}
                          defaultValue={line(i).specification ?? ""}
                          {...invalidProps(`line-${i}-spec`, err("specification"))}
                        />
                        <CellError id={`line-${i}-spec-error`} message={err("specification")} />
                      </td>
                      <td>
                        <label className="sr-only" htmlFor={`line-${i}-qty`}>{`Quantity ${i + 1}`}</label>
                        <input
                          id={`line-${i}-qty`}
                          name={`lines[${i}].quantity`}
                          inputMode="decimal"
                          defaultValue={line(i).quantity ?? ""}
                          {...invalidProps(`line-${i}-qty`, err("quantity"))}
                        />
                        <CellError id={`line-${i}-qty-error`} message={err("quantity")} />
                      </td>
                      <td>
                        <label className="sr-only" htmlFor={`line-${i}-unit`}>{`Unit ${i + 1}`}</label>
                        <select id={`line-${i}-unit`} name={`lines[${i}].unit`} defaultValue={line(i).unit ?? "pcs"}>
                          {UNITS.map((u) => (
                            <option key={u}>{u}</option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <label className="sr-only" htmlFor={`line-${i}-target`}>{`Target price ${i + 1}`}</label>
                        <input
                          id={`line-${i}-target`}
                          name={`lines[${i}].targetPrice`}
                          inputMode="decimal"
                          defaultValue={line(i).targetPrice ?? ""}
                          {...invalidProps(`line-${i}-target`, err("targetPrice"))}
                        />
                        <CellError id={`line-${i}-target-error`} message={err("targetPrice")} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableFrame>
          <p className="hint">Target prices are for your organisation only; suppliers never see them.</p>
          <button type="button" className="secondary" onClick={() => setLineCount((n) => n + 1)}>
            Add line
          </button>
          <div className="field">
            <label htmlFor="linesCsv">Line items from CSV</label>
            <input
              id="linesCsv"
              name="linesCsv"
              type="file"
              accept=".csv,text/csv"
              {...invalidProps("linesCsv", errors.linesCsv)}
            />
            <span className="hint">
              Replaces the lines above. Columns: item, specification, quantity, unit, target_price.{" "}
              <a href="/rfqs/lines-template.csv" download>
                Download the CSV template
              </a>
            </span>
            {errors.linesCsv ? (
              <span id="linesCsv-error" className="error" role="alert" style={{ whiteSpace: "pre-line" }}>
                {errors.linesCsv}
              </span>
            ) : null}
          </div>
        </fieldset>

        <fieldset className="card">
          <legend className="label">Invite suppliers</legend>
          {suppliers.length === 0 ? <p className="muted">Your supplier list is empty.</p> : null}
          {suppliers.map((s) => (
            <div key={s.id} hidden={!matches(s) && !invited.has(s.id)}>
              <input
                type="checkbox"
                id={`supplier-${s.id}`}
                name="supplierIds"
                value={s.id}
                defaultChecked={invited.has(s.id)}
              />{" "}
              <label htmlFor={`supplier-${s.id}`}>{s.name}</label>{" "}
              <span className="hint">{s.categories.join(", ")}</span>
            </div>
          ))}
          {errors.supplierIds ? <p className="error">{errors.supplierIds}</p> : null}
          <Field
            id="inviteEmails"
            label="Invite by email"
            error={errors.inviteEmails}
            hint="Suppliers not on Quotient yet: one address per line. Each gets a link to register when the RFQ is published."
          >
            <textarea
              id="inviteEmails"
              name="inviteEmails"
              rows={2}
              defaultValue={values.inviteEmails ?? ""}
              {...invalidProps("inviteEmails", errors.inviteEmails)}
            />
          </Field>
        </fieldset>

        <div className="actions">
          <button type="submit" name="intent" value="publish" disabled={busy}>
            Publish RFQ
          </button>
          <button type="submit" name="intent" value="save" className="secondary" disabled={busy}>
            Save draft
          </button>
        </div>
      </Form>
    </>
  );
}

function CellError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <span id={id} className="error">
      {message}
    </span>
  );
}
