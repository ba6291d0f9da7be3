import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { onSupplierSide } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { SortableHeader, useExportHref, usePageLink } from "~/components/sortable-header";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import { INVOICE_SORT_FIRST, invoiceListQuery, type InvoiceSortKey } from "~/models/fulfilment/invoice-list.schema";
import {
  INVOICE_DEFAULT_SORT,
  invoiceFiltersFrom,
  invoiceSupplierOptions,
  listInvoicePage,
} from "~/models/fulfilment/invoice-queries.server";
import { formatMoney } from "~/utils/money";
import { readQuery } from "~/utils/query.server";
import { INVOICE_STATUSES } from "../../workflows/invoice.machine";
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Invoices");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const query = readQuery(request, invoiceListQuery);
  const supplierSide = onSupplierSide(ctx.ability);
  const suppliers = await invoiceSupplierOptions(ctx);
  const filters = invoiceFiltersFrom(query, suppliers);
  const { rows, nextCursor } = await listInvoicePage(ctx, filters);
  return {
    invoices: rows,
    nextCursor,
    paged: query.after !== undefined,
    status: query.status ?? "",
    supplier: query.supplier,
    q: query.q,
    dueFrom: query.dueFrom ?? "",
    dueTo: query.dueTo ?? "",
    disputed: query.disputed,
    sort: filters.sort ?? INVOICE_DEFAULT_SORT,
    suppliers,
    supplierSide,
  };
}

export default function InvoiceList() {
  const { invoices, nextCursor, paged, status, supplier, q, dueFrom, dueTo, disputed, sort, suppliers, supplierSide } =
    useLoaderData<typeof loader>();
  const pageLink = usePageLink();
  const exportHref = useExportHref("/invoices.csv");
  const header = (column: InvoiceSortKey, label: string, className?: string) => (
    <SortableHeader
      column={column}
      label={label}
      sort={sort}
      first={INVOICE_SORT_FIRST[column]}
      className={className}
    />
  );
  const party = supplierSide ? "Buyer" : "Supplier";
  return (
    <>
      <h1>Invoices</h1>
      <Form method="get" className="row actions">
        <div className="field">
          <label htmlFor="q">Search</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            placeholder={`Invoice or PO number, ${party.toLowerCase()} or item`}
          />
        </div>
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
        {suppliers.length > 0 ? (
          <div className="field">
            <label htmlFor="supplier">Supplier</label>
            <select id="supplier" name="supplier" defaultValue={supplier}>
              <option value="">All</option>
              {suppliers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="dueFrom">Due from</label>
          <input id="dueFrom" name="dueFrom" type="date" defaultValue={dueFrom} />
        </div>
        <div className="field">
          <label htmlFor="dueTo">Due to</label>
          <input id="dueTo" name="dueTo" type="date" defaultValue={dueTo} />
        </div>
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="disputed" value="1" defaultChecked={disputed} /> Disputed or with differences
          </label>
        </div>
        {/* The order chosen in the headers stays while filtering. */}
        <input type="hidden" name="sort" value={sort.key} />
        <input type="hidden" name="dir" value={sort.direction} />
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {invoices.length === 0 ? (
        <p className="card muted">No invoices to show.</p>
      ) : (
        <TableFrame label="Invoices">
          <table className="stack-on-phone">
            <thead>
              <tr>
                {header("number", "Invoice")}
                <th>Purchase order</th>
                {header("party", party)}
                {header("status", "Status")}
                {header("total", "Total", "num")}
                {header("issued", "Invoice date")}
                {header("due", "Due")}
              </tr>
            </thead>
            <tbody>
              {invoices.map((i) => {
                return (
                  <tr key={i.id}>
                    <td data-label="Invoice">
                      <Link to={`/invoices/${i.id}`}>{i.invoice_number}</Link>
                    </td>
                    <td data-label="Purchase order">
                      <Link to={`/pos/${i.poId}`}>{i.poNumber}</Link>
                    </td>
                    <td data-label={party}>{supplierSide ? i.buyerName : i.supplierName}</td>
                    <td data-label="Status">
                      <StatusBadge status={i.status} />
                    </td>
                    <td data-label="Total" className="num">
                      {formatMoney(i.total, i.currency)}
                    </td>
                    <td data-label="Invoice date">{i.issued_on}</td>
                    <td data-label="Due">
                      {i.due_on ?? "–"}
                      {i.overdue ? <strong> (overdue)</strong> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableFrame>
      )}
      <nav className="row actions" aria-label="Pages">
        {paged ? <Link to={pageLink(null)}>First page</Link> : null}
        {nextCursor ? <Link to={pageLink(nextCursor)}>Next page</Link> : null}
        {invoices.length > 0 ? (
          <a href={exportHref} download>
            Download CSV
          </a>
        ) : null}
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
