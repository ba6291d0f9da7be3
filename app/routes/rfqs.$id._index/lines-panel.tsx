/** The RFQ's lines; the target price only where the model left it (the buyer's side). */
import { useLoaderData } from "@remix-run/react";

import { TableFrame } from "~/components/table-frame";
import { unitLabel } from "~/components/vocabulary-labels";
import { useI18n } from "~/i18n/react";

import type { loader } from "./route";

export function LinesPanel() {
  const { t, format } = useI18n();
  const { rfq, lines } = useLoaderData<typeof loader>();
  // Suppliers get every target price as null from the model, so the column never shows for them.
  const showTargets = lines.some((l) => l.target_price !== null);
  return (
    <>
      <h2>{t("Line items")}</h2>
      <TableFrame label={t("Line items")}>
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>{t("Item")}</th>
              <th>{t("Specification")}</th>
              <th className="num">{t("Quantity")}</th>
              <th>{t("Unit")}</th>
              {showTargets ? <th className="num">{t("Target price")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>{l.position}</td>
                <td>{l.item_name}</td>
                <td>{l.specification}</td>
                <td className="num">{format.quantity(l.quantity)}</td>
                <td>{unitLabel(t, l.unit)}</td>
                {showTargets ? (
                  <td className="num">{l.target_price ? format.unitPrice(l.target_price, rfq.currency) : "—"}</td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
    </>
  );
}
