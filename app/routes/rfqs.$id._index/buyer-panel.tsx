/**
 * The buying organisation's side of the RFQ: who was invited and where each
 * stands, inviting more, the files received with quotes, and the RFQ's own
 * actions (edit, publish, close, extend, cancel); and the award's result.
 */
import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { InputField, TextareaField } from "~/components/form/fields";
import { FormTokenField } from "~/components/form/form-token-field";
import { FoldedReasonForm } from "~/components/form/reason-form";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import {
  cancelRfqSchema,
  closeRfqSchema,
  extendDeadlineSchema,
  inviteByEmailSchema,
  publishRfqSchema,
} from "~/models/sourcing/rfq.schema";
import { formatMoney } from "~/utils/money";
import { formatInstant, instantToZonedLocal } from "~/utils/time";

import { formatBytes } from "./files-panel";
import { refused, usePageReply } from "./page-reply";
import type { loader } from "./route";
import { Fold } from "~/components/form/fold";

type Reply = SubmissionResult<string[]> | undefined;

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
  const { replyTo, busy } = usePageReply();
  // Composed for the buyer's side only; this narrows the page's data to that side's shape.
  if (data.supplierView) return null;
  const { rfq, invitations, quoteFiles, can, formToken } = data;
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
        <Fold summary="Invite suppliers by email" open={refused(replyTo("invite"))}>
          <InviteForm lastResult={replyTo("invite")} busy={busy} formToken={formToken} />
        </Fold>
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
          <VersionForm
            schema={publishRfqSchema}
            intent="publish"
            version={rfq.version}
            label="Publish RFQ"
            lastResult={replyTo("publish")}
            busy={busy}
          />
        ) : null}
        {can.close ? (
          <VersionForm
            schema={closeRfqSchema}
            intent="close"
            version={rfq.version}
            label="Close RFQ"
            lastResult={replyTo("close")}
            busy={busy}
          />
        ) : null}
      </div>
      {can.extendDeadline ? (
        <Fold summary="Extend the deadline" open={refused(replyTo("extend"))}>
          <ExtendForm rfq={rfq} lastResult={replyTo("extend")} busy={busy} />
        </Fold>
      ) : null}
      {can.cancel ? (
        <FoldedReasonForm
          summary="Cancel this RFQ"
          open={refused(replyTo("cancel"))}
          schema={cancelRfqSchema}
          intent="cancel"
          id="cancel-form"
          reasonId="reason"
          hidden={{ version: rfq.version }}
          label="Reason for cancelling"
          hint="Invited suppliers are told why."
          submitLabel="Cancel RFQ"
          danger
          busy={busy}
          lastResult={replyTo("cancel")}
        />
      ) : null}
    </>
  );
}

/** A one-button state change carrying the version the buyer saw; a stale one is refused above the button. */
function VersionForm({
  schema,
  intent,
  version,
  label,
  lastResult,
  busy,
}: {
  schema: typeof publishRfqSchema | typeof closeRfqSchema;
  intent: "publish" | "close";
  version: number;
  label: string;
  lastResult: Reply;
  busy: boolean;
}) {
  const [form] = useSchemaForm(schema, { id: `${intent}-form`, lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <button type="submit" disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

function InviteForm({ lastResult, busy, formToken }: { lastResult: Reply; busy: boolean; formToken: string }) {
  const [form, fields] = useSchemaForm(inviteByEmailSchema, { id: "invite-form", lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="invite" />
      <FormTokenField token={formToken} />
      <TextareaField
        field={fields.inviteEmails}
        id="inviteEmails"
        label="Email addresses"
        hint="Suppliers not on Quotient yet, one per line: each gets a link to register and quote."
        rows={2}
      />
      <button type="submit" className="secondary" disabled={busy}>
        Send invitations
      </button>
    </Form>
  );
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
/** The RFQ as the buying side sees it (the supplier side's shape has no version). */
type PageRfq = Extract<PageData, { supplierView: false }>["rfq"];

function ExtendForm({ rfq, lastResult, busy }: { rfq: PageRfq; lastResult: Reply; busy: boolean }) {
  const [form, fields] = useSchemaForm(extendDeadlineSchema, {
    id: "extend-form",
    lastResult,
    defaultValue: { newDeadline: instantToZonedLocal(new Date(rfq.deadline), rfq.deadline_time_zone) },
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="extend" />
      <input type="hidden" name="version" value={rfq.version} />
      <InputField
        field={fields.newDeadline}
        id="newDeadline"
        type="datetime-local"
        label={`New deadline (${rfq.deadline_time_zone})`}
        hint="Invited suppliers are told, in Quotient and by mail unless they turned that off."
      />
      <button type="submit" disabled={busy}>
        Extend deadline
      </button>
    </Form>
  );
}
