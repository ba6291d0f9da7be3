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
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";
import { TableFrame } from "~/components/table-frame";
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Quote history");

/** The two revisions to compare; one that does not exist falls back to the latest two. */
const revisionParam = z
  .string()
  .regex(/^\d{0,6}$/, "Choose a revision from the list.")
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

export default function QuoteHistory() {
  const { rfq, status, revisions, from, to, changes } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link> · <Link to={`/rfqs/${rfq.id}/quote`}>Your quote</Link>
      </p>
      <h1>
        Revision history: {rfq.title} {status ? <StatusBadge status={status} /> : null}
      </h1>
      {revisions.length === 0 ? (
        <p className="muted">You have not submitted a quote on this RFQ.</p>
      ) : (
        <>
          <TableFrame label="Revisions">
            <table>
              <thead>
                <tr>
                  <th>Revision</th>
                  <th>Received (UTC, exact)</th>
                  <th>Submitted by</th>
                  <th>Currency</th>
                  <th>Files</th>
                </tr>
              </thead>
              <tbody>
                {revisions.map((r) => (
                  <tr key={r.revision}>
                    <td>{r.revision}</td>
                    <td>
                      <time dateTime={r.receivedAt}>{r.receivedAt.replace("T", " ").replace("Z", " UTC")}</time>
                    </td>
                    <td>{r.submittedBy}</td>
                    <td>{r.currency}</td>
                    <td>
                      {r.files.length === 0 ? (
                        "—"
                      ) : (
                        <ul aria-label={`Files of revision ${r.revision}`}>
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
          <h2>Prices per revision</h2>
          {revisions.map((r) => (
            <TableFrame key={r.revision} label={`Prices of revision ${r.revision}`}>
              <table aria-label={`Prices of revision ${r.revision}`}>
                <caption>
                  Revision {r.revision}: total {formatMoney(r.prices.total, r.currency)}
                </caption>
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
                      Subtotal
                    </th>
                    <td className="num">{formatMoney(r.prices.subtotal, r.currency)}</td>
                  </tr>
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
          ))}
          {revisions.length > 1 ? (
            <section className="card">
              <h2>What changed</h2>
              <Form method="get" className="row">
                <div className="field">
                  <label htmlFor="from">From revision</label>
                  <select id="from" name="from" defaultValue={from ?? undefined}>
                    {revisions.map((r) => (
                      <option key={r.revision}>{r.revision}</option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="to">To revision</label>
                  <select id="to" name="to" defaultValue={to ?? undefined}>
                    {revisions.map((r) => (
                      <option key={r.revision}>{r.revision}</option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="secondary">
                  Compare revisions
                </button>
              </Form>
              {changes && changes.length > 0 ? (
                <TableFrame label={`Changes from revision ${from} to revision ${to}`}>
                  <table aria-label={`Changes from revision ${from} to revision ${to}`}>
                    <thead>
                      <tr>
                        <th>What</th>
                        <th>Revision {from}</th>
                        <th>Revision {to}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changes.map((c) => (
                        <tr key={c.what}>
                          <td>{c.what}</td>
                          <td>{c.from}</td>
                          <td>{c.to}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableFrame>
              ) : (
                <p className="muted">
                  No differences between revision {from} and revision {to}.
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
