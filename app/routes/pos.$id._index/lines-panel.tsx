/**
 * The PO's lines with what was received of each, and the total. A charge
 * line (freight, other charges from the awarded quote) is marked as such and
 * has nothing to receive.
 */
import { useLoaderData } from "@remix-run/react";

import { TableFrame } from "~/components/table-frame";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";

import type { loader } from "./route";
import { isCharge } from "~/models/shared/pricing";

export function LinesPanel() {
  const { po, lines } = useLoaderData<typeof loader>();
  return (
    <TableFrame label="Purchase order lines">
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Item</th>
            <th className="num">Quantity</th>
            <th className="num">Received</th>
            <th className="num">Unit price</th>
            <th className="num">Line total</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id} data-testid={`po-line-${l.position}`}>
              <td>{l.position}</td>
              <td>
                {l.item_name}
                {isCharge(l) ? <span className="badge">Charge</span> : null}
                <div className="hint">{l.specification}</div>
              </td>
              <td className="num">
                {formatQuantity(l.quantity)} {l.unit}
              </td>
              <td className="num">
                {isCharge(l) ? <span className="muted">not received</span> : `${formatQuantity(l.received)} ${l.unit}`}
              </td>
              <td className="num">{formatUnitPrice(l.unit_price, po.currency)}</td>
              <td className="num">{formatMoney(l.line_total, po.currency)}</td>
            </tr>
          ))}
          <tr>
            <th colSpan={5} className="num">
              Total
            </th>
            <td className="num">
              <strong>{formatMoney(po.total, po.currency)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
    </TableFrame>
  );
}
