/** The invited supplier's side: its own quote and answer, the way to quote or ask, and declining. */
import { Link, useLoaderData } from "@remix-run/react";

import { FoldedReasonForm } from "~/components/form/reason-form";
import { StatusBadge } from "~/components/status-badge";
import { formatQuantity } from "~/utils/money";
import { declineSchema } from "~/models/sourcing/quote.schema";

import { refused, usePageReply } from "./page-reply";
import type { loader } from "./route";

export function SupplierPanel() {
  const { rfq, myQuote, myInvitation, can, ownAward } = useLoaderData<typeof loader>();
  const { replyTo, busy } = usePageReply();
  const quoted = myQuote !== null && myQuote.current_revision > 0;
  return (
    <section className="card">
      <h2>Your quote</h2>
      {myQuote && quoted ? (
        <p>
          Status <StatusBadge status={myQuote.status} /> · revision {myQuote.current_revision}
        </p>
      ) : (
        <p className="muted">You have not quoted yet.</p>
      )}
      {ownAward ? (
        <>
          <h3>
            {ownAward.partial ? "Lines awarded to you (part of the RFQ)" : "Awarded to you: every line you quoted"}
          </h3>
          <ul>
            {ownAward.lines.map((l) => (
              <li key={l.id}>
                Line {l.position}: {l.item_name}, {formatQuantity(l.quantity)} {l.unit}
              </li>
            ))}
          </ul>
          {ownAward.purchaseOrders.length > 0 ? (
            <p>
              Your purchase {ownAward.purchaseOrders.length === 1 ? "order" : "orders"}:{" "}
              {ownAward.purchaseOrders.map((po, i) => (
                <span key={po.id}>
                  {i > 0 ? ", " : ""}
                  <Link to={`/pos/${po.id}`}>{po.number}</Link>
                </span>
              ))}
            </p>
          ) : (
            <p className="muted">The purchase order follows once the buyer has approved it.</p>
          )}
        </>
      ) : null}
      {quoted ? (
        <p>
          <Link to={`/rfqs/${rfq.id}/quote/history`}>Revision history</Link>
        </p>
      ) : null}
      {myInvitation?.declined ? (
        <p>
          You declined to quote
          {myInvitation.declineReason ? `: “${myInvitation.declineReason}”` : "."} You can still quote until the
          deadline.
        </p>
      ) : null}
      {can.quote || can.questions ? (
        <div className="actions">
          {can.quote ? (
            <Link className="button" to={`/rfqs/${rfq.id}/quote`}>
              {quoted ? "Revise quote" : "Enter quote"}
            </Link>
          ) : null}
          {can.questions ? (
            <Link className="button secondary" to={`/rfqs/${rfq.id}/questions`}>
              Questions and answers
            </Link>
          ) : null}
        </div>
      ) : null}
      {can.decline ? (
        <FoldedReasonForm
          summary="Decline to quote"
          open={refused(replyTo("decline"))}
          schema={declineSchema}
          intent="decline"
          id="decline-form"
          reasonId="decline-reason"
          label="Reason for declining"
          hint="The buyer sees your reason."
          submitLabel="Decline to quote"
          danger
          busy={busy}
          lastResult={replyTo("decline")}
        />
      ) : null}
    </section>
  );
}
