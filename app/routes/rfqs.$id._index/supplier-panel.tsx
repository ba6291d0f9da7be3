/** The invited supplier's side: its own quote and answer, the way to quote or ask, and declining. */
import { Link, useLoaderData } from "@remix-run/react";

import { FoldedReasonForm } from "~/components/form/reason-form";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { declineSchema } from "~/models/sourcing/quote.schema";

import { refused, usePageReply } from "./page-reply";
import type { loader } from "./route";

export function SupplierPanel() {
  const { rfq, myQuote, myInvitation, can, ownAward, ownRevisions, timeZone } = useLoaderData<typeof loader>();
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
      {ownRevisions.length > 0 ? (
        <section aria-labelledby="own-revisions">
          <h3 id="own-revisions">Your revisions and their prices</h3>
          {ownRevisions.map((r) => (
            <details key={r.revision} open={r.revision === ownRevisions[0].revision}>
              <summary>
                Revision {r.revision}: total {formatMoney(r.prices.total, r.currency)}, received{" "}
                {formatInstant(r.receivedAt, timeZone)}
              </summary>
              <TableFrame label={`Prices of revision ${r.revision}`}>
                <table aria-label={`Prices of revision ${r.revision}`}>
                  <thead>
                    <tr>
                      <th>Line</th>
                      <th className="num">Quantity</th>
                      <th className="num">Unit price</th>
                      <th className="num">Line total</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.prices.lines.map((l) => (
                      <tr key={l.label}>
                        <td>{l.label}</td>
                        <td className="num">{formatQuantity(l.quantity)}</td>
                        <td className="num">
                          {l.unitPrice === null ? "No bid" : formatUnitPrice(l.unitPrice, r.currency)}
                        </td>
                        <td className="num">{l.total === null ? "—" : formatMoney(l.total, r.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={3}>
                        Freight and other charges
                      </th>
                      <td className="num">{formatMoney(r.prices.charges, r.currency)}</td>
                    </tr>
                    <tr>
                      <th scope="row" colSpan={3}>
                        Total
                      </th>
                      <td className="num">
                        <strong>{formatMoney(r.prices.total, r.currency)}</strong>
                      </td>
                    </tr>
                  </tfoot>
                </table>
              </TableFrame>
            </details>
          ))}
        </section>
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
