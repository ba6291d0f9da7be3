import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { listInvoices } from "~/models/fulfilment/invoice-queries.server";
import { formatMoney } from "~/utils/money";
import { readQuery } from "~/utils/query.server";
import { statusFilterField } from "~/models/shared/fields.schema";
import { INVOICE_STATUSES } from "../../workflows/invoice.machine";
import { TableFrame } from "~/components/table-frame";

export const meta: MetaFunction = () => [{ title: "Invoices · Quotient" }];

const querySchema = z.object({ status: statusFilterField(INVOICE_STATUSES) });

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { status } = readQuery(request, querySchema);
  const invoices = await listInvoices(ctx, { status });
  return { invoices, status: status ?? "" };
}

export default function InvoiceList() {
  const { invoices, status } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Invoices</h1>
      <Form method="get" className="row actions">
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={status}>
            <option value="">All</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {invoices.length === 0 ? (
        <p className="card muted">No invoices to show.</p>
      ) : (
        <TableFrame label="Invoices">
          <table>
            <thead>
              <tr>
                <th>Invoice</th>
                <th>Purchase order</th>
                <th>Supplier</th>
                <th>Status</th>
                <th className="num">Total</th>
                <th>Invoice date</th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={`/invoices/${i.id}`}>{i.invoice_number}</Link>
                  </td>
                  <td>
                    <Link to={`/pos/${i.poId}`}>{i.poNumber}</Link>
                  </td>
                  <td>{i.supplierName}</td>
                  <td>
                    <StatusBadge status={i.status} />
                  </td>
                  <td className="num">{formatMoney(i.total, i.currency)}</td>
                  <td>{i.issued_on}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
