/**
 * The comparison matrix: one column per supplier, one row per RFQ line of
 * the page shown (LinePager moves between pages of lines), then the
 * per-supplier facts, which are over every line. Rows the page adds below
 * the facts (such as awarding) come in as children.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

import type { LinePage } from "~/models/sourcing/comparison-page.schema";
import type { Comparison, ComparisonSupplier } from "~/models/sourcing/comparison";
import { formatMoq, formatPerformance, moneyText, unitPriceText } from "~/models/sourcing/comparison-format";
import { formatQuantity } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { TableFrame } from "~/components/table-frame";

export const ON_TIME_DEFINITION =
  "On-time delivery: of this supplier's past purchase orders from your organisation, the share received in full " +
  "on or before the promised date (or the wanted delivery date when none was promised). An order not yet received " +
  "in full counts as late once that date has passed; orders with no date, or not yet due, are not counted.";

/** A supplier as the loader sends it: the received time may arrive as an ISO string. */
type MatrixSupplier = Omit<ComparisonSupplier, "receivedAt"> & { receivedAt: Date | string };

export function ComparisonMatrix({
  comparison,
  children,
}: {
  comparison: Pick<Comparison, "currency" | "lines"> & { suppliers: MatrixSupplier[] };
  children?: ReactNode;
}) {
  const { currency, lines, suppliers } = comparison;
  const perSupplier = (label: string, render: (s: MatrixSupplier) => ReactNode, testId?: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td />
      {suppliers.map((s) => (
        <td key={s.quoteId} className="num" data-testid={testId ? `${testId}-${s.supplierName}` : undefined}>
          {render(s)}
        </td>
      ))}
    </tr>
  );
  return (
    <TableFrame label="Quote comparison">
      <table aria-label="Quote comparison">
        <thead>
          <tr>
            <th>Item</th>
            <th className="num">Quantity</th>
            {suppliers.map((s) => (
              <th key={s.quoteId} className="num" scope="col">
                {s.supplierName}
                {s.lowest ? <span className="badge">Lowest landed total</span> : null}
                {s.expired ? <span className="status status-cancelled">Expired</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td>
                {l.position}. {l.item_name}
              </td>
              <td className="num">
                {formatQuantity(l.quantity)} {l.unit}
              </td>
              {suppliers.map((s) => {
                const cell = s.cells[l.id];
                const terms = s.lineTerms[l.id];
                return (
                  <td
                    key={s.quoteId}
                    className={`num ${cell?.lowest ? "lowest" : ""}`}
                    data-testid={`cell-${l.position}-${s.supplierName}`}
                  >
                    {!cell ? (
                      <span className="muted">no bid</span>
                    ) : (
                      <>
                        {unitPriceText(cell.unitPrice, s.currency)}
                        <div className="hint">{moneyText(cell.lineTotal, s.currency)}</div>
                        {s.currency === currency ? null : (
                          <div className="hint">
                            {cell.convertedLineTotal === null || cell.convertedUnitPrice === null
                              ? "no rate"
                              : `${unitPriceText(cell.convertedUnitPrice, currency)} · ${moneyText(cell.convertedLineTotal, currency)}`}
                          </div>
                        )}
                        {cell.landedLineTotal !== null && cell.landedLineTotal !== cell.convertedLineTotal ? (
                          <div className="hint" data-testid={`landed-${l.position}-${s.supplierName}`}>
                            landed {moneyText(cell.landedLineTotal, currency)}
                          </div>
                        ) : null}
                        {cell.lowest ? <span className="badge">Lowest</span> : null}
                      </>
                    )}
                    {terms?.minOrderQuantity ? (
                      <div className={terms.moqAboveQuantity ? "error" : "hint"}>MOQ {formatMoq(terms, l.unit)}</div>
                    ) : null}
                    {terms?.alternateOffer ? <div className="hint">Alternate: {terms.alternateOffer}</div> : null}
                  </td>
                );
              })}
            </tr>
          ))}
          {perSupplier(
            `Goods total (${currency})`,
            (s) => (s.convertedTotal === null ? "no rate" : moneyText(s.convertedTotal, currency)),
            "total",
          )}
          {perSupplier(
            `Freight and charges (${currency})`,
            (s) => (s.convertedCharges === null ? "no rate" : moneyText(s.convertedCharges, currency)),
            "charges",
          )}
          <tr>
            <th scope="row">Landed total ({currency})</th>
            <td />
            {suppliers.map((s) => (
              <td
                key={s.quoteId}
                className={`num ${s.lowest ? "lowest" : ""}`}
                data-testid={`landed-${s.supplierName}`}
              >
                {s.landedTotal === null ? "no rate" : moneyText(s.landedTotal, currency)}
              </td>
            ))}
          </tr>
          {perSupplier("Quoted in", (s) =>
            s.currency === currency
              ? s.currency
              : `${s.currency}, ${s.missingRate ? "no rate" : `1 ${s.currency} = ${s.rate} ${currency}`}`,
          )}
          {perSupplier("Lead time", (s) => `${s.leadTimeDays} days`, "lead")}
          {perSupplier(
            "Valid until",
            (s) => (s.validUntil ? `${s.validUntil}${s.expired ? " (expired)" : ""}` : "—"),
            "valid",
          )}
          {perSupplier("Payment terms", (s) => s.paymentTerms ?? "—")}
          {perSupplier("Incoterm", (s) => s.incoterm ?? "—")}
          {perSupplier(
            "Minimum order quantities and alternates",
            (s) =>
              s.moqLines === 0 && s.alternateLines === 0
                ? "—"
                : `${s.moqLines} ${s.moqLines === 1 ? "line" : "lines"} with MOQ, ${s.alternateLines} ${s.alternateLines === 1 ? "alternate" : "alternates"}`,
            "extras",
          )}
          {perSupplier(
            "On-time delivery",
            // The scorecard reads the same counters: the figure leads to the supplier's whole record.
            (s) => (
              <Link
                to={`/suppliers/${s.supplierOrgId}/scorecard`}
                aria-label={`${formatPerformance(s.performance)}: ${s.supplierName}'s scorecard`}
              >
                {formatPerformance(s.performance)}
              </Link>
            ),
            "ontime",
          )}
          {perSupplier("Received", (s) => `rev. ${s.revision}, ${formatInstant(s.receivedAt)}`)}
          {children}
        </tbody>
      </table>
    </TableFrame>
  );
}

/**
 * "Lines 1-50 of 500" with links to the previous and next page of lines.
 * Nothing when every line fits on one page, so a small RFQ looks as before.
 */
export function LinePager({
  page,
  hrefFor,
  placement,
}: {
  page: LinePage;
  /** The page's URL for a page of lines, keeping the rest of the query (the weights). */
  hrefFor: (page: number) => string;
  placement: "above" | "below";
}) {
  if (page.pageCount === 1 && page.notice === null) return null;
  return (
    <nav aria-label={`Pages of lines ${placement} the matrix`} className="row" data-testid={`line-pager-${placement}`}>
      <span>
        Lines {page.first}-{page.last} of {page.total}
      </span>
      {page.page > 1 ? (
        <Link to={hrefFor(page.page - 1)} rel="prev">
          Previous lines
        </Link>
      ) : null}
      {page.page < page.pageCount ? (
        <Link to={hrefFor(page.page + 1)} rel="next">
          Next lines
        </Link>
      ) : null}
    </nav>
  );
}
