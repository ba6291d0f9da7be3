import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { onSupplierSide, subject } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import {
  listPurchaseOrderPage,
  PO_DEFAULT_SORT,
  poFiltersFrom,
  poSupplierOptions,
} from "~/models/ordering/queries.server";
import { poListQuery } from "~/models/ordering/po-list.schema";
import { PO_SORT_FIRST, type PoSortKey } from "~/models/ordering/po-sort";
import { SortableHeader, useExportHref, usePageLink } from "~/components/sortable-header";
import { formatMoney } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { readQuery } from "~/utils/query.server";
import { PURCHASE_ORDER_STATUSES } from "../../workflows/purchase-order.machine";
import { TableFrame } from "~/components/table-frame";
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Purchase orders");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { user, ability } = ctx;
  const query = readQuery(request, poListQuery);
  // A supplier's list has no supplier filter: it is all theirs.
  const isSupplier = onSupplierSide(ability);
  const suppliers = isSupplier ? [] : await poSupplierOptions(ctx);
  const filters = poFiltersFrom(query, suppliers);
  const { rows, nextCursor } = await listPurchaseOrderPage(ctx, filters);
  return {
    pos: rows,
    status: query.status ?? "",
    supplier: query.supplier,
    q: query.q,
    from: query.from ?? "",
    to: query.to ?? "",
    sort: filters.sort ?? PO_DEFAULT_SORT,
    suppliers,
    isSupplier,
    canCreate: ability.can("create", subject("PurchaseOrder", { buyer_org_id: user.orgId })),
    nextCursor,
    firstPage: !query.after,
  };
}

const percent = (value: number | null) => (value === null ? "–" : `${value} %`);

export default function PoList() {
  const { pos, status, supplier, q, from, to, sort, suppliers, isSupplier, canCreate, nextCursor, firstPage } =
    useLoaderData<typeof loader>();
  const pageLink = usePageLink();
  const exportHref = useExportHref("/pos.csv");
  const header = (column: PoSortKey, label: string, className?: string) => (
    <SortableHeader column={column} label={label} sort={sort} first={PO_SORT_FIRST[column]} className={className} />
  );
  return (
    <>
      <h1>Purchase orders</h1>
      {canCreate ? (
        <p>
          <Link to="/pos/new">New purchase order</Link>
        </p>
      ) : null}
      <Form method="get" className="row actions">
        <div className="field">
          <label htmlFor="q">Search</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            placeholder="PO number, supplier or item"
          />
        </div>
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={status}>
            <option value="">All</option>
            {PURCHASE_ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, " ")}
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
          <label htmlFor="from">Created from</label>
          <input id="from" name="from" type="date" defaultValue={from} />
        </div>
        <div className="field">
          <label htmlFor="to">Created to</label>
          <input id="to" name="to" type="date" defaultValue={to} />
        </div>
        {/* The order chosen in the headers stays while filtering. */}
        <input type="hidden" name="sort" value={sort.key} />
        <input type="hidden" name="dir" value={sort.direction} />
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {pos.length === 0 ? (
        <p className="card muted">No purchase orders to show.</p>
      ) : (
        <TableFrame label="Purchase orders">
          <table className="stack-on-phone">
            <thead>
              <tr>
                {header("number", "Number")}
                {header("party", isSupplier ? "Buyer" : "Supplier")}
                {header("status", "Status")}
                {header("total", "Total", "num")}
                <th className="num">Received</th>
                <th className="num">Invoiced</th>
                {header("created", "Created")}
              </tr>
            </thead>
            <tbody>
              {pos.map((p) => (
                <tr key={p.id}>
                  <td data-label="Number">
                    <Link to={`/pos/${p.id}`}>{p.number}</Link>
                  </td>
                  <td data-label={isSupplier ? "Buyer" : "Supplier"}>{isSupplier ? p.buyerName : p.supplierName}</td>
                  <td data-label="Status">
                    <StatusBadge status={p.status} />
                  </td>
                  <td data-label="Total" className="num">
                    {formatMoney(p.total, p.currency)}
                  </td>
                  <td data-label="Received" className="num">
                    {percent(p.receivedPercent)}
                  </td>
                  <td data-label="Invoiced" className="num">
                    {percent(p.invoicedPercent)}
                  </td>
                  <td data-label="Created">{formatInstant(p.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <nav className="row actions" aria-label="Pages">
        {firstPage ? null : <Link to={pageLink(null)}>First page</Link>}
        {nextCursor ? <Link to={pageLink(nextCursor)}>Next page</Link> : null}
        {pos.length > 0 ? (
          <a href={exportHref} download>
            Download CSV
          </a>
        ) : null}
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
