/**
 * The buying organisation's side of the RFQ: who was invited and where each
 * stands, inviting more, the files received with quotes, and the RFQ's own
 * actions (edit, publish, close, extend, cancel); and the award's result.
 */
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { Field, invalidProps } from "~/components/field";
import { usePageAction } from "~/components/page-action";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import { formatMoney } from "~/utils/money";
import { formatInstant, instantToZonedLocal } from "~/utils/time";

import { formatBytes } from "./files-panel";
import type { loader } from "./route";

type Award = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["award"]>;

export function AwardPanel({ award }: { award: Award }) {
  const [params] = useSearchParams();
  return (
    <section className="card" aria-labelledby="award-pos-heading">
      {params.get("awarded") ? (
        <p className="banner ok" role="status">
          The RFQ is awarded: {award.purchaseOrders.length} draft purchase orders were created.
        </p>
      ) : null}
      <h2 id="award-pos-heading">Purchase orders from this award</h2>
      <ul aria-label="Purchase orders from this award">
        {award.purchaseOrders.map((po) => (
          <li key={po.id}>
            <Link to={`/pos/${po.id}`}>{po.number}</Link> · {po.supplierName} · {formatMoney(po.total, po.currency)}{" "}
            <StatusBadge status={po.status} />
          </li>
        ))}
      </ul>
      {award.justification ? (
        <dl className="facts">
          <dt>Award justification</dt>
          <dd data-testid="award-justification">{award.justification}</dd>
        </dl>
      ) : null}
    </section>
  );
}

export function BuyerPanel() {
  const data = useLoaderData<typeof loader>();
  const { errors, typedText, busy } = usePageAction();
  // Composed for the buyer's side only; this narrows the page's data to that side's shape.
  if (data.supplierView) return null;
  const { rfq, invitations, quoteFiles, can } = data;
  return (
    <>
      <h2>Invited suppliers</h2>
      <p className="hint">
        Quotes stay sealed until the deadline: you see who answered, never a price, until the RFQ closes.
      </p>
      <TableFrame label="Invited suppliers">
        <table>
          <thead>
            <tr>
              <th>Supplier</th>
              <th>Status</th>
              <th>Viewed</th>
              <th>Answered</th>
              <th>Reason for declining</th>
            </tr>
          </thead>
          <tbody>
            {(invitations ?? []).map((i) => (
              <tr key={i.id}>
                <td>{i.supplierName ?? i.invited_email}</td>
                <td>
                  <StatusBadge status={i.status} />
                </td>
                <td>{i.viewed_at ? formatInstant(i.viewed_at) : "—"}</td>
                <td>{i.answered_at ? formatInstant(i.answered_at) : "—"}</td>
                <td>{i.decline_reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      {can.invite ? (
        <details className="card" open={Boolean(errors.inviteEmails)}>
          <summary>Invite suppliers by email</summary>
          <Form method="post" className="stack">
            <Field
              id="inviteEmails"
              label="Email addresses"
              error={errors.inviteEmails}
              hint="Suppliers not on Quotient yet, one per line: each gets a link to register and quote."
            >
              <textarea
                id="inviteEmails"
                name="inviteEmails"
                rows={2}
                defaultValue={typedText("inviteEmails") ?? ""}
                {...invalidProps("inviteEmails", errors.inviteEmails)}
              />
            </Field>
            <button type="submit" name="intent" value="invite" className="secondary" disabled={busy}>
              Send invitations
            </button>
          </Form>
        </details>
      ) : null}
      {quoteFiles.length > 0 ? (
        <>
          <h2>Files received with quotes</h2>
          <ul aria-label="Files received with quotes">
            {quoteFiles.map((f) => (
              <li key={f.id}>
                {f.supplierName}, revision {f.revision}:{" "}
                <a href={`/rfqs/${rfq.id}/quote/attachments/${f.id}`} download>
                  {f.filename}
                </a>{" "}
                <span className="hint">
                  {formatBytes(f.size_bytes)} · SHA-256 <code>{f.sha256.slice(0, 16)}…</code>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="actions">
        {can.questions ? (
          <Link className="button secondary" to={`/rfqs/${rfq.id}/questions`}>
            Questions and answers
          </Link>
        ) : null}
        {can.compare ? (
          <Link className="button" to={`/rfqs/${rfq.id}/compare`}>
            Compare quotes
          </Link>
        ) : null}
        {can.editDraft ? (
          <Link className="button secondary" to={`/rfqs/${rfq.id}/edit`}>
            Edit draft
          </Link>
        ) : null}
        {can.publish ? (
          <Form method="post">
            <input type="hidden" name="version" value={rfq.version} />
            <button type="submit" name="intent" value="publish" disabled={busy}>
              Publish RFQ
            </button>
          </Form>
        ) : null}
        {can.close ? (
          <Form method="post">
            <input type="hidden" name="version" value={rfq.version} />
            <button type="submit" name="intent" value="close" disabled={busy}>
              Close RFQ
            </button>
          </Form>
        ) : null}
      </div>
      {can.extendDeadline ? (
        <details className="card" open={Boolean(errors.newDeadline)}>
          <summary>Extend the deadline</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={rfq.version} />
            <Field
              id="newDeadline"
              label={`New deadline (${rfq.deadline_time_zone})`}
              error={errors.newDeadline}
              hint="Invited suppliers are told by mail."
            >
              <input
                id="newDeadline"
                name="newDeadline"
                type="datetime-local"
                defaultValue={
                  typedText("newDeadline") ?? instantToZonedLocal(new Date(rfq.deadline), rfq.deadline_time_zone)
                }
                {...invalidProps("newDeadline", errors.newDeadline)}
              />
            </Field>
            <button type="submit" name="intent" value="extend" disabled={busy}>
              Extend deadline
            </button>
          </Form>
        </details>
      ) : null}
      {can.cancel ? (
        <details className="card" open={Boolean(errors.reason)}>
          <summary>Cancel this RFQ</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={rfq.version} />
            <Field id="reason" label="Reason for cancelling" error={errors.reason}>
              <textarea
                id="reason"
                name="reason"
                rows={2}
                defaultValue={typedText("reason") ?? ""}
                {...invalidProps("reason", errors.reason)}
              />
            </Field>
            <button type="submit" name="intent" value="cancel" className="danger" disabled={busy}>
              Cancel RFQ
            </button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
