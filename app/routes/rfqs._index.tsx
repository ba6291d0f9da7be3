import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";

import { onSupplierSide } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { listRfqPage, rfqStatusOptions, type RfqSort } from "~/models/sourcing/rfq-queries.server";
import { formatInstant } from "~/utils/time";
import { readQuery } from "~/utils/query.server";
import { cursorField, searchField, statusFilterField } from "~/models/shared/fields.schema";
import { rfqWorkflow } from "../../workflows/rfq.machine";
import { TableFrame } from "~/components/table-frame";

export const meta: MetaFunction = () => [{ title: "RFQs · Quotient" }];

const SORTS = [
  { value: "deadline", label: "Deadline, soonest first" },
  { value: "deadline_desc", label: "Deadline, latest first" },
  { value: "newest", label: "Newest first" },
] as const satisfies readonly { value: RfqSort; label: string }[];

const querySchema = z.object({
  q: searchField(200),
  status: statusFilterField(rfqWorkflow.statuses),
  sort: z
    .enum(["", ...SORTS.map((s) => s.value)], { error: "Choose an order from the list." })
    .default("")
    .transform((v) => (v === "" ? undefined : v)),
  after: cursorField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { ability } = ctx;
  const { q, status, sort, after } = readQuery(request, querySchema);
  const page = await listRfqPage(ctx, { status, q, sort, after });
  return {
    rfqs: page.items,
    sort: page.sort,
    nextCursor: page.nextCursor,
    paged: after !== undefined,
    status: status ?? "",
    q,
    supplier: onSupplierSide(ability),
    canCreate: ability.can("create", "Rfq"),
    statusOptions: rfqStatusOptions(ctx),
  };
}

export default function RfqList() {
  const { rfqs, nextCursor, paged, status, q, sort, supplier, canCreate, statusOptions } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  const pageLink = (after: string | null) => {
    const params = new URLSearchParams(location.search);
    if (after) params.set("after", after);
    else params.delete("after");
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <>
      <h1>{supplier ? "Invitations to quote" : "Requests for quotation"}</h1>
      <div className="actions">
        {canCreate ? (
          <Link className="button" to="/rfqs/new">
            New RFQ
          </Link>
        ) : null}
        <Form method="get" className="row">
          <div className="field">
            <label htmlFor="q">Search titles</label>
            <input id="q" name="q" type="search" defaultValue={q} maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor="status">Status</label>
            <select id="status" name="status" defaultValue={status}>
              <option value="">All</option>
              {statusOptions.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sort">Sort by</label>
            <select id="sort" name="sort" defaultValue={sort}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            Filter
          </button>
        </Form>
      </div>
      {rfqs.length === 0 ? (
        <p className="card muted">No RFQs to show.</p>
      ) : (
        <TableFrame label="Requests for quotation">
          <table>
            <thead>
              <tr>
                <th>Reference</th>
                <th>Title</th>
                {supplier ? <th>Buyer</th> : null}
                <th>Status</th>
                {supplier ? <th>Your answer</th> : null}
                <th>Deadline</th>
              </tr>
            </thead>
            <tbody>
              {rfqs.map((r) => {
                const unanswered = r.awaitingAnswer;
                return (
                  <tr key={r.id} className={unanswered ? "unanswered" : undefined}>
                    <td>{r.reference}</td>
                    <td>
                      <Link to={`/rfqs/${r.id}`}>{r.title}</Link>
                    </td>
                    {supplier ? <td>{r.buyerName}</td> : null}
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    {supplier ? (
                      <td>
                        {unanswered ? (
                          <strong>{r.invitationStatus === "invited" ? "New, not answered" : "Not answered"}</strong>
                        ) : (
                          r.invitationStatus
                        )}
                      </td>
                    ) : null}
                    <td>{formatInstant(r.deadline, r.deadlineTimeZone)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableFrame>
      )}
      <nav className="actions" aria-label="Pages">
        {paged ? <Link to={pageLink(null)}>First page</Link> : null}
        {nextCursor ? <Link to={pageLink(nextCursor)}>Next page</Link> : null}
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
