/** The RFQ's lines; the target price only where the model left it (the buyer's side). */
import { useLoaderData } from "@remix-run/react";

import { TableFrame } from "~/components/table-frame";
import { formatQuantity, formatUnitPrice } from "~/utils/money";

import type { loader } from "./route";

export function LinesPanel() {
  const { rfq, lines } = useLoaderData<typeof loader>();
  // Suppliers get every target price as null from the model, so the column never shows for them.
  const showTargets = lines.some((l) => l.target_price !== null);
  return (
    <>
      <h2>Line items</h2>
      <TableFrame label="Line items">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th>Specification</th>
              <th className="num">Quantity</th>
              <th>Unit</th>
              {showTargets ? <th className="num">Target price</th> : null}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>{l.position}</td>
                <td>{l.item_name}</td>
                <td>{l.specification}</td>
                <td className="num">{formatQuantity(l.quantity)}</td>
                <td>{l.unit}</td>
                {showTargets ? (
                  <td className="num">{l.target_price ? formatUnitPrice(l.target_price, rfq.currency) : "—"}</td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
    </>
  );
}
