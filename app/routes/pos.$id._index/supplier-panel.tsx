/** The supplier's answer to an issued PO: acknowledge it (with a promised date) or decline it; then invoice. */
import { Form, Link, useLoaderData } from "@remix-run/react";

import { Field, invalidProps, TextField } from "~/components/field";
import { usePageAction } from "~/components/page-action";

import type { loader } from "./route";

export function SupplierPanel() {
  const { po, can } = useLoaderData<typeof loader>();
  const { errors, typedText, busy } = usePageAction();
  return (
    <>
      {can.acknowledge ? (
        <section className="card">
          <h2 style={{ marginTop: 0 }}>Acknowledge this order</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={po.version} />
            <TextField
              id="promisedDate"
              label="Promised delivery date (optional)"
              error={errors.promisedDate}
              name="promisedDate"
              type="date"
            />
            <button type="submit" name="intent" value="acknowledge" disabled={busy}>
              Acknowledge
            </button>
          </Form>
        </section>
      ) : null}
      {can.invoice ? (
        <p>
          <Link to={`/pos/${po.id}/invoice`}>Submit an invoice</Link>
        </p>
      ) : null}
      {can.decline ? (
        <details className="card" open={Boolean(errors.declineReason)}>
          <summary>Decline</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={po.version} />
            <Field id="declineReason" label="Reason for declining" error={errors.declineReason}>
              <textarea
                id="declineReason"
                name="declineReason"
                rows={2}
                defaultValue={typedText("declineReason")}
                {...invalidProps("declineReason", errors.declineReason)}
              />
            </Field>
            <button type="submit" name="intent" value="decline" className="danger" disabled={busy}>
              Decline purchase order
            </button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
