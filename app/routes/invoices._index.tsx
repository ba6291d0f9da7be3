import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { onSupplierSide } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { DateFilter, ListFilterForm, ListPages, SearchFilter, SelectFilter } from "~/components/list-filters";
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
import { readQuery } from "~/utils/query.server";
import { INVOICE_STATUSES } from "../../workflows/invoice.machine";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { INVOICE_STATUS_LABELS } from "~/models/fulfilment/labels";

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
  const { t, format } = useI18n();
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
  const party = supplierSide ? t("Buyer") : t("Supplier");
  return (
    <>
      <h1>{t("Invoices")}</h1>
      <ListFilterForm sort={sort}>
        <SearchFilter
          defaultValue={q}
          label={t("Search")}
          placeholder={
            supplierSide ? t("Invoice or PO number, buyer or item") : t("Invoice or PO number, supplier or item")
          }
        />
        <SelectFilter
          name="status"
          label={t("Status")}
          defaultValue={status}
          options={INVOICE_STATUSES.map((s) => ({ value: s, label: t(INVOICE_STATUS_LABELS[s]) }))}
        />
        {suppliers.length > 0 ? (
          <SelectFilter
            name="supplier"
            label={t("Supplier")}
            defaultValue={supplier}
            options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
          />
        ) : null}
        <DateFilter name="dueFrom" label={t("Due from")} defaultValue={dueFrom} />
        <DateFilter name="dueTo" label={t("Due to")} defaultValue={dueTo} />
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="disputed" value="1" defaultChecked={disputed} />{" "}
            {t("Disputed or with differences")}
          </label>
        </div>
      </ListFilterForm>
      {invoices.length === 0 ? (
        <p className="card muted">{t("No invoices to show.")}</p>
      ) : (
        <TableFrame label={t("Invoices")}>
          <table className="stack-on-phone">
            <thead>
              <tr>
                {header("number", t("Invoice"))}
                <th>{t("Purchase order")}</th>
                {header("party", party)}
                {header("status", t("Status"))}
                {header("total", t("Total"), "num")}
                {header("issued", t("Invoice date"))}
                {header("due", t("Due"))}
              </tr>
            </thead>
            <tbody>
              {invoices.map((i) => {
                return (
                  <tr key={i.id}>
                    <td data-label={t("Invoice")}>
                      <Link to={`/invoices/${i.id}`}>{i.invoice_number}</Link>
                    </td>
                    <td data-label={t("Purchase order")}>
                      <Link to={`/pos/${i.poId}`}>{i.poNumber}</Link>
                    </td>
                    <td data-label={party}>{supplierSide ? i.buyerName : i.supplierName}</td>
                    <td data-label={t("Status")}>
                      <StatusBadge status={i.status} />
                    </td>
                    <td data-label={t("Total")} className="num">
                      {format.money(i.total, i.currency)}
                    </td>
                    <td data-label={t("Invoice date")}>{format.date(i.issued_on)}</td>
                    <td data-label={t("Due")}>
                      {i.due_on ? format.date(i.due_on) : "–"}
                      {i.overdue ? <strong> {t("(overdue)")}</strong> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableFrame>
      )}
      <ListPages
        paged={paged}
        nextCursor={nextCursor}
        pageLink={pageLink}
        exportHref={invoices.length > 0 ? exportHref : null}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
