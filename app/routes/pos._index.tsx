import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { listPurchaseOrders } from "~/models/purchase-order.server";
import { formatMoney } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { PURCHASE_ORDER_STATUSES } from "../../workflows/purchase-order.machine";

export const meta: MetaFunction = () => [{ title: "Purchase orders · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  const status = new URL(request.url).searchParams.get("status") ?? "";
  const pos = await listPurchaseOrders(db, ability, {
    status: (PURCHASE_ORDER_STATUSES as readonly string[]).includes(status) ? status : undefined,
  });
  return { pos, status, supplier: user.role === "supplier" };
}

export default function PoList() {
  const { pos, status, supplier } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Purchase orders</h1>
      <Form method="get" className="row actions">
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
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {pos.length === 0 ? (
        <p className="card muted">No purchase orders to show.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Number</th>
              <th>{supplier ? "Buyer" : "Supplier"}</th>
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
                <td>{supplier ? p.buyerName : p.supplierName}</td>
                <td>
                  <StatusBadge status={p.status} />
                </td>
                <td className="num">{formatMoney(p.total, p.currency)}</td>
                <td>{formatInstant(p.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
