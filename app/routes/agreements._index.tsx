/**
 * Agreements: the buying side's framework and blanket orders, the
 * supplier's own agreements sent to it.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { onSupplierSide } from "~/auth/ability";
import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ListFilterForm, ListPages, SearchFilter, SelectFilter } from "~/components/list-filters";
import { SortableHeader, useExportHref, usePageLink } from "~/components/sortable-header";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import {
  AGREEMENT_SORT_FIRST,
  agreementListQuery,
  type AgreementSortKey,
} from "~/models/agreements/agreement-list.schema";
import {
  AGREEMENT_DEFAULT_SORT,
  agreementFiltersFrom,
  listAgreementPage,
} from "~/models/agreements/agreement-queries.server";
import { readQuery } from "~/utils/query.server";
import { AGREEMENT_STATUSES } from "../../workflows/agreement.machine";
import { STATUS_LABELS } from "~/models/agreements/agreement-labels";
import { useI18n } from "~/i18n/react";
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Agreements");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "Agreement");
  const query = readQuery(request, agreementListQuery);
  const filters = agreementFiltersFrom(query);
  const { rows, nextCursor } = await listAgreementPage(ctx, filters);
  return {
    rows,
    nextCursor,
    paged: query.after !== undefined,
    q: query.q,
    status: query.status ?? "",
    sort: filters.sort ?? AGREEMENT_DEFAULT_SORT,
    can: { create: ctx.ability.can("create", "Agreement") },
    supplierSide: onSupplierSide(ctx.ability),
  };
}

export default function Agreements() {
  const { rows, nextCursor, paged, q, status, sort, can, supplierSide } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const pageLink = usePageLink();
  const exportHref = useExportHref("/agreements.csv");
  const header = (column: AgreementSortKey, label: string) => (
    <SortableHeader column={column} label={label} sort={sort} first={AGREEMENT_SORT_FIRST[column]} />
  );
  const party = supplierSide ? t("Buyer") : t("Supplier");
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>{t("Agreements")}</h1>
        {can.create ? (
          <Link to="/agreements/new" className="button">
            {t("New agreement")}
          </Link>
        ) : null}
      </div>
      <p className="hint">
        {t("Framework and blanket orders: agreed prices for a period, ordered from by call-offs up to their caps.")}
      </p>
      <ListFilterForm sort={sort}>
        <SearchFilter
          defaultValue={q}
          placeholder={supplierSide ? t("Number, title, buyer or item") : t("Number, title, supplier or item")}
        />
        <SelectFilter
          name="status"
          label={t(t("Status"))}
          defaultValue={status}
          options={AGREEMENT_STATUSES.map((s) => ({ value: s, label: t(STATUS_LABELS[s]) }))}
        />
      </ListFilterForm>
      {rows.length === 0 ? (
        <p className="card muted">{t("No agreements to show.")}</p>
      ) : (
        <TableFrame label={t("Agreements")}>
          <table className="stack-on-phone">
            <thead>
              <tr>
                {header("number", t("Number"))}
                {header("title", t("Title"))}
                {header("party", party)}
                {header("status", t("Status"))}
                {header("ends", t("Valid"))}
                <th className="num">{t("Value cap")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td data-label={t("Number")}>
                    <Link to={`/agreements/${a.id}`}>{a.number}</Link>
                  </td>
                  <td data-label={t("Title")}>{a.title}</td>
                  <td data-label={party}>{supplierSide ? a.buyerName : a.supplierName}</td>
                  <td data-label={t("Status")}>
                    <StatusBadge status={a.status} />
                  </td>
                  <td data-label={t("Valid")}>
                    {t("{{from}} to {{to}}", { from: format.date(a.valid_from), to: format.date(a.valid_to) })}
                  </td>
                  <td data-label={t("Value cap")} className="num">
                    {a.value_cap === null ? t("none") : format.money(a.value_cap, a.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <ListPages
        paged={paged}
        nextCursor={nextCursor}
        pageLink={pageLink}
        exportHref={rows.length > 0 ? exportHref : null}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
