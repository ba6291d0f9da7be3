/** The invited supplier's side: its own quote and answer, the way to quote or ask, and declining. */
import { Link, useLoaderData } from "@remix-run/react";

import { FoldedReasonForm } from "~/components/form/reason-form";
import { StatusBadge } from "~/components/status-badge";
import { unitLabel } from "~/components/vocabulary-labels";
import { useI18n } from "~/i18n/react";
import { declineSchema } from "~/models/sourcing/quote.schema";

import { refused, usePageReply } from "./page-reply";
import { RevisionPrices } from "./revision-prices";
import type { loader } from "./route";

export function SupplierPanel() {
  const { t, format } = useI18n();
  const { rfq, myQuote, myInvitation, can, ownAward, ownRevisions } = useLoaderData<typeof loader>();
  const { replyTo, busy } = usePageReply();
  const quoted = myQuote !== null && myQuote.current_revision > 0;
  return (
    <section className="card">
      <h2>{t("Your quote")}</h2>
      {myQuote && quoted ? (
        <p>
          {t("Status")} <StatusBadge status={myQuote.status} /> ·{" "}
          {t("revision {{revision}}", { revision: myQuote.current_revision })}
        </p>
      ) : (
        <p className="muted">{t("You have not quoted yet.")}</p>
      )}
      {ownAward ? (
        <>
          <h3>
            {ownAward.partial
              ? t("Lines awarded to you (part of the RFQ)")
              : t("Awarded to you: every line you quoted")}
          </h3>
          <ul>
            {ownAward.lines.map((l) => (
              <li key={l.id}>
                {t("Line {{position}}: {{item}}, {{quantity}} {{unit}}", {
                  position: l.position,
                  item: l.item_name,
                  quantity: format.quantity(l.quantity),
                  unit: unitLabel(t, l.unit),
                })}
              </li>
            ))}
          </ul>
          {ownAward.purchaseOrders.length > 0 ? (
            <p>
              {t("Your purchase orders:", { count: ownAward.purchaseOrders.length })}{" "}
              {ownAward.purchaseOrders.map((po, i) => (
                <span key={po.id}>
                  {i > 0 ? ", " : ""}
                  <Link to={`/pos/${po.id}`}>{po.number}</Link>
                </span>
              ))}
            </p>
          ) : (
            <p className="muted">{t("The purchase order follows once the buyer has approved it.")}</p>
          )}
        </>
      ) : null}
      {ownRevisions.length > 0 ? (
        <section aria-labelledby="own-revisions">
          <h3 id="own-revisions">{t("Your revisions and their prices")}</h3>
          {ownRevisions.map((r) => (
            <details key={r.revision} open={r.revision === ownRevisions[0].revision}>
              <summary>
                {t("Revision {{revision}}: total {{total}}, received {{at}}", {
                  revision: r.revision,
                  total: format.money(r.prices.total, r.currency),
                  at: format.instant(r.receivedAt),
                })}
              </summary>
              <RevisionPrices revision={r} />
            </details>
          ))}
        </section>
      ) : null}
      {quoted ? (
        <p>
          <Link to={`/rfqs/${rfq.id}/quote/history`}>{t("Revision history")}</Link>
        </p>
      ) : null}
      {myInvitation?.declined ? (
        <p>
          {myInvitation.declineReason
            ? t("You declined to quote: “{{reason}}”. You can still quote until the deadline.", {
                reason: myInvitation.declineReason,
              })
            : t("You declined to quote. You can still quote until the deadline.")}
        </p>
      ) : null}
      {can.quote || can.questions ? (
        <div className="actions">
          {can.quote ? (
            <Link className="button" to={`/rfqs/${rfq.id}/quote`}>
              {quoted ? t("Revise quote") : t("Enter quote")}
            </Link>
          ) : null}
          {can.questions ? (
            <Link className="button secondary" to={`/rfqs/${rfq.id}/questions`}>
              {t("Questions and answers")}
            </Link>
          ) : null}
        </div>
      ) : null}
      {can.decline ? (
        <FoldedReasonForm
          summary={t("Decline to quote")}
          open={refused(replyTo("decline"))}
          schema={declineSchema}
          intent="decline"
          id="decline-form"
          reasonId="decline-reason"
          label={t("Reason for declining")}
          hint={t("The buyer sees your reason.")}
          submitLabel={t("Decline to quote")}
          danger
          busy={busy}
          lastResult={replyTo("decline")}
        />
      ) : null}
    </section>
  );
}
