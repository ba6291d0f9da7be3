/** What arrived and what was billed: the buyer's receipt form, the goods received so far, the PO's invoices. */
import { Form, Link, useLoaderData } from "@remix-run/react";

import { Field, invalidProps, TextField } from "~/components/field";
import { usePageAction } from "~/components/page-action";
import { StatusBadge } from "~/components/status-badge";
import { formatMoney, formatQuantity } from "~/utils/money";

import type { loader } from "./route";

export function ReceiptPanel() {
  const { po, lines, receipts, invoices, can } = useLoaderData<typeof loader>();
  const { errors, typed, typedText, busy } = usePageAction();
  const typedLines = Array.isArray(typed.lines) ? (typed.lines as { quantity?: string }[]) : [];
  // Charges (freight) are invoiced, never received: the form asks only for goods.
  const goods = lines.filter((l) => l.kind !== "charge");
  return (
    <>
      {can.receive ? (
        <section className="card">
          <h2 style={{ marginTop: 0 }}>Record goods received</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={po.version} />
            {goods.map((l, i) => (
              <div key={l.id}>
                <input type="hidden" name={`lines[${i}].poLineId`} value={l.id} />
                <Field
                  id={`receive-${i}`}
                  label={`Quantity received of ${l.item_name} (${l.unit})`}
                  error={errors[`lines.${i}.quantity`]}
                  hint={`${formatQuantity(l.quantity)} ordered, ${formatQuantity(l.received)} received so far`}
                >
                  <input
                    id={`receive-${i}`}
                    name={`lines[${i}].quantity`}
                    inputMode="decimal"
                    defaultValue={typedLines[i]?.quantity ?? ""}
                    {...invalidProps(`receive-${i}`, errors[`lines.${i}.quantity`])}
                  />
                </Field>
              </div>
            ))}
            <TextField
              id="receivedOn"
              label="Received on"
              error={errors.receivedOn}
              name="receivedOn"
              type="date"
              defaultValue={typedText("receivedOn") ?? new Date().toISOString().slice(0, 10)}
            />
            <Field id="note" label="Delivery note (optional)" error={errors.note}>
              <input id="note" name="note" defaultValue={typedText("note")} {...invalidProps("note", errors.note)} />
            </Field>
            <button type="submit" name="intent" value="receive" disabled={busy}>
              Record receipt
            </button>
          </Form>
        </section>
      ) : null}
      {receipts.length > 0 ? (
        <>
          <h2>Goods received</h2>
          <ul>
            {receipts.map((r, i) => (
              <li key={`${r.id}-${i}`}>
                {r.received_on} · {r.receivedBy} · {formatQuantity(r.quantity)} {r.unit} {r.item_name}
                {r.note ? ` (${r.note})` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {invoices.length > 0 ? (
        <>
          <h2>Invoices</h2>
          <ul>
            {invoices.map((i) => (
              <li key={i.id}>
                <Link to={`/invoices/${i.id}`}>{i.invoice_number}</Link> · {i.issued_on} ·{" "}
                {formatMoney(i.total, i.currency)} · <StatusBadge status={i.status} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
