import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { InputField } from "~/components/form/fields";
import { rowFields } from "~/components/form/line-items";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { invoiceFormSchema } from "~/models/fulfilment/invoice.schema";
import { invoiceFormData } from "~/models/fulfilment/invoice-queries.server";
import { submitInvoice } from "~/models/fulfilment/invoice-submission.server";
import { type FormReply, readForm, replyWithError } from "~/utils/submission.server";
import { requireId } from "~/utils/http.server";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { poStatusLabel, unitLabel } from "~/models/ordering/labels";
import { isCharge } from "~/models/shared/pricing";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? titled(matches, "Invoice {{number}}", { number: data.po.number }) : titled(matches, "Invoice purchase order");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  return {
    ...(await invoiceFormData(ctx, { poId: requireId(params.id, "No such purchase order.") })),
    formToken: issueFormToken(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such purchase order.");
  const parsed = await readForm(request, invoiceFormSchema);
  if (!parsed.ok) return parsed.response;
  try {
    // The same invoice form twice (double click, resend) books one invoice; both answers lead to it.
    const { invoiceId } = await once(
      ctx,
      { token: formTokenOf(parsed.submission), purpose: "invoice.submit" },
      async (tx) => ({ invoiceId: (await submitInvoice(tx, { poId: id, ...parsed.value })).invoiceId }),
    );
    return redirect(`/invoices/${invoiceId}?submitted=1`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function InvoiceNew() {
  const { po, lines, invoiceable, today, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const { t, format } = useI18n();
  const [form, fields] = useSchemaForm(invoiceFormSchema, {
    lastResult,
    defaultValue: {
      issuedOn: today,
      lines: lines.map((l) => ({ poLineId: l.id, ...l.defaults })),
    },
  });
  const row = rowFields(form.id, fields.lines, ["quantity", "unitPrice", "taxRate"]);
  return (
    <>
      <h1>{t("Invoice purchase order {{number}}", { number: po.number })}</h1>
      <p>
        <Link to={`/pos/${po.id}`}>{t("Back to the purchase order")}</Link>
      </p>
      {!invoiceable ? (
        <p className="banner info">
          {t("This purchase order cannot be invoiced now ({{status}}).", { status: t(poStatusLabel(po.status)) })}
        </p>
      ) : (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
          <FormTokenField token={formToken} />
          <ErrorSummary form={form} />
          <InputField field={fields.invoiceNumber} id="invoiceNumber" label={t("Invoice number")} />
          <InputField field={fields.issuedOn} id="issuedOn" label={t("Invoice date")} type="date" />
          <InputField field={fields.dueOn} id="dueOn" label={t("Due date (optional)")} type="date" />
          {lines.map((l, i) => (
            <fieldset key={l.id}>
              <legend>{t("Line {{position}}: {{item}}", { position: l.position, item: l.item_name })}</legend>
              <p className="hint">
                {isCharge(l)
                  ? // A charge is matched on its amount and needs no receipt.
                    t(
                      "Charge of {{price}} on the purchase order, invoiced once, {{invoiced}} {{unit}} invoiced so far",
                      {
                        price: format.unitPrice(l.unit_price, po.currency),
                        invoiced: format.quantity(l.invoiced),
                        unit: t(unitLabel(l.unit)),
                      },
                    )
                  : t(
                      "{{quantity}} {{unit}} ordered at {{price}}, {{received}} received, {{invoiced}} invoiced so far",
                      {
                        quantity: format.quantity(l.quantity),
                        unit: t(unitLabel(l.unit)),
                        price: format.unitPrice(l.unit_price, po.currency),
                        received: format.quantity(l.received),
                        invoiced: format.quantity(l.invoiced),
                      },
                    )}
              </p>
              <input type="hidden" name={`lines[${i}].poLineId`} value={l.id} />
              <div className="row">
                <InputField
                  field={row(i).quantity}
                  id={`qty-${i}`}
                  label={t("Quantity invoiced of {{item}}", { item: l.item_name })}
                  inputMode="decimal"
                />
                <InputField
                  field={row(i).unitPrice}
                  id={`price-${i}`}
                  label={t("Unit price of {{item}} ({{currency}})", { item: l.item_name, currency: po.currency })}
                  inputMode="decimal"
                />
                <InputField
                  field={row(i).taxRate}
                  id={`tax-${i}`}
                  label={t("Tax rate of {{item}} (%)", { item: l.item_name })}
                  inputMode="decimal"
                />
              </div>
            </fieldset>
          ))}
          <button type="submit" disabled={busy}>
            {t("Submit invoice")}
          </button>
        </Form>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
