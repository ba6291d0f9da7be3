/** The PO's history: its revisions, the approval decisions, and every audited event (its invoices' too) in words. */
import { Link, useLoaderData } from "@remix-run/react";

import { TimelineList } from "~/components/timeline-list";
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
  const { po, approvals, timeZone } = useLoaderData<typeof loader>();
  if (approvals.length === 0) return null;
  return (
    <>
      <h2>Approvals</h2>
      <ul>
        {approvals.map((a, i) => (
          <li key={i}>
            {a.decision} by {a.name}, {formatInstant(a.created_at, timeZone)}
            {po.revision > 1 ? ` (revision ${a.po_revision})` : ""}
            {a.reason ? `: ${a.reason}` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}

export function TimelinePanel() {
  const { history, timeZone } = useLoaderData<typeof loader>();
  return <TimelineList entries={history} timeZone={timeZone} />;
}
