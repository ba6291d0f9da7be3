import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { onSupplierSide, subject } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { listPurchaseOrderPage, poSupplierOptions } from "~/models/ordering/queries.server";
import { formatMoney } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { readQuery } from "~/utils/query.server";
import { cursorField, searchField, statusFilterField } from "~/models/shared/fields.schema";
import { PURCHASE_ORDER_STATUSES } from "../../workflows/purchase-order.machine";
import { TableFrame } from "~/components/table-frame";

export const meta: MetaFunction = () => [{ title: "Purchase orders · Quotient" }];

const querySchema = z.object({
  q: searchField(40),
  status: statusFilterField(PURCHASE_ORDER_STATUSES),
  supplier: z.string().default(""),
  after: cursorField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { user, ability } = ctx;
  const { q, status, supplier, after } = readQuery(request, querySchema);
  // A supplier's list has no supplier filter: it is all theirs.
  const isSupplier = onSupplierSide(ability);
  const suppliers = isSupplier ? [] : await poSupplierOptions(ctx);
  const { rows, nextCursor } = await listPurchaseOrderPage(ctx, {
    status,
    // Only a supplier from the list: anything else would filter on an arbitrary id.
    supplierOrgId: suppliers.some((s) => s.id === supplier) ? supplier : undefined,
    search: q,
    cursor: after,
  });
  // The next page's address keeps the filters in use.
  const next = new URLSearchParams({
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(supplier ? { supplier } : {}),
  });
  if (nextCursor) next.set("after", nextCursor);
  return {
    pos: rows,
    status: status ?? "",
    supplier,
    q,
    suppliers,
    isSupplier,
    canCreate: ability.can("create", subject("PurchaseOrder", { buyer_org_id: user.orgId })),
    nextHref: nextCursor ? `/pos?${next.toString()}` : null,
    firstPage: !after,
  };
}

export default function PoList() {
  const { pos, status, supplier, q, suppliers, isSupplier, canCreate, nextHref, firstPage } =
    useLoaderData<typeof loader>();
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
          <label htmlFor="q">PO number</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={40} placeholder="PO-2026-000123" />
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
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {pos.length === 0 ? (
        <p className="card muted">No purchase orders to show.</p>
      ) : (
        <TableFrame label="Purchase orders">
          <table>
            <thead>
              <tr>
                <th>Number</th>
                <th>{isSupplier ? "Buyer" : "Supplier"}</th>
                <th>Status</th>
                <th className="num">Total</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {pos.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/pos/${p.id}`}>{p.number}</Link>
                  </td>
                  <td>{isSupplier ? p.buyerName : p.supplierName}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td className="num">{formatMoney(p.total, p.currency)}</td>
                  <td>{formatInstant(p.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <p className="row">
        {firstPage ? null : <Link to="/pos">First page</Link>}
        {nextHref ? <Link to={nextHref}>Next page</Link> : null}
      </p>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
