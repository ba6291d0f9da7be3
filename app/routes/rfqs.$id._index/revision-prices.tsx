/**
 * What one of the supplier's own quote revisions priced, line by line, with
 * its charges and total: the same table on the RFQ page and on the revision
 * history. Lives beside the RFQ page because only RFQ pages show it.
 */
import type { ReactNode } from "react";

import { TableFrame } from "~/components/table-frame";
import { useI18n } from "~/i18n/react";

export interface RevisionPricesView {
  revision: number;
  currency: string;
  prices: {
    lines: { label: string; quantity: string; unitPrice: string | null; total: string | null }[];
    subtotal: string;
    charges: string;
    total: string;
  };
}

export function RevisionPrices({ revision, caption }: { revision: RevisionPricesView; caption?: ReactNode }) {
  const { t, format } = useI18n();
  const { prices, currency } = revision;
  const label = t("Prices of revision {{revision}}", { revision: revision.revision });
  return (
    <TableFrame label={label}>
      <table aria-label={label}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th>{t("Line")}</th>
            <th className="num">{t("Quantity")}</th>
            <th className="num">{t("Unit price")}</th>
            <th className="num">{t("Line total")}</th>
          </tr>
        </thead>
        <tbody>
          {prices.lines.map((l) => (
            <tr key={l.label}>
              <td>{l.label}</td>
              <td className="num">{format.quantity(l.quantity)}</td>
              <td className="num">{l.unitPrice === null ? t("No bid") : format.unitPrice(l.unitPrice, currency)}</td>
              <td className="num">{l.total === null ? "—" : format.money(l.total, currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t("Subtotal")}
            </th>
            <td className="num">{format.money(prices.subtotal, currency)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              {t("Freight and other charges")}
            </th>
            <td className="num">{format.money(prices.charges, currency)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              {t("Total")}
            </th>
            <td className="num">
              <strong>{format.money(prices.total, currency)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </TableFrame>
  );
}
