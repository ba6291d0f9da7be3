import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { diffQuoteRevisions, getOwnRevisionHistory } from "~/models/sourcing/quote-history.server";
import { getRfqPage } from "~/models/sourcing/rfq-queries.server";
import { requireId } from "~/utils/http.server";
import { readQuery } from "~/utils/query.server";
import { TableFrame } from "~/components/table-frame";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

import { RevisionPrices } from "./rfqs.$id._index/revision-prices";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Quote history");

/** The two revisions to compare; one that does not exist falls back to the latest two. */
const revisionParam = z
  .string()
  .regex(/^\d{0,6}$/, msg("Choose a revision from the list."))
  .optional();
const querySchema = z.object({ from: revisionParam, to: revisionParam });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  // The history of one's own quote: a page for whoever quotes, refused to the buying side at once.
  requireAbility(ctx, "quote", "Quote");
  const id = requireId(params.id, "No such RFQ.");
  // A 404 for anyone not invited, before anything about a quote is read.
  const page = await getRfqPage(ctx, { id });
  const { quote, revisions } = await getOwnRevisionHistory(ctx, { rfqId: id });
  const query = readQuery(request, querySchema);
  const pick = (name: "from" | "to", fallback: number | undefined) => {
    const n = Number(query[name]);
    return revisions.find((r) => r.revision === n) ?? revisions.find((r) => r.revision === fallback);
  };
  // Newest first, so by default: the one before the latest, against the latest.
  const to = pick("to", revisions[0]?.revision);
  const from = pick("from", revisions[1]?.revision);
  return {
    rfq: { id: page.rfq.id, title: page.rfq.title, reference: page.rfq.reference },
    status: quote?.status ?? null,
    revisions: revisions.map((r) => ({
      revision: r.revision,
      receivedAt: r.receivedAt.toISOString(),
      submittedBy: r.submittedBy,
      currency: r.currency,
      files: r.files,
      prices: r.prices,
    })),
    from: from?.revision ?? null,
    to: to?.revision ?? null,
    changes: from && to ? diffQuoteRevisions(from, to) : null,
  };
}

/** The terms a revision states, as the model names them, in the viewer's words. */
const TERMS: Record<string, string> = {
  Currency: msg("Currency"),
  "Lead time (days)": msg("Lead time (days)"),
  Freight: msg("Freight"),
  "Other charges": msg("Other charges"),
  "Valid until": msg("Valid until"),
  "Payment terms": msg("Payment terms"),
  Incoterm: msg("Incoterm"),
  Notes: msg("Notes"),
  Subtotal: msg("Subtotal"),
  "Unit price": msg("Unit price"),
  "Minimum order quantity": msg("Minimum order quantity"),
  "Alternate offer": msg("Alternate offer"),
};

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** "Freight", or "1. Hex nut M8: Unit price": the line's label is the supplier's data, the term is ours. */
function changedWhat(t: Translate, what: string): string {
  if (TERMS[what]) return t(TERMS[what]);
  const at = what.lastIndexOf(": ");
  const term = at < 0 ? undefined : TERMS[what.slice(at + 2)];
  return term ? t("{{line}}: {{term}}", { line: what.slice(0, at), term: t(term) }) : what;
}

/** A changed value; "No bid" is the model's word, everything else what the supplier typed. */
const changedValue = (t: Translate, value: string) => (value === "No bid" ? t("No bid") : value);

export default function QuoteHistory() {
  const { t, format } = useI18n();
  const { rfq, status, revisions, from, to, changes } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link> ·{" "}
        <Link to={`/rfqs/${rfq.id}/quote`}>{t("Your quote")}</Link>
      </p>
      <h1>
        {t("Revision history: {{title}}", { title: rfq.title })} {status ? <StatusBadge status={status} /> : null}
      </h1>
      {revisions.length === 0 ? (
        <p className="muted">{t("You have not submitted a quote on this RFQ.")}</p>
      ) : (
        <>
          <TableFrame label={t("Revisions")}>
            <table>
              <thead>
                <tr>
                  <th>{t("Revision")}</th>
                  <th>{t("Received")}</th>
                  <th>{t("Submitted by")}</th>
                  <th>{t("Currency")}</th>
                  <th>{t("Files")}</th>
                </tr>
              </thead>
              <tbody>
                {revisions.map((r) => (
                  <tr key={r.revision}>
                    <td>{r.revision}</td>
                    <td>
                      <time dateTime={r.receivedAt}>{format.instant(r.receivedAt)}</time>
                      {/* To the millisecond, as stored: two revisions may arrive within one minute. */}
                      <div className="hint">{r.receivedAt.replace("T", " ").replace("Z", " UTC")}</div>
                    </td>
                    <td>{r.submittedBy}</td>
                    <td>{r.currency}</td>
                    <td>
                      {r.files.length === 0 ? (
                        "—"
                      ) : (
                        <ul aria-label={t("Files of revision {{revision}}", { revision: r.revision })}>
                          {r.files.map((f) => (
                            <li key={f.id}>
                              <a href={`/rfqs/${rfq.id}/quote/attachments/${f.id}`} download>
                                {f.filename}
                              </a>{" "}
                              <span className="hint">
                                SHA-256 <code>{f.sha256.slice(0, 16)}…</code>
                              </span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
          <h2>{t("Prices per revision")}</h2>
          {revisions.map((r) => (
            <RevisionPrices
              key={r.revision}
              revision={r}
              caption={t("Revision {{revision}}: total {{total}}", {
                revision: r.revision,
                total: format.money(r.prices.total, r.currency),
              })}
            />
          ))}
          {revisions.length > 1 ? (
            <section className="card">
              <h2>{t("What changed")}</h2>
              <Form method="get" className="row">
                <div className="field">
                  <label htmlFor="from">{t("From revision")}</label>
                  <select id="from" name="from" defaultValue={from ?? undefined}>
                    {revisions.map((r) => (
                      <option key={r.revision}>{r.revision}</option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="to">{t("To revision")}</label>
                  <select id="to" name="to" defaultValue={to ?? undefined}>
                    {revisions.map((r) => (
                      <option key={r.revision}>{r.revision}</option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="secondary">
                  {t("Compare revisions")}
                </button>
              </Form>
              {changes && changes.length > 0 ? (
                <TableFrame label={t("Changes from revision {{from}} to revision {{to}}", { from, to })}>
                  <table aria-label={t("Changes from revision {{from}} to revision {{to}}", { from, to })}>
                    <thead>
                      <tr>
                        <th>{t("What")}</th>
                        <th>{t("Revision {{revision}}", { revision: from })}</th>
                        <th>{t("Revision {{revision}}", { revision: to })}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changes.map((c) => (
                        <tr key={c.what}>
                          <td>{changedWhat(t, c.what)}</td>
                          <td>{changedValue(t, c.from)}</td>
                          <td>{changedValue(t, c.to)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableFrame>
              ) : (
                <p className="muted">
                  {t("No differences between revision {{from}} and revision {{to}}.", { from, to })}
                </p>
              )}
            </section>
          ) : null}
        </>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
