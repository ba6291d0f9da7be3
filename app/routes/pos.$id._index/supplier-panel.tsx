/** The supplier's answer to an issued PO: acknowledge it (with a promised date) or decline it; then invoice. */
import { Form, Link, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { InputField } from "~/components/form/fields";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { useTranslation } from "~/i18n/react";
import { poAcknowledgeSchema, poDeclineSchema } from "~/models/ordering/supplier-answers.schema";

import { usePoAction } from "./po-action";
import { PoReasonFold } from "./reason-fold";
import type { loader } from "./route";

export function SupplierPanel() {
  const { t } = useTranslation();
  const { po, can } = useLoaderData<typeof loader>();
  return (
    <>
      {can.acknowledge ? <AcknowledgeForm version={po.version} /> : null}
      {can.invoice ? (
        <p>
          <Link to={`/pos/${po.id}/invoice`}>{t("Submit an invoice")}</Link>
        </p>
      ) : null}
      {can.decline ? (
        <PoReasonFold
          intent="decline"
          schema={poDeclineSchema}
          reasonName="declineReason"
          summary={t("Decline")}
          label={t("Reason for declining")}
          submitLabel={t("Decline purchase order")}
        />
      ) : null}
    </>
  );
}

function AcknowledgeForm({ version }: { version: number }) {
  const { t } = useTranslation();
  const { replyFor, busy, formToken } = usePoAction();
  const [form, fields] = useSchemaForm(poAcknowledgeSchema, {
    id: "acknowledge-form",
    lastResult: replyFor("acknowledge"),
  });
  return (
    <section className="card" aria-labelledby="acknowledge-heading">
      <h2 id="acknowledge-heading" style={{ marginTop: 0 }}>
        {t("Acknowledge this order")}
      </h2>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="acknowledge" />
        <input type="hidden" name="version" value={version} />
        <FormTokenField token={formToken} />
        <InputField
          field={fields.promisedDate}
          id="promisedDate"
          label={t("Promised delivery date (optional)")}
          type="date"
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("Acknowledge")}
          </button>
        </div>
      </Form>
    </section>
  );
}
