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
import { formatInstant } from "~/utils/time";
import { readQuery } from "~/utils/query.server";
import { titled } from "~/i18n/meta";

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

export default function RfqList() {
  const { rfqs, nextCursor, paged, status, q, sort, supplier, canCreate, statusOptions } =
    useLoaderData<typeof loader>();
  const pageLink = usePageLink();
  const exportHref = useExportHref("/rfqs.csv");
  const header = (column: RfqSortKey, label: string) => (
    <SortableHeader column={column} label={label} sort={sort} first={RFQ_SORT_FIRST[column]} />
  );
  return (
    <>
      <h1>{supplier ? "Invitations to quote" : "Requests for quotation"}</h1>
      <div className="actions">
        {canCreate ? (
          <Link className="button" to="/rfqs/new">
            New RFQ
          </Link>
        ) : null}
        <ListFilterForm sort={sort} className="row">
          <SearchFilter
            defaultValue={q}
            placeholder={supplier ? "Reference, title, buyer or item" : "Reference, title or item"}
          />
          <SelectFilter name="status" label="Status" defaultValue={status} options={statusOptions} />
        </ListFilterForm>
      </div>
      {rfqs.length === 0 ? (
        <p className="card muted">No RFQs to show.</p>
      ) : (
        <TableFrame label="Requests for quotation">
          <table className="stack-on-phone">
            <thead>
              <tr>
                {header("reference", "Reference")}
                {header("title", "Title")}
                {supplier ? <th>Buyer</th> : null}
                {header("status", "Status")}
                {supplier ? <th>Your answer</th> : <th>Quotes</th>}
                {header("deadline", "Deadline")}
              </tr>
            </thead>
            <tbody>
              {rfqs.map((r) => {
                const unanswered = r.awaitingAnswer;
                return (
                  <tr key={r.id} className={unanswered ? "unanswered" : undefined}>
                    <td data-label="Reference">{r.reference}</td>
                    <td data-label="Title">
                      <Link to={`/rfqs/${r.id}`}>{r.title}</Link>
                    </td>
                    {supplier ? <td data-label="Buyer">{r.buyerName}</td> : null}
                    <td data-label="Status">
                      <StatusBadge status={r.status} />
                    </td>
                    {supplier ? (
                      <td data-label="Your answer">
                        {unanswered ? (
                          <strong>{r.invitationStatus === "invited" ? "New, not answered" : "Not answered"}</strong>
                        ) : (
                          r.invitationStatus
                        )}
                      </td>
                    ) : (
                      <td data-label="Quotes">
                        {r.progress ? `${r.progress.quoted} of ${r.progress.invited} quoted` : ""}
                      </td>
                    )}
                    <td data-label="Deadline">{formatInstant(r.deadline, r.deadlineTimeZone)}</td>
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
