/** The invited supplier's side: its own quote and answer, the way to quote or ask, and declining. */
import { Form, Link, useLoaderData } from "@remix-run/react";

import { Field, invalidProps } from "~/components/field";
import { usePageAction } from "~/components/page-action";
import { StatusBadge } from "~/components/status-badge";

import type { loader } from "./route";

export function SupplierPanel() {
  const { rfq, myQuote, myInvitation, can } = useLoaderData<typeof loader>();
  const { errors, typedText, busy } = usePageAction();
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
        <details className="card" open={Boolean(errors.reason)}>
          <summary>Decline to quote</summary>
          <Form method="post" className="stack">
            <Field id="decline-reason" label="Reason for declining" error={errors.reason}>
              <textarea
                id="decline-reason"
                name="reason"
                rows={2}
                defaultValue={typedText("reason") ?? ""}
                {...invalidProps("decline-reason", errors.reason)}
              />
            </Field>
            <button type="submit" name="intent" value="decline" className="danger" disabled={busy}>
              Decline to quote
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
