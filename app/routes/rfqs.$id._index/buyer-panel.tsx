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
import { useI18n } from "~/i18n/react";
import { instantToZonedLocal } from "~/utils/time";

import { formatBytes } from "./files-panel";
import { refused, usePageReply } from "./page-reply";
import type { loader } from "./route";
import { Fold } from "~/components/form/fold";

type Reply = SubmissionResult<string[]> | undefined;

type Award = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["award"]>;

export function AwardPanel({ award }: { award: Award }) {
  const { t, format } = useI18n();
  const [params] = useSearchParams();
  return (
    <section className="card" aria-labelledby="award-pos-heading">
      {params.get("awarded") ? (
        <p className="banner ok" role="status">
          {t("The RFQ is awarded: {{count}} draft purchase orders were created.", {
            count: award.purchaseOrders.length,
          })}
        </p>
      ) : null}
      <h2 id="award-pos-heading">{t("Purchase orders from this award")}</h2>
      <ul aria-label={t("Purchase orders from this award")}>
        {award.purchaseOrders.map((po) => (
          <li key={po.id}>
            <Link to={`/pos/${po.id}`}>{po.number}</Link> · {po.supplierName} · {format.money(po.total, po.currency)}{" "}
            <StatusBadge status={po.status} />
          </li>
        ))}
      </ul>
      {award.justification ? (
        <dl className="facts">
          <dt>{t("Award justification")}</dt>
          <dd data-testid="award-justification">{award.justification}</dd>
        </dl>
      ) : null}
    </section>
  );
}

export function BuyerPanel() {
  const { t, format } = useI18n();
  const data = useLoaderData<typeof loader>();
  const { replyTo, busy } = usePageReply();
  // Composed for the buyer's side only; this narrows the page's data to that side's shape.
  if (data.supplierView) return null;
  const { rfq, invitations, quoteFiles, can, formToken } = data;
  return (
    <>
      <h2>{t("Invited suppliers")}</h2>
      <p className="hint">
        {t("Quotes stay sealed until the deadline: you see who answered, never a price, until the RFQ closes.")}
      </p>
      <TableFrame label={t("Invited suppliers")}>
        <table>
          <thead>
            <tr>
              <th>{t("Supplier")}</th>
              <th>{t("Status")}</th>
              <th>{t("Viewed")}</th>
              <th>{t("Answered")}</th>
              <th>{t("Reason for declining")}</th>
            </tr>
          </thead>
          <tbody>
            {(invitations ?? []).map((i) => (
              <tr key={i.id}>
                <td>{i.supplierName ?? i.invited_email}</td>
                <td>
                  <StatusBadge status={i.status} />
                </td>
                <td>{i.viewed_at ? format.instant(i.viewed_at) : "—"}</td>
                <td>{i.answered_at ? format.instant(i.answered_at) : "—"}</td>
                <td>{i.decline_reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      {can.invite ? (
        <Fold summary={t("Invite suppliers by email")} open={refused(replyTo("invite"))}>
          <InviteForm lastResult={replyTo("invite")} busy={busy} formToken={formToken} />
        </Fold>
      ) : null}
      {quoteFiles.length > 0 ? (
        <>
          <h2>{t("Files received with quotes")}</h2>
          <ul aria-label={t("Files received with quotes")}>
            {quoteFiles.map((f) => (
              <li key={f.id}>
                {t("{{supplier}}, revision {{revision}}:", { supplier: f.supplierName, revision: f.revision })}{" "}
                <a href={`/rfqs/${rfq.id}/quote/attachments/${f.id}`} download>
                  {f.filename}
                </a>{" "}
                <span className="hint">
                  {formatBytes(format, f.size_bytes)} · SHA-256 <code>{f.sha256.slice(0, 16)}…</code>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="actions">
        {can.questions ? (
          <Link className="button secondary" to={`/rfqs/${rfq.id}/questions`}>
            {t("Questions and answers")}
          </Link>
        ) : null}
        {can.compare ? (
          <Link className="button" to={`/rfqs/${rfq.id}/compare`}>
            {t("Compare quotes")}
          </Link>
        ) : null}
        {can.editDraft ? (
          <Link className="button secondary" to={`/rfqs/${rfq.id}/edit`}>
            {t("Edit draft")}
          </Link>
        ) : null}
        {can.publish ? (
          <VersionForm
            schema={publishRfqSchema}
            intent="publish"
            version={rfq.version}
            label={t("Publish RFQ")}
            lastResult={replyTo("publish")}
            busy={busy}
          />
        ) : null}
        {can.close ? (
          <VersionForm
            schema={closeRfqSchema}
            intent="close"
            version={rfq.version}
            label={t("Close RFQ")}
            lastResult={replyTo("close")}
            busy={busy}
          />
        ) : null}
      </div>
      {can.extendDeadline ? (
        <Fold summary={t("Extend the deadline")} open={refused(replyTo("extend"))}>
          <ExtendForm rfq={rfq} lastResult={replyTo("extend")} busy={busy} />
        </Fold>
      ) : null}
      {can.cancel ? (
        <FoldedReasonForm
          summary={t("Cancel this RFQ")}
          open={refused(replyTo("cancel"))}
          schema={cancelRfqSchema}
          intent="cancel"
          id="cancel-form"
          reasonId="reason"
          hidden={{ version: rfq.version }}
          label={t("Reason for cancelling")}
          hint={t("Invited suppliers are told why.")}
          submitLabel={t("Cancel RFQ")}
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
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(inviteByEmailSchema, { id: "invite-form", lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="invite" />
      <FormTokenField token={formToken} />
      <TextareaField
        field={fields.inviteEmails}
        id="inviteEmails"
        label={t("Email addresses")}
        hint={t("Suppliers not on Quotient yet, one per line: each gets a link to register and quote.")}
        rows={2}
      />
      <button type="submit" className="secondary" disabled={busy}>
        {t("Send invitations")}
      </button>
    </Form>
  );
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
/** The RFQ as the buying side sees it (the supplier side's shape has no version). */
type PageRfq = Extract<PageData, { supplierView: false }>["rfq"];

function ExtendForm({ rfq, lastResult, busy }: { rfq: PageRfq; lastResult: Reply; busy: boolean }) {
  const { t } = useI18n();
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
        label={t("New deadline ({{zone}})", { zone: rfq.deadline_time_zone })}
        hint={t("Invited suppliers are told, in Quotient and by mail unless they turned that off.")}
      />
      <button type="submit" disabled={busy}>
        {t("Extend deadline")}
      </button>
    </Form>
  );
}
