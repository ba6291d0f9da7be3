import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

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
import { DateFilter, ListFilterForm, ListPages, SearchFilter, SelectFilter } from "~/components/list-filters";
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
      <ListFilterForm sort={sort}>
        <SearchFilter defaultValue={q} placeholder="PO number, supplier or item" />
        <SelectFilter
          name="status"
          label="Status"
          defaultValue={status}
          options={PURCHASE_ORDER_STATUSES.map((s) => ({ value: s, label: s.replace(/_/g, " ") }))}
        />
        {suppliers.length > 0 ? (
          <SelectFilter
            name="supplier"
            label="Supplier"
            defaultValue={supplier}
            options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
          />
        ) : null}
        <DateFilter name="from" label="Created from" defaultValue={from} />
        <DateFilter name="to" label="Created to" defaultValue={to} />
      </ListFilterForm>
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
      <ListPages
        paged={!firstPage}
        nextCursor={nextCursor}
        pageLink={pageLink}
        exportHref={pos.length > 0 ? exportHref : null}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
