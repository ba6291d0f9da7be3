import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { Field, FormErrorBanner, invalidProps, TextField } from "~/components/field";
import { invoiceFormSchema } from "~/models/fulfilment/invoice.schema";
import { invoiceFormData } from "~/models/fulfilment/invoice-queries.server";
import { submitInvoice } from "~/models/fulfilment/invoice-submission.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { formatQuantity, formatUnitPrice } from "~/utils/money";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Invoice ${data?.po.number ?? "purchase order"} · Quotient` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  return invoiceFormData(ctx, { poId: requireId(params.id, "purchase order") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "purchase order");
  const parsed = parseForm(invoiceFormSchema, await request.formData());
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  try {
    const { invoiceId } = await submitInvoice(ctx, { poId: id, ...parsed.data });
    return redirect(`/invoices/${invoiceId}?submitted=1`);
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

export default function InvoiceNew() {
  const { po, lines, invoiceable } = useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.errors ?? {};
  const typed = (result?.values ?? {}) as {
    invoiceNumber?: string;
    issuedOn?: string;
    dueOn?: string;
    lines?: { quantity?: string; unitPrice?: string; taxRate?: string }[];
  };
  return (
    <>
      <h1>Invoice purchase order {po.number}</h1>
      <p>
        <Link to={`/pos/${po.id}`}>Back to the purchase order</Link>
      </p>
      {!invoiceable ? (
        <p className="banner info">This purchase order cannot be invoiced now ({po.status.replace(/_/g, " ")}).</p>
      ) : (
        <Form method="post" className="stack card">
          <FormErrorBanner message={errors.form} />
          <TextField
            id="invoiceNumber"
            label="Invoice number"
            error={errors.invoiceNumber}
            name="invoiceNumber"
            defaultValue={typed.invoiceNumber}
          />
          <TextField
            id="issuedOn"
            label="Invoice date"
            error={errors.issuedOn}
            name="issuedOn"
            type="date"
            defaultValue={typed.issuedOn ?? new Date().toISOString().slice(0, 10)}
          />
          <TextField
            id="dueOn"
            label="Due date (optional)"
            error={errors.dueOn}
            name="dueOn"
            type="date"
            defaultValue={typed.dueOn}
          />
          {lines.map((l, i) => (
            <fieldset key={l.id}>
              <legend>
                Line {l.position}: {l.item_name}
              </legend>
              <p className="hint">
                {formatQuantity(l.quantity)} {l.unit} ordered at {formatUnitPrice(l.unit_price, po.currency)},{" "}
                {formatQuantity(l.received)} received, {formatQuantity(l.invoiced)} invoiced so far
              </p>
              <input type="hidden" name={`lines[${i}].poLineId`} value={l.id} />
              <div className="row">
                <Field
                  id={`qty-${i}`}
                  label={`Quantity invoiced of ${l.item_name}`}
                  error={errors[`lines.${i}.quantity`]}
                >
                  <input
                    id={`qty-${i}`}
                    name={`lines[${i}].quantity`}
                    inputMode="decimal"
                    defaultValue={typed.lines?.[i]?.quantity ?? l.defaults.quantity}
                    {...invalidProps(`qty-${i}`, errors[`lines.${i}.quantity`])}
                  />
                </Field>
                <Field
                  id={`price-${i}`}
                  label={`Unit price of ${l.item_name} (${po.currency})`}
                  error={errors[`lines.${i}.unitPrice`]}
                >
                  <input
                    id={`price-${i}`}
                    name={`lines[${i}].unitPrice`}
                    inputMode="decimal"
                    defaultValue={typed.lines?.[i]?.unitPrice ?? l.defaults.unitPrice}
                    {...invalidProps(`price-${i}`, errors[`lines.${i}.unitPrice`])}
                  />
                </Field>
                <Field id={`tax-${i}`} label={`Tax rate of ${l.item_name} (%)`} error={errors[`lines.${i}.taxRate`]}>
                  <input
                    id={`tax-${i}`}
                    name={`lines[${i}].taxRate`}
                    inputMode="decimal"
                    defaultValue={typed.lines?.[i]?.taxRate ?? l.defaults.taxRate}
                    {...invalidProps(`tax-${i}`, errors[`lines.${i}.taxRate`])}
                  />
                </Field>
              </div>
            </fieldset>
          ))}
          <button type="submit" disabled={busy}>
            Submit invoice
          </button>
        </Form>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
