/** The supplier's answer to an issued PO: acknowledge it (with a promised date) or decline it; then invoice. */
import { Form, Link, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { InputField } from "~/components/form/fields";
import { FoldedReasonForm } from "~/components/form/reason-form";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { poAcknowledgeSchema, poDeclineSchema } from "~/models/ordering/supplier-answers.schema";

import { usePoAction } from "./po-action";
import type { loader } from "./route";

export function SupplierPanel() {
  const { po, can } = useLoaderData<typeof loader>();
  const { replyFor, busy, formToken } = usePoAction();
  return (
    <>
      {can.acknowledge ? <AcknowledgeForm version={po.version} /> : null}
      {can.invoice ? (
        <p>
          <Link to={`/pos/${po.id}/invoice`}>Submit an invoice</Link>
        </p>
      ) : null}
      {can.decline ? (
        <FoldedReasonForm
          summary="Decline"
          schema={poDeclineSchema}
          intent="decline"
          id="decline-form"
          reasonName="declineReason"
          hidden={{ version: po.version, formToken }}
          label="Reason for declining"
          submitLabel="Decline purchase order"
          danger
          busy={busy}
          lastResult={replyFor("decline")}
        />
      ) : null}
    </>
  );
}

function AcknowledgeForm({ version }: { version: number }) {
  const { replyFor, busy, formToken } = usePoAction();
  const [form, fields] = useSchemaForm(poAcknowledgeSchema, {
    id: "acknowledge-form",
    lastResult: replyFor("acknowledge"),
  });
  return (
    <section className="card" aria-labelledby="acknowledge-heading">
      <h2 id="acknowledge-heading" style={{ marginTop: 0 }}>
        Acknowledge this order
      </h2>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="acknowledge" />
        <input type="hidden" name="version" value={version} />
        <FormTokenField token={formToken} />
        <InputField
          field={fields.promisedDate}
          id="promisedDate"
          label="Promised delivery date (optional)"
          type="date"
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            Acknowledge
          </button>
        </div>
      </Form>
    </section>
  );
}
