/**
 * The PO's lines with what was received of each, and the total. A charge
 * line (freight, other charges from the awarded quote) is marked as such and
 * has nothing to receive.
 */
import { useLoaderData } from "@remix-run/react";

import { TableFrame } from "~/components/table-frame";
import { useI18n } from "~/i18n/react";
import { unitLabel } from "~/models/ordering/labels";

import type { loader } from "./route";
import { isCharge } from "~/models/shared/pricing";

export function LinesPanel() {
  const { po, lines } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <TableFrame label={t("Purchase order lines")}>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{t("Item")}</th>
            <th className="num">{t("Quantity")}</th>
            <th className="num">{t("Received")}</th>
            <th className="num">{t("Unit price")}</th>
            <th className="num">{t("Line total")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id} data-testid={`po-line-${l.position}`}>
              <td>{l.position}</td>
              <td>
                {l.item_name}
                {isCharge(l) ? <span className="badge">{t("Charge")}</span> : null}
                <div className="hint">{l.specification}</div>
              </td>
              <td className="num">
                {format.quantity(l.quantity)} {t(unitLabel(l.unit))}
              </td>
              <td className="num">
                {isCharge(l) ? (
                  <span className="muted">{t("not received")}</span>
                ) : (
                  `${format.quantity(l.received)} ${t(unitLabel(l.unit))}`
                )}
              </td>
              <td className="num">{format.unitPrice(l.unit_price, po.currency)}</td>
              <td className="num">{format.money(l.line_total, po.currency)}</td>
            </tr>
          ))}
          <tr>
            <th colSpan={5} className="num">
              {t("Total")}
            </th>
            <td className="num">
              <strong>{format.money(po.total, po.currency)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
    </TableFrame>
  );
}
