/** The PO's history: its revisions, the approval decisions, and every audited event (its invoices' too) in words. */
import { Link, useLoaderData } from "@remix-run/react";

import { formatInstant } from "~/utils/time";

import type { loader } from "./route";

export function RevisionsList() {
  const { po, revisions } = useLoaderData<typeof loader>();
  if (revisions.length <= 1) return null;
  return (
    <>
      <h2>Revisions</h2>
      <ul>
        {revisions.map((n) => (
          <li key={n}>
            <Link to={`/pos/${po.id}/revisions/${n}`}>
              Revision {n}
              {n === po.revision ? " (current)" : ""}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ApprovalsList() {
  const { po, approvals } = useLoaderData<typeof loader>();
  if (approvals.length === 0) return null;
  return (
    <>
      <h2>Approvals</h2>
      <ul>
        {approvals.map((a, i) => (
          <li key={i}>
            {a.decision} by {a.name}, {formatInstant(a.created_at)}
            {po.revision > 1 ? ` (revision ${a.po_revision})` : ""}
            {a.reason ? `: ${a.reason}` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}

export function TimelinePanel() {
  const { history } = useLoaderData<typeof loader>();
  return (
    <>
      <h2>Timeline</h2>
      <ol className="timeline">
        {history.map((e) => (
          <li key={e.id}>
            <time dateTime={new Date(e.at).toISOString()}>{formatInstant(e.at)}</time> · {e.text}
          </li>
        ))}
      </ol>
    </>
  );
}
