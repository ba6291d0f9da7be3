import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { onSupplierSide } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { ListFilterForm, ListPages, SearchFilter, SelectFilter } from "~/components/list-filters";
import { SortableHeader, useExportHref, usePageLink } from "~/components/sortable-header";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import { rfqFiltersFrom, rfqListQuery } from "~/models/sourcing/rfq-list.schema";
import { listRfqPage, rfqStatusOptions } from "~/models/sourcing/rfq-queries.server";
import { RFQ_SORT_FIRST, type RfqSortKey } from "~/models/sourcing/rfq-sort";
import { readQuery } from "~/utils/query.server";
import { titled } from "~/i18n/meta";
import { msg } from "~/i18n/config";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "RFQs");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { ability } = ctx;
  const query = readQuery(request, rfqListQuery);
  const page = await listRfqPage(ctx, rfqFiltersFrom(query));
  return {
    rfqs: page.items,
    sort: page.sort,
    nextCursor: page.nextCursor,
    paged: query.after !== undefined,
    status: query.status ?? "",
    q: query.q,
    supplier: onSupplierSide(ability),
    canCreate: ability.can("create", "Rfq"),
    statusOptions: rfqStatusOptions(ctx),
  };
}

const RFQ_STATUS_LABELS: Record<string, string> = {
  draft: msg("Draft"),
  open: msg("Open"),
  closed: msg("Closed"),
  awarded: msg("Awarded"),
  cancelled: msg("Cancelled"),
};

const ANSWER_LABELS: Record<string, string> = {
  invited: msg("Invited"),
  viewed: msg("Viewed"),
  declined: msg("Declined"),
  submitted: msg("Submitted"),
};

export default function RfqList() {
  const { t, format } = useI18n();
  const { rfqs, nextCursor, paged, status, q, sort, supplier, canCreate, statusOptions } =
    useLoaderData<typeof loader>();
  const pageLink = usePageLink();
  const exportHref = useExportHref("/rfqs.csv");
  const header = (column: RfqSortKey, label: string) => (
    <SortableHeader column={column} label={label} sort={sort} first={RFQ_SORT_FIRST[column]} />
  );
  return (
    <>
      <h1>{supplier ? t("Invitations to quote") : t("Requests for quotation")}</h1>
      <div className="actions">
        {canCreate ? (
          <Link className="button" to="/rfqs/new">
            {t("New RFQ")}
          </Link>
        ) : null}
        <ListFilterForm sort={sort} className="row">
          <SearchFilter
            defaultValue={q}
            label={t("Search")}
            placeholder={supplier ? t("Reference, title, buyer or item") : t("Reference, title or item")}
          />
          <SelectFilter
            name="status"
            label={t("Status")}
            defaultValue={status}
            options={statusOptions.map((s) => ({ value: s, label: t(RFQ_STATUS_LABELS[s] ?? s) }))}
          />
        </ListFilterForm>
      </div>
      {rfqs.length === 0 ? (
        <p className="card muted">{t("No RFQs to show.")}</p>
      ) : (
        <TableFrame label={t("Requests for quotation")}>
          <table className="stack-on-phone">
            <thead>
              <tr>
                {header("reference", t("Reference"))}
                {header("title", t("Title"))}
                {supplier ? <th>{t("Buyer")}</th> : null}
                {header("status", t("Status"))}
                {supplier ? <th>{t("Your answer")}</th> : <th>{t("Quotes")}</th>}
                {header("deadline", t("Deadline"))}
              </tr>
            </thead>
            <tbody>
              {rfqs.map((r) => {
                const unanswered = r.awaitingAnswer;
                return (
                  <tr key={r.id} className={unanswered ? "unanswered" : undefined}>
                    <td data-label={t("Reference")}>{r.reference}</td>
                    <td data-label={t("Title")}>
                      <Link to={`/rfqs/${r.id}`}>{r.title}</Link>
                    </td>
                    {supplier ? <td data-label={t("Buyer")}>{r.buyerName}</td> : null}
                    <td data-label={t("Status")}>
                      <StatusBadge status={r.status} />
                    </td>
                    {supplier ? (
                      <td data-label={t("Your answer")}>
                        {unanswered ? (
                          <strong>
                            {r.invitationStatus === "invited" ? t("New, not answered") : t("Not answered")}
                          </strong>
                        ) : (
                          t(ANSWER_LABELS[r.invitationStatus ?? ""] ?? r.invitationStatus ?? "")
                        )}
                      </td>
                    ) : (
                      <td data-label={t("Quotes")}>
                        {r.progress
                          ? t("{{quoted}} of {{invited}} quoted", {
                              quoted: format.number(r.progress.quoted),
                              invited: format.number(r.progress.invited),
                            })
                          : ""}
                      </td>
                    )}
                    <td data-label={t("Deadline")}>{format.instant(r.deadline)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableFrame>
      )}
      <ListPages
        className="actions"
        paged={paged}
        nextCursor={nextCursor}
        pageLink={pageLink}
        exportHref={rfqs.length > 0 ? exportHref : null}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
