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
import type { LineTerms, Performance } from "~/models/sourcing/comparison-format";
import { TableFrame } from "~/components/table-frame";
import { unitLabel } from "~/components/vocabulary-labels";
import { msg } from "~/i18n/config";
import type { Format } from "~/i18n/format";
import { useI18n } from "~/i18n/react";

export const ON_TIME_DEFINITION = msg(
  "On-time delivery: of this supplier's past purchase orders from your organisation, the share received in full on or before the promised date (or the wanted delivery date when none was promised). An order not yet received in full counts as late once that date has passed; orders with no date, or not yet due, are not counted.",
);

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** "3 of 4 on time (75%)", or "no history": the words of the CSV's column, in the viewer's language. */
export function performanceText(t: Translate, format: Format, p: Performance): string {
  if (p.share === null) return t("no history");
  return t("{{onTime}} of {{counted}} on time ({{share}})", {
    onTime: format.number(p.onTime),
    counted: format.number(p.counted),
    share: format.percent(Number(p.share)),
  });
}

function moqText(t: Translate, format: Format, terms: LineTerms, unit: string): string {
  if (!terms.minOrderQuantity) return "";
  const values = { quantity: format.quantity(terms.minOrderQuantity), unit: unitLabel(t, unit) };
  return terms.moqAboveQuantity
    ? t("MOQ {{quantity}} {{unit}} (above the quantity asked)", values)
    : t("MOQ {{quantity}} {{unit}}", values);
}

/** A supplier as the loader sends it: the received time may arrive as an ISO string. */
type MatrixSupplier = Omit<ComparisonSupplier, "receivedAt"> & { receivedAt: Date | string };

export function ComparisonMatrix({
  comparison,
  children,
}: {
  comparison: Pick<Comparison, "currency" | "lines"> & { suppliers: MatrixSupplier[] };
  children?: ReactNode;
}) {
  const { t, format } = useI18n();
  const { currency, lines, suppliers } = comparison;
  const noRate = t("no rate");
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
    <TableFrame label={t("Quote comparison")}>
      <table aria-label={t("Quote comparison")}>
        <thead>
          <tr>
            <th>{t("Item")}</th>
            <th className="num">{t("Quantity")}</th>
            {suppliers.map((s) => (
              <th key={s.quoteId} className="num" scope="col">
                {s.supplierName}
                {s.lowest ? <span className="badge">{t("Lowest landed total")}</span> : null}
                {s.expired ? <span className="status status-cancelled">{t("Expired")}</span> : null}
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
                {format.quantity(l.quantity)} {unitLabel(t, l.unit)}
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
                      <span className="muted">{t("no bid")}</span>
                    ) : (
                      <>
                        {format.unitPrice(cell.unitPrice, s.currency)}
                        <div className="hint">{format.money(cell.lineTotal, s.currency)}</div>
                        {s.currency === currency ? null : (
                          <div className="hint">
                            {cell.convertedLineTotal === null || cell.convertedUnitPrice === null
                              ? noRate
                              : `${format.unitPrice(cell.convertedUnitPrice, currency)} · ${format.money(cell.convertedLineTotal, currency)}`}
                          </div>
                        )}
                        {cell.landedLineTotal !== null && cell.landedLineTotal !== cell.convertedLineTotal ? (
                          <div className="hint" data-testid={`landed-${l.position}-${s.supplierName}`}>
                            {t("landed {{amount}}", { amount: format.money(cell.landedLineTotal, currency) })}
                          </div>
                        ) : null}
                        {cell.lowest ? <span className="badge">{t("Lowest")}</span> : null}
                      </>
                    )}
                    {terms?.minOrderQuantity ? (
                      <div className={terms.moqAboveQuantity ? "error" : "hint"}>
                        {moqText(t, format, terms, l.unit)}
                      </div>
                    ) : null}
                    {terms?.alternateOffer ? (
                      <div className="hint">{t("Alternate: {{offer}}", { offer: terms.alternateOffer })}</div>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
          {perSupplier(
            t("Goods total ({{currency}})", { currency }),
            (s) => (s.convertedTotal === null ? noRate : format.money(s.convertedTotal, currency)),
            "total",
          )}
          {perSupplier(
            t("Freight and charges ({{currency}})", { currency }),
            (s) => (s.convertedCharges === null ? noRate : format.money(s.convertedCharges, currency)),
            "charges",
          )}
          <tr>
            <th scope="row">{t("Landed total ({{currency}})", { currency })}</th>
            <td />
            {suppliers.map((s) => (
              <td
                key={s.quoteId}
                className={`num ${s.lowest ? "lowest" : ""}`}
                data-testid={`landed-${s.supplierName}`}
              >
                {s.landedTotal === null ? noRate : format.money(s.landedTotal, currency)}
              </td>
            ))}
          </tr>
          {perSupplier(t("Quoted in"), (s) =>
            s.currency === currency
              ? s.currency
              : `${s.currency}, ${s.missingRate ? noRate : `1 ${s.currency} = ${s.rate} ${currency}`}`,
          )}
          {perSupplier(t("Lead time"), (s) => t("{{count}} days", { count: s.leadTimeDays }), "lead")}
          {perSupplier(
            t("Valid until"),
            (s) =>
              s.validUntil
                ? s.expired
                  ? t("{{date}} (expired)", { date: format.date(s.validUntil) })
                  : format.date(s.validUntil)
                : "—",
            "valid",
          )}
          {perSupplier(t("Payment terms"), (s) => s.paymentTerms ?? "—")}
          {perSupplier(t("Incoterm"), (s) => s.incoterm ?? "—")}
          {perSupplier(
            t("Minimum order quantities and alternates"),
            (s) =>
              s.moqLines === 0 && s.alternateLines === 0
                ? "—"
                : `${t("{{count}} lines with MOQ", { count: s.moqLines })}, ${t("{{count}} alternates", { count: s.alternateLines })}`,
            "extras",
          )}
          {perSupplier(
            t("On-time delivery"),
            // The scorecard reads the same counters: the figure leads to the supplier's whole record.
            (s) => (
              <Link
                to={`/suppliers/${s.supplierOrgId}/scorecard`}
                aria-label={t("{{performance}}: {{supplier}}'s scorecard", {
                  performance: performanceText(t, format, s.performance),
                  supplier: s.supplierName,
                })}
              >
                {performanceText(t, format, s.performance)}
              </Link>
            ),
            "ontime",
          )}
          {perSupplier(t("Received"), (s) =>
            t("rev. {{revision}}, {{at}}", { revision: s.revision, at: format.instant(s.receivedAt) }),
          )}
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
  const { t } = useI18n();
  if (page.pageCount === 1 && page.notice === null) return null;
  return (
    <nav
      aria-label={placement === "above" ? t("Pages of lines above the matrix") : t("Pages of lines below the matrix")}
      className="row"
      data-testid={`line-pager-${placement}`}
    >
      <span>
        {t("Lines {{first}}-{{last}} of {{total}}", { first: page.first, last: page.last, total: page.total })}
      </span>
      {page.page > 1 ? (
        <Link to={hrefFor(page.page - 1)} rel="prev">
          {t("Previous lines")}
        </Link>
      ) : null}
      {page.page < page.pageCount ? (
        <Link to={hrefFor(page.page + 1)} rel="next">
          {t("Next lines")}
        </Link>
      ) : null}
    </nav>
  );
}
