import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { Fact } from "~/components/facts";
import { StatusBadge } from "~/components/status-badge";
import { getRevision } from "~/models/ordering/revisions.server";
import { changeHiddenFrom } from "~/models/ordering/purchase-order.server";
import { notFound, requireId } from "~/utils/http.server";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { TableFrame } from "~/components/table-frame";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.po.number ?? "Purchase order"} revision ${data?.shown.revision ?? ""} · Quotient` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { ability } = ctx;
  const id = requireId(params.id, "No such purchase order.");
  // Not a revision number: still a 404 from getRevision, after it checked the PO may be read at all.
  const revision = /^[1-9]\d{0,5}$/.test(params.revision ?? "") ? Number(params.revision) : Number.NaN;
  const page = await getRevision(ctx, { id, revision });
  if (!changeHiddenFrom(ability, page.po)) return { ...page, changePending: false };
  // The supplier sees the revision in force, not the change the buyer is still approving.
  if (page.shown.revision === page.po.revision) throw notFound("No such revision of this purchase order.");
  const inForce = page.shown.revision === page.po.revision - 1;
  return {
    ...page,
    following: inForce ? null : page.following,
    diff: inForce ? null : page.diff,
    changePending: inForce,
  };
}

export default function PoRevision() {
  const { po, buyerName, supplierName, shown, following, diff, changePending } = useLoaderData<typeof loader>();
  const money = (value: string) => formatMoney(value, shown.currency);
  const isCurrent = shown.revision === po.revision;
  return (
    <>
      <h1>
        Purchase order {po.number}, revision {shown.revision} {isCurrent ? <StatusBadge status={po.status} /> : null}
      </h1>
      <p>
        {changePending ? null : <Link to={`/pos/${po.id}`}>Back to the purchase order</Link>}
        {changePending
          ? null
          : isCurrent
            ? " (this is the current revision)"
            : ` (the current revision is ${po.revision})`}
      </p>
      {changePending ? (
        <p className="banner info" role="status">
          The buyer is changing this order. Revision {shown.revision} stays in force until you receive the change.
        </p>
      ) : !isCurrent ? (
        <p className="banner info">
          This revision was replaced by revision {shown.revision + 1}; it is kept as it was, for reference.
        </p>
      ) : null}
      <section className="card">
        <dl className="facts">
          <dt>Buyer</dt>
          <dd>{buyerName}</dd>
          <dt>Supplier</dt>
          <dd>{supplierName}</dd>
          <dt>{shown.revision === 1 ? "Created" : "Changed"}</dt>
          <dd>
            {formatInstant(shown.madeAt)} by {shown.authorName}
          </dd>
          <Fact label="Reason for the change">{shown.reason}</Fact>
          <Fact label="Issued">{shown.issuedAt ? formatInstant(shown.issuedAt) : null}</Fact>
          <Fact label="Delivery date">{shown.deliveryDate}</Fact>
          <Fact label="Delivery address">{shown.deliveryAddress}</Fact>
          <Fact label="Payment terms">{shown.paymentTerms}</Fact>
          <Fact label="Notes">{shown.notes}</Fact>
        </dl>
      </section>
      <TableFrame label="Lines of this revision">
        <table>
          <caption className="sr-only">Lines of revision {shown.revision}</caption>
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th className="num">Quantity</th>
              <th className="num">Unit price</th>
              <th className="num">Tax %</th>
              <th className="num">Line total</th>
            </tr>
          </thead>
          <tbody>
            {shown.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.position}</td>
                <td>
                  {l.itemName}
                  <div className="hint">{l.specification}</div>
                </td>
                <td className="num">
                  {formatQuantity(l.quantity)} {l.unit}
                </td>
                <td className="num">{formatUnitPrice(l.unitPrice, shown.currency)}</td>
                <td className="num">{formatQuantity(l.taxRate)}</td>
                <td className="num">{money(l.lineTotal)}</td>
              </tr>
            ))}
            <tr>
              <th colSpan={5} className="num">
                Subtotal
              </th>
              <td className="num">{money(shown.subtotal)}</td>
            </tr>
            <tr>
              <th colSpan={5} className="num">
                Tax
              </th>
              <td className="num">{money(shown.taxTotal)}</td>
            </tr>
            <tr>
              <th colSpan={5} className="num">
                Total
              </th>
              <td className="num">
                <strong>{money(shown.total)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      </TableFrame>

      {diff && following ? (
        <section className="card">
          <h2 style={{ marginTop: 0 }}>What revision {following.revision} changed</h2>
          <p>
            {formatInstant(following.madeAt)} by {following.authorName}
            {following.reason ? `: ${following.reason}` : ""}
          </p>
          <ul>
            {diff.added.map((l) => (
              <li key={`added-${l.id}`}>
                Line added: {l.itemName}, {formatQuantity(l.quantity)} {l.unit} at{" "}
                {formatUnitPrice(l.unitPrice, shown.currency)} ({money(l.lineTotal)})
              </li>
            ))}
            {diff.removed.map((l) => (
              <li key={`removed-${l.id}`}>
                Line removed: {l.itemName}, {formatQuantity(l.quantity)} {l.unit} ({money(l.lineTotal)})
              </li>
            ))}
            {diff.changed.map((c) => (
              <li key={`changed-${c.after.id}`}>
                Line changed: {c.before.itemName}
                {c.fields.includes("item") && c.after.itemName !== c.before.itemName ? ` → ${c.after.itemName}` : ""}
                {c.fields.includes("quantity")
                  ? `; quantity ${formatQuantity(c.before.quantity)} → ${formatQuantity(c.after.quantity)} ${c.after.unit}`
                  : ""}
                {c.fields.includes("unitPrice")
                  ? `; unit price ${formatUnitPrice(c.before.unitPrice, shown.currency)} → ${formatUnitPrice(c.after.unitPrice, shown.currency)}`
                  : ""}
                {c.fields.includes("taxRate")
                  ? `; tax ${formatQuantity(c.before.taxRate)}% → ${formatQuantity(c.after.taxRate)}%`
                  : ""}
                {c.fields.includes("lineTotal")
                  ? `; line total ${money(c.before.lineTotal)} → ${money(c.after.lineTotal)}`
                  : ""}
              </li>
            ))}
            {diff.header.map((h) => {
              const amount = ["Subtotal", "Tax", "Total"].includes(h.field);
              const show = (v: string) => (amount ? money(v) : v || "none");
              return (
                <li key={h.field}>
                  {h.field}: {show(h.before)} → {show(h.after)}
                </li>
              );
            })}
          </ul>
          <p>
            <Link to={`/pos/${po.id}/revisions/${following.revision}`}>Open revision {following.revision}</Link>
          </p>
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
