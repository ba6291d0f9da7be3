/**
 * The change-order form: the reason, delivery date and notes, then the PO's
 * lines (quantity, unit price and tax rate editable, or removed) and new
 * lines. Each error shows next to its field and what was typed is kept.
 */
import { Form } from "@remix-run/react";
import { useState } from "react";

import { Field, FormErrorBanner, invalidProps, TextField } from "~/components/field";
import { UNITS } from "~/models/shared/vocabularies";
import { formatQuantity } from "~/utils/money";
import { TableFrame } from "~/components/table-frame";

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
  version?: number | string;
  reason?: string;
  deliveryDate?: string;
  notes?: string;
  lines?: ChangeLineValues[];
};

/** A line of the PO as it stands, to label its row. */
export type CurrentLine = { id: string; itemName: string; specification: string; unit: string; received: string };

function LineInput({
  id,
  label,
  name,
  value,
  error,
}: {
  id: string;
  label: string;
  name: string;
  value?: string;
  error?: string;
}) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} name={name} inputMode="decimal" defaultValue={value} {...invalidProps(id, error)} />
      {error ? (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      ) : null}
    </>
  );
}

export function ChangeOrderForm({
  values,
  errors,
  current,
  busy,
}: {
  values: ChangeFormValues;
  errors: Record<string, string>;
  current: CurrentLine[];
  busy: boolean;
}) {
  const rows = values.lines ?? [];
  const byId = new Map(current.map((l) => [l.id, l]));
  const existing = rows.filter((r) => r.lineId && byId.has(r.lineId)).length;
  const [rowCount, setRowCount] = useState(Math.max(rows.length, existing + 1));
  return (
    <Form method="post" className="stack card">
      <FormErrorBanner message={errors.form} />
      <input type="hidden" name="version" value={values.version ?? ""} />
      <Field id="reason" label="Reason for the change" error={errors.reason}>
        <textarea
          id="reason"
          name="reason"
          rows={2}
          defaultValue={values.reason}
          {...invalidProps("reason", errors.reason)}
        />
      </Field>
      <div className="grid2">
        <TextField
          id="deliveryDate"
          label="Delivery date (optional)"
          error={errors.deliveryDate}
          name="deliveryDate"
          type="date"
          defaultValue={values.deliveryDate}
        />
        <Field id="notes" label="Notes (optional)" error={errors.notes}>
          <textarea
            id="notes"
            name="notes"
            rows={2}
            defaultValue={values.notes}
            {...invalidProps("notes", errors.notes)}
          />
        </Field>
      </div>
      <FormErrorBanner message={errors.lines} />
      <TableFrame label="Lines after the change">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th className="num">Quantity</th>
              <th>Unit</th>
              <th className="num">Unit price</th>
              <th className="num">Tax %</th>
              <th>Remove</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rowCount }, (_, i) => {
              const row = rows[i] ?? {};
              const line = row.lineId ? byId.get(row.lineId) : undefined;
              const err = (k: string) => errors[`lines.${i}.${k}`];
              const n = i + 1;
              const name = (k: string) => `lines[${i}].${k}`;
              return (
                <tr key={i}>
                  <td>{n}</td>
                  <td>
                    {line ? (
                      <>
                        <input type="hidden" name={name("lineId")} value={line.id} />
                        {line.itemName}
                        <div className="hint">
                          {line.specification}
                          {line.received !== "0" ? ` · ${formatQuantity(line.received)} ${line.unit} received` : ""}
                        </div>
                      </>
                    ) : (
                      <>
                        <LineInput
                          id={`change-${i}-item`}
                          label={`Item ${n}`}
                          name={name("itemName")}
                          value={row.itemName}
                          error={err("itemName")}
                        />
                        <LineInput
                          id={`change-${i}-spec`}
                          label={`Specification ${n}`}
                          name={name("specification")}
                          value={row.specification}
                          error={err("specification")}
                        />
                      </>
                    )}
                  </td>
                  <td className="num">
                    <LineInput
                      id={`change-${i}-qty`}
                      label={`Quantity ${n}`}
                      name={name("quantity")}
                      value={row.quantity}
                      error={err("quantity")}
                    />
                  </td>
                  <td>
                    {line ? (
                      line.unit
                    ) : (
                      <>
                        <label htmlFor={`change-${i}-unit`} className="sr-only">
                          Unit {n}
                        </label>
                        <select id={`change-${i}-unit`} name={name("unit")} defaultValue={row.unit ?? "pcs"}>
                          {UNITS.map((u) => (
                            <option key={u}>{u}</option>
                          ))}
                        </select>
                      </>
                    )}
                  </td>
                  <td className="num">
                    <LineInput
                      id={`change-${i}-price`}
                      label={`Unit price ${n}`}
                      name={name("unitPrice")}
                      value={row.unitPrice}
                      error={err("unitPrice")}
                    />
                  </td>
                  <td className="num">
                    <LineInput
                      id={`change-${i}-tax`}
                      label={`Tax rate ${n}`}
                      name={name("taxRate")}
                      value={row.taxRate ?? (line ? undefined : "0")}
                      error={err("taxRate")}
                    />
                  </td>
                  <td>
                    {line ? (
                      <>
                        <label>
                          <input
                            type="checkbox"
                            name={name("remove")}
                            defaultChecked={row.remove === "on"}
                            aria-describedby={err("remove") ? `change-${i}-remove-error` : undefined}
                          />{" "}
                          <span className="sr-only">Remove line {n}</span>
                        </label>
                        {err("remove") ? (
                          <span id={`change-${i}-remove-error`} className="error">
                            {err("remove")}
                          </span>
                        ) : null}
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableFrame>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setRowCount((c) => c + 1)}>
          Add line
        </button>
        <button type="submit" disabled={busy}>
          Save change order
        </button>
      </div>
    </Form>
  );
}
