import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { Field, FormErrorBanner, invalidProps } from "~/components/field";
import { StatusBadge } from "~/components/status-badge";
import { invoiceApprovalSchema } from "~/models/invoice.schema";
import { approveInvoice, getInvoicePage } from "~/models/invoice.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Invoice ${data?.invoice.invoice_number ?? ""} · Quotient` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  return getInvoicePage(db, user, ability, requireId(params.id, "invoice"), new Date());
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  const id = requireId(params.id, "invoice");
  const parsed = parseForm(invoiceApprovalSchema, await request.formData());
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  try {
    await approveInvoice(db, user, ability, id, parsed.data, new Date());
    return { ok: true };
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

export default function InvoicePage() {
  const { invoice, po, lines, canApprove } = useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody | { ok: true }>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const errors = result && "errors" in result ? result.errors : {};
  const typedReason = result && "values" in result ? result.values?.overrideReason : undefined;
  return (
    <>
      <h1>
        Invoice {invoice.invoice_number} <StatusBadge status={invoice.status} />
      </h1>
      {params.get("submitted") ? <p className="banner ok">Invoice submitted.</p> : null}
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          Invoice approved.
        </p>
      ) : null}
      <FormErrorBanner message={errors.form} />
      <dl className="facts card">
        <dt>Purchase order</dt>
        <dd>
          <Link to={`/pos/${po.id}`}>{po.number}</Link>
        </dd>
        <dt>Supplier</dt>
        <dd>{po.supplierName}</dd>
        <dt>Invoice date</dt>
        <dd>{invoice.issued_on}</dd>
        {invoice.due_on ? (
          <>
            <dt>Due</dt>
            <dd>{invoice.due_on}</dd>
          </>
        ) : null}
        <dt>Subtotal</dt>
        <dd>{formatMoney(invoice.subtotal, invoice.currency)}</dd>
        <dt>Tax</dt>
        <dd>{formatMoney(invoice.tax_total, invoice.currency)}</dd>
        <dt>Total</dt>
        <dd>
          <strong>{formatMoney(invoice.total, invoice.currency)}</strong>
        </dd>
      </dl>
      {invoice.differences.length > 0 ? (
        <section className="card" aria-labelledby="differences">
          <h2 id="differences" style={{ marginTop: 0 }}>
            Differences from the purchase order
          </h2>
          <ul>
            {invoice.differences.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Item</th>
            <th className="num">Quantity</th>
            <th className="num">Unit price</th>
            <th className="num">PO unit price</th>
            <th className="num">Tax</th>
            <th className="num">Net</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{l.position}</td>
              <td>{l.item_name}</td>
              <td className="num">
                {formatQuantity(l.quantity)} {l.unit}
              </td>
              <td className="num">{formatUnitPrice(l.unit_price, invoice.currency)}</td>
              <td className="num">{formatUnitPrice(l.poUnitPrice, invoice.currency)}</td>
              <td className="num">{formatQuantity(l.tax_rate)}%</td>
              <td className="num">{formatMoney(l.line_total, invoice.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canApprove ? (
        <Form method="post" className="stack card">
          <input type="hidden" name="version" value={invoice.version} />
          {invoice.status === "disputed" ? (
            <Field id="overrideReason" label="Reason to approve despite the differences" error={errors.overrideReason}>
              <textarea
                id="overrideReason"
                name="overrideReason"
                rows={2}
                defaultValue={typeof typedReason === "string" ? typedReason : undefined}
                {...invalidProps("overrideReason", errors.overrideReason)}
              />
            </Field>
          ) : null}
          <button type="submit" disabled={busy}>
            Approve invoice
          </button>
        </Form>
      ) : null}
    </>
  );
}
