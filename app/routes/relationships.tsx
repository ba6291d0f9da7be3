/**
 * The supplier's relationships: buying organisations that asked to work
 * with it (accept or decline), those it declined (it may still accept), and
 * those it works with. A buyer learns the supplier's name only on accepting.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { ReasonForm } from "~/components/form/reason-form";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import {
  acceptRelationshipSchema,
  declineRelationshipSchema,
  relationshipDecisionSchema,
} from "~/models/sourcing/supplier-relationship.schema";
import {
  acceptSupplierRelationship,
  declineSupplierRelationship,
  listSupplierRelationships,
} from "~/models/sourcing/supplier-relationship.server";
import { type FormReply, readForm, replyWithError } from "~/utils/submission.server";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TOO_LARGE } from "~/models/shared/attachment.schema";
import { ATTACHMENT_EXTENSIONS } from "~/models/shared/attachments.server";
import { uploadDocumentSchema } from "~/models/sourcing/supplier-documents.schema";
import { customerDocuments, uploadSupplierDocument } from "~/models/sourcing/supplier-documents.server";
import { readUploadSubmission, uploadedFile } from "~/utils/upload.server";
import { FieldError, InputField, SelectField } from "~/components/form/fields";
import { StatusBadge } from "~/components/status-badge";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n, useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Buying organisations");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "accept", "SupplierRelationship");
  const [relationships, customers] = await Promise.all([listSupplierRelationships(ctx), customerDocuments(ctx)]);
  return {
    customers,
    attachmentTypes: ATTACHMENT_EXTENSIONS,
    requests: relationships.filter((r) => r.can.decline),
    declined: relationships.filter((r) => r.can.accept && !r.can.decline),
    working: relationships.filter((r) => !r.can.accept && !r.can.decline),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  // Refused before the form is read; each decision checks its own relationship again.
  requireAbility(ctx, "accept", "SupplierRelationship");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return upload(request, ctx);
  const parsed = await readForm(request, relationshipDecisionSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.value;
  try {
    if (input.intent === "accept") {
      await acceptSupplierRelationship(ctx, { id: input.id, version: input.version });
    } else {
      await declineSupplierRelationship(ctx, { id: input.id, version: input.version, reason: input.reason });
    }
    return { ok: input.intent, id: input.id };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

/** The one multipart form of the page: a document a customer asks for, with its expiry date. */
async function upload(request: Request, ctx: Awaited<ReturnType<typeof requireContext>>) {
  const parsed = await readUploadSubmission(request, uploadDocumentSchema, {
    maxBytes: ATTACHMENT_MAX_BYTES,
    tooLarge: ATTACHMENT_TOO_LARGE,
    intent: "attach",
  });
  if (!parsed.ok) return parsed.response;
  try {
    const file = await uploadedFile(parsed.value.attachment);
    await uploadSupplierDocument(ctx, {
      buyerOrgId: parsed.value.buyerOrgId,
      documentType: parsed.value.documentType,
      expiresOn: parsed.value.expiresOn,
      file,
    });
    return { ok: "upload" as const, id: parsed.value.buyerOrgId };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

type Relationship = SerializeFrom<typeof loader>["requests"][number];
type Customer = SerializeFrom<typeof loader>["customers"][number];

export default function Relationships() {
  const { requests, declined, working, customers, attachmentTypes } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: "accept" | "decline" | "upload"; id: string } | FormReply>();
  const reply = asReply(result);
  const busy = useNavigation().state !== "idle";
  const { t, format } = useI18n();
  return (
    <>
      <h1>{t("Buying organisations")}</h1>
      <p className="hint">
        {t(
          "A buying organisation that invites your address asks to work with you. Until you accept, it sees only the address it typed, never your organisation's name, and cannot send you purchase orders; its RFQs appear among your invitations once you accept.",
        )}
      </p>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {result.ok === "accept"
            ? t("Accepted. Its RFQs are now among your invitations.")
            : result.ok === "upload"
              ? t("Sent. The customer approves or rejects it; you are told which.")
              : t("Declined. It has been told and cannot ask again.")}
        </p>
      ) : null}

      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">{t("Asking to work with you")}</h2>
        {requests.length === 0 ? (
          <p className="card muted">{t("No organisation is waiting for your answer.")}</p>
        ) : (
          requests.map((r) => <Request key={r.id} relationship={r} reply={reply} busy={busy} declinable />)
        )}
      </section>

      {declined.length > 0 ? (
        <section aria-labelledby="declined-heading">
          <h2 id="declined-heading">{t("Declined")}</h2>
          {declined.map((r) => (
            <Request key={r.id} relationship={r} reply={reply} busy={busy} declinable={false} />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="working-heading">
        <h2 id="working-heading">{t("Working with you")}</h2>
        {working.length === 0 ? (
          <p className="card muted">{t("None yet.")}</p>
        ) : (
          <ul className="card">
            {working.map((r) => (
              <li key={r.id}>
                {r.buyerName}
                {r.decidedAt ? (
                  <span className="hint"> · {t("accepted {{at}}", { at: format.instant(r.decidedAt) })}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {customers.some((c) => c.requirements.length > 0) ? (
        <section aria-labelledby="documents-heading">
          <h2 id="documents-heading">{t("Documents your customers ask for")}</h2>
          <p className="hint">
            {t("Each customer sees only the documents you send it. You are mailed 30 and 7 days before one expires.")}
          </p>
          {customers
            .filter((c) => c.requirements.length > 0)
            .map((c) => (
              <CustomerDocuments
                key={c.buyerOrgId}
                customer={c}
                types={attachmentTypes}
                reply={reply?.initialValue?.buyerOrgId === c.buyerOrgId ? reply : undefined}
                busy={busy}
              />
            ))}
        </section>
      ) : null}
    </>
  );
}

const STATE_WORDS: Record<string, string> = {
  valid: msg("Approved"),
  expired: msg("Expired: send a new one"),
  submitted: msg("Sent, waiting for the customer"),
  rejected: msg("Rejected: send a new one"),
  missing: msg("Not sent yet"),
};

function CustomerDocuments({
  customer: c,
  types,
  reply,
  busy,
}: {
  customer: Customer;
  types: readonly string[];
  reply: FormReply | undefined;
  busy: boolean;
}) {
  const formId = `upload-${c.buyerOrgId}`;
  const { t, format } = useI18n();
  const [form, fields] = useSchemaForm(uploadDocumentSchema, { id: formId, lastResult: reply });
  const headingId = `customer-${c.buyerOrgId}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId} style={{ marginTop: 0 }}>
        {c.buyerName} <StatusBadge status={c.qualification} />
      </h3>
      <ul aria-label={t("Documents {{organisation}} asks for", { organisation: c.buyerName })}>
        {c.requirements.map((r) => (
          <li key={r.documentType}>
            {r.documentType}: {STATE_WORDS[r.state] ? t(STATE_WORDS[r.state]) : r.state}
            {r.expiresOn ? ` ${t("(valid until {{day}})", { day: format.date(r.expiresOn) })}` : ""}
          </li>
        ))}
      </ul>
      {c.rejections.map((d) => (
        <p key={d.id} className="hint">
          {t("{{document}} rejected: {{reason}}", { document: d.documentType, reason: d.reason })}
        </p>
      ))}
      <Form
        method="post"
        encType="multipart/form-data"
        id={form.id}
        onSubmit={form.onSubmit}
        noValidate
        className="stack"
      >
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="attach" />
        <input type="hidden" name="buyerOrgId" value={c.buyerOrgId} />
        <SelectField
          field={fields.documentType}
          id={`documentType-${c.buyerOrgId}`}
          label={t("Document")}
          options={c.requirements.map((r) => ({ value: r.documentType, label: r.documentType }))}
        />
        <InputField field={fields.expiresOn} id={`expiresOn-${c.buyerOrgId}`} label={t("Valid until")} type="date" />
        <div className="field">
          <label htmlFor={`attachment-${c.buyerOrgId}`}>{t("File")}</label>
          <span className="hint" id={`attachment-${c.buyerOrgId}-hint`}>
            {t("Up to {{max}}: {{types}}.", { max: t("10 MB"), types: types.join(", ") })}
          </span>
          <input
            type="file"
            id={`attachment-${c.buyerOrgId}`}
            name={fields.attachment.name}
            accept={types.map((type) => `.${type}`).join(",")}
            aria-describedby={`attachment-${c.buyerOrgId}-hint`}
            aria-invalid={fields.attachment.errors?.length ? true : undefined}
          />
          <FieldError id={`attachment-${c.buyerOrgId}`} errors={fields.attachment.errors} />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("Send document to {{organisation}}", { organisation: c.buyerName })}
          </button>
        </div>
      </Form>
    </article>
  );
}

function Request({
  relationship: r,
  reply,
  busy,
  declinable,
}: {
  relationship: Relationship;
  reply: FormReply | undefined;
  busy: boolean;
  declinable: boolean;
}) {
  // Several requests share the page: only the one whose id was answered shows the reply.
  const mine = reply?.initialValue?.id === r.id ? reply : undefined;
  const headingId = `request-${r.id}`;
  const { t, format } = useI18n();
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId} style={{ marginTop: 0 }}>
        {r.buyerName}
      </h3>
      <p className="hint">
        {t("Asked {{at}}", { at: format.instant(r.requestedAt) })}
        {r.contactEmail ? ` · ${t("invited {{email}}", { email: r.contactEmail })}` : ""}
        {r.decidedAt && !declinable ? ` · ${t("declined {{at}}", { at: format.instant(r.decidedAt) })}` : ""}
      </p>
      {r.declineReason ? <p>{t("Your reason: {{reason}}", { reason: r.declineReason })}</p> : null}
      {r.rfqs.length > 0 ? (
        <>
          <p>{t("Waiting for you once you accept:")}</p>
          <ul>
            {r.rfqs.map((rfq) => (
              <li key={rfq.id}>
                {rfq.title} <span className="hint">({rfq.reference})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.can.accept ? (
        <AcceptForm
          relationship={r}
          lastResult={mine?.initialValue?.intent === "accept" ? mine : undefined}
          busy={busy}
        />
      ) : null}
      {r.can.decline ? (
        <details>
          <summary>{t("Decline {{organisation}}", { organisation: r.buyerName })}</summary>
          <ReasonForm
            schema={declineRelationshipSchema}
            intent="decline"
            id={`decline-${r.id}`}
            reasonId={`decline-reason-${r.id}`}
            hidden={{ id: r.id, version: r.version }}
            label={t("Reason (optional, the organisation is told)")}
            submitLabel={t("Decline {{organisation}}", { organisation: r.buyerName })}
            danger
            busy={busy}
            lastResult={mine}
          />
        </details>
      ) : null}
      {r.rfqs.length > 0 && !r.can.accept ? (
        <p>
          <Link to="/rfqs">{t("Open your invitations")}</Link>
        </p>
      ) : null}
    </article>
  );
}

function AcceptForm({
  relationship: r,
  lastResult,
  busy,
}: {
  relationship: Relationship;
  lastResult: FormReply | undefined;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [form] = useSchemaForm(acceptRelationshipSchema, { id: `accept-${r.id}`, lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="accept" />
      <input type="hidden" name="id" value={r.id} />
      <input type="hidden" name="version" value={r.version} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("Accept {{organisation}}", { organisation: r.buyerName })}
        </button>
      </div>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
