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
import { readQuery } from "~/utils/query.server";
import { PURCHASE_ORDER_STATUSES } from "../../workflows/purchase-order.machine";
import { TableFrame } from "~/components/table-frame";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { PO_STATUS_LABELS } from "~/models/ordering/labels";

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

export default function PoList() {
  const { pos, status, supplier, q, from, to, sort, suppliers, isSupplier, canCreate, nextCursor, firstPage } =
    useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const percent = (value: number | null) => (value === null ? "–" : format.percent(value / 100));
  const party = isSupplier ? t("Buyer") : t("Supplier");
  const pageLink = usePageLink();
  const exportHref = useExportHref("/pos.csv");
  const header = (column: PoSortKey, label: string, className?: string) => (
    <SortableHeader column={column} label={label} sort={sort} first={PO_SORT_FIRST[column]} className={className} />
  );
  return (
    <>
      <h1>{t("Purchase orders")}</h1>
      {canCreate ? (
        <p>
          <Link to="/pos/new">{t("New purchase order")}</Link>
        </p>
      ) : null}
      <ListFilterForm sort={sort}>
        <SearchFilter defaultValue={q} label={t("Search")} placeholder={t("PO number, supplier or item")} />
        <SelectFilter
          name="status"
          label={t("Status")}
          defaultValue={status}
          options={PURCHASE_ORDER_STATUSES.map((s) => ({ value: s, label: t(PO_STATUS_LABELS[s]) }))}
        />
        {suppliers.length > 0 ? (
          <SelectFilter
            name="supplier"
            label={t("Supplier")}
            defaultValue={supplier}
            options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
          />
        ) : null}
        <DateFilter name="from" label={t("Created from")} defaultValue={from} />
        <DateFilter name="to" label={t("Created to")} defaultValue={to} />
      </ListFilterForm>
      {pos.length === 0 ? (
        <p className="card muted">{t("No purchase orders to show.")}</p>
      ) : (
        <TableFrame label={t("Purchase orders")}>
          <table className="stack-on-phone">
            <thead>
              <tr>
                {header("number", t("Number"))}
                {header("party", party)}
                {header("status", t("Status"))}
                {header("total", t("Total"), "num")}
                <th className="num">{t("Received")}</th>
                <th className="num">{t("Invoiced")}</th>
                {header("created", t("Created"))}
              </tr>
            </thead>
            <tbody>
              {pos.map((p) => (
                <tr key={p.id}>
                  <td data-label={t("Number")}>
                    <Link to={`/pos/${p.id}`}>{p.number}</Link>
                  </td>
                  <td data-label={party}>{isSupplier ? p.buyerName : p.supplierName}</td>
                  <td data-label={t("Status")}>
                    <StatusBadge status={p.status} />
                  </td>
                  <td data-label={t("Total")} className="num">
                    {format.money(p.total, p.currency)}
                  </td>
                  <td data-label={t("Received")} className="num">
                    {percent(p.receivedPercent)}
                  </td>
                  <td data-label={t("Invoiced")} className="num">
                    {percent(p.invoicedPercent)}
                  </td>
                  <td data-label={t("Created")}>{format.instant(p.created_at)}</td>
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
