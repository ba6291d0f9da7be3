/**
 * The direct purchase-order form, shared by /pos/new and /pos/:id/edit:
 * supplier, currency, delivery, terms, notes and a table of lines. Shows
 * each error next to its field and keeps what was typed.
 */
import { Form } from "@remix-run/react";
import { useState } from "react";

import { Field, FormErrorBanner, invalidProps, TextField } from "~/components/field";
import { CURRENCIES, INCOTERMS, PAYMENT_TERMS, UNITS } from "~/models/shared/vocabularies";
import { TableFrame } from "~/components/table-frame";

export type PoLineValues = {
  itemName?: string;
  specification?: string;
  quantity?: string;
  unit?: string;
  unitPrice?: string;
  taxRate?: string;
};

export type PoFormValues = {
  supplierOrgId?: string;
  currency?: string;
  deliveryAddress?: string;
  deliveryDate?: string;
  paymentTerms?: string;
  incoterm?: string;
  notes?: string;
  lines?: PoLineValues[];
  version?: number | string;
};

export function PoForm({
  values,
  errors,
  suppliers,
  submitLabel,
  busy,
}: {
  values: PoFormValues;
  errors: Record<string, string>;
  suppliers: { id: string; name: string }[];
  submitLabel: string;
  busy: boolean;
}) {
  const [lineCount, setLineCount] = useState(Math.max(1, values.lines?.length ?? 0));
  const line = (i: number) => values.lines?.[i] ?? {};
  return (
    <Form method="post" className="stack card">
      <FormErrorBanner message={errors.form} />
      {values.version !== undefined ? <input type="hidden" name="version" value={values.version} /> : null}
      <div className="grid2">
        <Field id="supplierOrgId" label="Supplier" error={errors.supplierOrgId}>
          <select
            id="supplierOrgId"
            name="supplierOrgId"
            defaultValue={values.supplierOrgId ?? ""}
            {...invalidProps("supplierOrgId", errors.supplierOrgId)}
          >
            <option value="">Choose a supplier</option>
            {suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="currency" label="Currency" error={errors.currency}>
          <select id="currency" name="currency" defaultValue={values.currency ?? "EUR"}>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </Field>
        <Field id="deliveryAddress" label="Delivery address" error={errors.deliveryAddress}>
          <textarea
            id="deliveryAddress"
            name="deliveryAddress"
            rows={3}
            defaultValue={values.deliveryAddress}
            {...invalidProps("deliveryAddress", errors.deliveryAddress)}
          />
        </Field>
        <TextField
          id="deliveryDate"
          label="Delivery date (optional)"
          error={errors.deliveryDate}
          name="deliveryDate"
          type="date"
          defaultValue={values.deliveryDate}
        />
        <Field id="paymentTerms" label="Payment terms" error={errors.paymentTerms}>
          <select id="paymentTerms" name="paymentTerms" defaultValue={values.paymentTerms ?? ""}>
            <option value="">None</option>
            {PAYMENT_TERMS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <Field id="incoterm" label="Incoterm" error={errors.incoterm}>
          <select id="incoterm" name="incoterm" defaultValue={values.incoterm ?? ""}>
            <option value="">None</option>
            {INCOTERMS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
      </div>
      <Field id="notes" label="Notes (optional)" error={errors.notes}>
        <textarea id="notes" name="notes" rows={2} defaultValue={values.notes} />
      </Field>
      <FormErrorBanner message={errors.lines} />
      <TableFrame label="Line items">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th>Specification</th>
              <th className="num">Quantity</th>
              <th>Unit</th>
              <th className="num">Unit price</th>
              <th className="num">Tax %</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: lineCount }, (_, i) => {
              const err = (k: string) => errors[`lines.${i}.${k}`];
              const n = i + 1;
              return (
                <tr key={i}>
                  <td>{n}</td>
                  {(
                    [
                      ["itemName", `Item ${n}`, `po-line-${i}-item`],
                      ["specification", `Specification ${n}`, `po-line-${i}-spec`],
                      ["quantity", `Quantity ${n}`, `po-line-${i}-qty`],
                    ] as const
                  ).map(([key, label, id]) => (
                    <td key={key}>
                      <label htmlFor={id} className="sr-only">
                        {label}
                      </label>
                      <input
                        id={id}
                        name={`lines[${i}].${key}`}
                        defaultValue={line(i)[key]}
                        inputMode={key === "quantity" ? "decimal" : undefined}
                        {...invalidProps(id, err(key))}
                      />
                      {err(key) ? (
                        <span id={`${id}-error`} className="error">
                          {err(key)}
                        </span>
                      ) : null}
                    </td>
                  ))}
                  <td>
                    <label htmlFor={`po-line-${i}-unit`} className="sr-only">
                      Unit {n}
                    </label>
                    <select id={`po-line-${i}-unit`} name={`lines[${i}].unit`} defaultValue={line(i).unit ?? "pcs"}>
                      {UNITS.map((u) => (
                        <option key={u}>{u}</option>
                      ))}
                    </select>
                  </td>
                  {(
                    [
                      ["unitPrice", `Unit price ${n}`, `po-line-${i}-price`],
                      ["taxRate", `Tax rate ${n}`, `po-line-${i}-tax`],
                    ] as const
                  ).map(([key, label, id]) => (
                    <td key={key} className="num">
                      <label htmlFor={id} className="sr-only">
                        {label}
                      </label>
                      <input
                        id={id}
                        name={`lines[${i}].${key}`}
                        inputMode="decimal"
                        defaultValue={line(i)[key] ?? (key === "taxRate" ? "0" : undefined)}
                        {...invalidProps(id, err(key))}
                      />
                      {err(key) ? (
                        <span id={`${id}-error`} className="error">
                          {err(key)}
                        </span>
                      ) : null}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableFrame>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setLineCount((c) => c + 1)}>
          Add line
        </button>
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
