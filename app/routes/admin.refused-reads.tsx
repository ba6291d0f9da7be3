import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { TableFrame } from "~/components/table-frame";
import { listRefusedReads, parseRefusedReadsCursor } from "~/models/sourcing/refused-reads.server";
import { formatInstant } from "~/utils/time";
import { readQuery } from "~/utils/query.server";
import { z } from "zod";
import { titled } from "~/i18n/meta";

// A forged cursor reads as the first page, as on the other lists.
const querySchema = z.object({ after: z.string().optional() });

export const meta: MetaFunction = ({ matches }) => titled(matches, "Refused reads");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "review", "AuditEvent");
  const after = parseRefusedReadsCursor(readQuery(request, querySchema).after ?? null);
  const { reads, next } = await listRefusedReads(ctx, { after });
  return { reads, nextHref: next ? `/admin/refused-reads?after=${next}` : null, firstPage: after === null };
}

const WHAT: Record<string, string> = {
  compare: "Quote comparison",
  quote_attachment: "A quote's file",
};

export default function RefusedReads() {
  const { reads, nextHref, firstPage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Refused reads of sealed quotes</h1>
      <p className="hint">
        Every attempt to read your organisation&apos;s quotes while they were sealed, or by someone who may not read
        them: your own people, invited suppliers and people of other organisations alike. Newest first; times in UTC.
      </p>
      {reads.length === 0 ? (
        <p className="card muted">No refused reads{firstPage ? "" : " further back"}.</p>
      ) : (
        <TableFrame label="Refused reads">
          <table>
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>From where</th>
              </tr>
            </thead>
            <tbody>
              {reads.map((read) => (
                <tr key={read.id}>
                  <td>{formatInstant(read.at)}</td>
                  <td>
                    {read.who.name ?? "Unknown person"}
                    <br />
                    <span className="muted">
                      {read.who.email ?? ""}
                      {read.who.organisation ? `, ${read.who.organisation}` : ""}
                      {read.who.roleLabel ? ` (${read.who.roleLabel})` : ""}
                    </span>
                  </td>
                  <td>
                    {WHAT[read.what] ?? read.what}
                    {read.rfq ? (
                      <>
                        {" of "}
                        <Link to={`/rfqs/${read.rfq.id}`}>{read.rfq.reference}</Link> {read.rfq.title}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {read.address ?? "not recorded"}
                    {read.userAgent ? (
                      <>
                        <br />
                        <span className="muted">{read.userAgent}</span>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <p className="row">
        {firstPage ? null : <Link to="/admin/refused-reads">First page</Link>}
        {nextHref ? <Link to={nextHref}>Next page</Link> : null}
      </p>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
