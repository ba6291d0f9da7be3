/**
 * One supplier of the buying organisation: who it is (once it accepted),
 * its people, categories and documents, the RFQs, quotes, POs and invoices
 * between them, and the qualification: approve, suspend, lift, block (with
 * a reason), and for an admin lift a block, with the history of each move.
 * The documents it sent are approved or rejected here. One action,
 * dispatching on `intent`. :id is the supplier organisation's id; another
 * organisation's supplier is a 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { Fact } from "~/components/facts";
import { ErrorSummary } from "~/components/form/error-summary";
import { ReasonForm } from "~/components/form/reason-form";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { StatusBadge, useStatusWord } from "~/components/status-badge";
import {
  approveDocumentSchema,
  approveSupplierSchema,
  blockSupplierSchema,
  liftSupplierSchema,
  rejectDocumentSchema,
  suspendSupplierSchema,
  unblockSupplierSchema,
} from "~/models/sourcing/supplier-documents.schema";
import { decideSupplierDocument } from "~/models/sourcing/supplier-documents.server";
import { getSupplierPage, loadSupplierFor } from "~/models/sourcing/supplier-list.server";
import { qualifySupplier } from "~/models/sourcing/supplier-qualification.server";
import { msg, translated } from "~/i18n/config";
import { useI18n, useTranslation } from "~/i18n/react";
import { translatorFor } from "~/i18n/translator";
import { standingMessage } from "~/models/shared/supplier-standing.server";
import { requireId } from "~/utils/http.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const t = translatorFor(root?.locale);
  return [{ title: `${data?.supplier.name ?? t("Supplier")} · ${t("Suppliers")} · ${t("Quotient")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const page = await getSupplierPage(ctx, { supplierOrgId: requireId(params.id, "No such supplier.") });
  const rel = page.relationship;
  // The same rule as the page's model, as a message the viewer reads in their own words.
  const unavailable = standingMessage({
    status: rel.consent,
    qualification_status: rel.qualification,
    qualification_reason: rel.qualificationReason,
  });
  return { ...page, unavailable };
}

const actionSchema = z.discriminatedUnion("intent", [
  approveSupplierSchema,
  liftSupplierSchema,
  suspendSupplierSchema,
  blockSupplierSchema,
  unblockSupplierSchema,
  approveDocumentSchema,
  rejectDocumentSchema,
]);

const DONE: Record<z.infer<typeof actionSchema>["intent"], string> = {
  approve: msg("Approved. The supplier can now be invited, awarded and ordered from."),
  lift: msg("The suspension is lifted."),
  suspend: msg("Suspended. It cannot be invited, awarded or ordered from until the suspension is lifted."),
  block: msg("Blocked. Only an admin can lift the block."),
  unblock: msg("The block is lifted. The supplier is pending qualification again."),
  approveDocument: msg("The document is approved."),
  rejectDocument: msg("The document is rejected; the supplier is told why."),
};

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const supplierOrgId = requireId(params.id, "No such supplier.");
  // Refused before the form is read: another organisation's supplier is a 404, a reader who may not judge a 403.
  await loadSupplierFor(ctx, supplierOrgId, "qualify");
  const parsed = await readForm(request, actionSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.value;
  try {
    if (input.intent === "approveDocument") {
      await decideSupplierDocument(ctx, { supplierOrgId, documentId: input.documentId, decision: "approve" });
    } else if (input.intent === "rejectDocument") {
      await decideSupplierDocument(ctx, {
        supplierOrgId,
        documentId: input.documentId,
        decision: "reject",
        reason: input.reason,
      });
    } else {
      await qualifySupplier(ctx, { supplierOrgId, ...input });
    }
    return { ok: input.intent, message: DONE[input.intent] };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const REQUIREMENT_WORDS: Record<string, string> = {
  valid: msg("Approved"),
  expired: msg("Expired"),
  submitted: msg("Waiting for your decision"),
  rejected: msg("Rejected"),
  missing: msg("Not sent yet"),
};

/** What happened, by the audit event's code; an unknown code shows as it is. */
const EVENT_WORDS: Record<string, string> = {
  APPROVE: msg("approve"),
  REJECT: msg("reject"),
  SUSPEND: msg("suspend"),
  LIFT: msg("lift"),
  REINSTATE: msg("reinstate"),
  BLOCK: msg("block"),
  UNBLOCK: msg("unblock"),
  UPLOAD: msg("upload"),
  REQUEST: msg("request"),
  ACCEPT: msg("accept"),
  DECLINE: msg("decline"),
  REQUIRE: msg("require"),
  REMOVE: msg("remove"),
  INVITE: msg("invite"),
};

export default function SupplierPage() {
  const data = useLoaderData<typeof loader>();
  const { supplier, relationship: rel } = data;
  const result = useActionData<{ ok: string; message: string } | FormReply>();
  const reply = asReply(result);
  const busy = useNavigation().state !== "idle";
  const { t, format } = useI18n();
  const statusWord = useStatusWord();
  return (
    <div className="supplier-page">
      <p className="muted">
        <Link to="/suppliers">{t("Suppliers")}</Link>
      </p>
      <h1>{supplier.name}</h1>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {t(result.message)}
        </p>
      ) : null}
      <p>
        <Link to={`/suppliers/${supplier.id}/scorecard`}>{t("Scorecard")}</Link>
      </p>

      <section className="card" aria-labelledby="qualification-heading">
        <h2 id="qualification-heading">{t("Qualification")}</h2>
        <dl className="facts">
          <Fact label={t("Qualification")}>
            <StatusBadge status={rel.qualification} />
          </Fact>
          <Fact label={t("Reason")}>{rel.qualificationReason}</Fact>
          <Fact label={t("Answer to your invitation")}>
            {supplier.accepted ? t("Accepted") : statusWord(rel.consent)}
          </Fact>
          <Fact label={t("Invited address")}>{rel.contactEmail}</Fact>
          <Fact label={t("Country")}>{supplier.country ? format.country(supplier.country) : null}</Fact>
          <Fact label={t("Tax ID")}>{supplier.taxId}</Fact>
          <Fact label={t("Categories")}>{rel.categories.length > 0 ? rel.categories.join(", ") : t("none")}</Fact>
          <Fact label={t("On your list since")}>{format.instant(rel.since)}</Fact>
        </dl>
        {data.unavailable ? (
          <p>
            <strong>{t("Cannot be invited, awarded or ordered from:")}</strong> {translated(t, data.unavailable)}
          </p>
        ) : (
          <p>{t("Can be invited to RFQs, awarded and sent purchase orders.")}</p>
        )}
        <QualificationActions data={data} reply={reply} busy={busy} />
      </section>

      <section className="card" aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t("Documents")}</h2>
        {data.documents.requirements.length === 0 ? (
          <p className="muted">
            {t("Its categories require no documents.")}{" "}
            <Link to="/settings/supplier-documents">{t("Set required documents")}</Link>
          </p>
        ) : (
          <ul aria-label={t("Required documents")}>
            {data.documents.requirements.map((r) => (
              <li key={r.documentType}>
                {r.documentType}: {REQUIREMENT_WORDS[r.state] ? t(REQUIREMENT_WORDS[r.state]) : r.state}
                {r.expiresOn ? ` ${t("(valid until {{day}})", { day: format.date(r.expiresOn) })}` : ""}
              </li>
            ))}
          </ul>
        )}
        {data.documents.documents.map((d) => (
          <article
            key={d.id}
            className="card"
            aria-label={t("{{document}}, sent {{at}}", { document: d.documentType, at: format.instant(d.uploadedAt) })}
          >
            <h3 style={{ marginTop: 0 }}>{d.documentType}</h3>
            <p>
              <StatusBadge status={d.status} /> {t("Valid until {{day}}", { day: format.date(d.expiresOn) })}
              {d.expired ? ` ${t("(expired)")}` : ""} · {t("sent {{at}}", { at: format.instant(d.uploadedAt) })}
            </p>
            {d.rejectReason ? <p>{t("Reason: {{reason}}", { reason: d.rejectReason })}</p> : null}
            {d.filename ? (
              <p>
                <a href={`/suppliers/${supplier.id}/documents/${d.id}`}>
                  {t("Download {{file}}", { file: d.filename })}
                </a>
              </p>
            ) : null}
            {d.decidable ? (
              <DocumentDecision documentId={d.id} documentType={d.documentType} reply={reply} busy={busy} />
            ) : null}
          </article>
        ))}
      </section>

      {supplier.accepted ? (
        <section className="card" aria-labelledby="contacts-heading">
          <h2 id="contacts-heading">{t("Contacts")}</h2>
          {data.contacts.length === 0 ? <p className="muted">{t("No active people.")}</p> : null}
          <ul>
            {data.contacts.map((c) => (
              <li key={c.id}>
                {c.name} · <a href={`mailto:${c.email}`}>{c.email}</a>
              </li>
            ))}
          </ul>
          {supplier.address ? <p style={{ whiteSpace: "pre-line" }}>{supplier.address}</p> : null}
        </section>
      ) : null}

      <LinkCard
        id="rfqs"
        title={t("RFQs invited to")}
        items={data.rfqs.map((r) => ({
          id: r.id,
          to: `/rfqs/${r.id}`,
          label: `${r.reference} ${r.title}`,
          status: r.status,
        }))}
      />
      <LinkCard
        id="quotes"
        title={t("Quotes")}
        items={data.quotes.map((q) => ({
          id: q.id,
          to: `/rfqs/${q.rfqId}`,
          label: `${q.reference} ${q.title}`,
          status: q.status,
        }))}
      />
      <LinkCard
        id="pos"
        title={t("Purchase orders")}
        items={data.pos.map((p) => ({
          id: p.id,
          to: `/pos/${p.id}`,
          label: `${p.number} · ${format.money(p.total, p.currency)}`,
          status: p.status,
        }))}
      />
      <LinkCard
        id="invoices"
        title={t("Invoices")}
        items={data.invoices.map((i) => ({
          id: i.id,
          to: `/invoices/${i.id}`,
          label: `${i.number} · ${format.money(i.total, i.currency)}`,
          status: i.status,
        }))}
      />

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t("History")}</h2>
        {data.history.length === 0 ? <p className="muted">{t("Nothing yet.")}</p> : null}
        <ol aria-label={t("Qualification history")}>
          {data.history.map((h) => (
            <li key={h.id}>
              {format.instant(h.at)} · {h.by ?? t("Quotient")}:{" "}
              {EVENT_WORDS[h.event] ? t(EVENT_WORDS[h.event]) : h.event.toLowerCase().replace(/_/g, " ")}
              {h.documentType ? ` ${h.documentType}` : ""}
              {h.from && h.to && h.from !== h.to ? ` (${statusWord(h.from)} → ${statusWord(h.to)})` : ""}
              {h.reason ? ` · ${h.reason}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

function QualificationActions({ data, reply, busy }: { data: PageData; reply: FormReply | undefined; busy: boolean }) {
  const { can, relationship: rel, supplier } = data;
  const hidden = { version: rel.version };
  const { t } = useTranslation();
  return (
    <div className="stack">
      {can.approve ? (
        <SimpleForm schema={approveSupplierSchema} intent="approve" version={rel.version} reply={reply} busy={busy}>
          {t("Approve {{name}}", { name: supplier.name })}
        </SimpleForm>
      ) : null}
      {can.lift ? (
        <SimpleForm schema={liftSupplierSchema} intent="lift" version={rel.version} reply={reply} busy={busy}>
          {t("Lift the suspension")}
        </SimpleForm>
      ) : null}
      {can.suspend ? (
        <details>
          <summary>{t("Suspend")}</summary>
          <ReasonForm
            schema={suspendSupplierSchema}
            intent="suspend"
            id="suspend-form"
            reasonId="suspend-reason"
            hidden={hidden}
            label={t("Why suspend (the supplier is told)")}
            submitLabel={t("Suspend supplier")}
            danger
            busy={busy}
            lastResult={reply}
          />
        </details>
      ) : null}
      {can.block ? (
        <details>
          <summary>{t("Block")}</summary>
          <ReasonForm
            schema={blockSupplierSchema}
            intent="block"
            id="block-form"
            reasonId="block-reason"
            hidden={hidden}
            label={t("Why block (the supplier is told)")}
            hint={t("Only an admin can lift a block.")}
            submitLabel={t("Block supplier")}
            danger
            busy={busy}
            lastResult={reply}
          />
        </details>
      ) : null}
      {can.unblock ? (
        <details>
          <summary>{t("Lift the block")}</summary>
          <ReasonForm
            schema={unblockSupplierSchema}
            intent="unblock"
            id="unblock-form"
            reasonId="unblock-reason"
            hidden={hidden}
            label={t("Why lift the block")}
            hint={t("The supplier is pending again: approve it before it can be chosen.")}
            submitLabel={t("Lift the block")}
            busy={busy}
            lastResult={reply}
          />
        </details>
      ) : null}
    </div>
  );
}

function SimpleForm({
  schema,
  intent,
  version,
  reply,
  busy,
  children,
}: {
  schema: z.ZodType<Record<string, unknown>>;
  intent: string;
  version: number;
  reply: FormReply | undefined;
  busy: boolean;
  children: string;
}) {
  const answered = reply?.initialValue?.intent === intent ? reply : undefined;
  const [form] = useSchemaForm(schema, { id: `${intent}-form`, lastResult: answered });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {children}
        </button>
      </div>
    </Form>
  );
}

function DocumentDecision({
  documentId,
  documentType,
  reply,
  busy,
}: {
  documentId: string;
  documentType: string;
  reply: FormReply | undefined;
  busy: boolean;
}) {
  // Several documents share the page: only the one whose id was answered shows the reply.
  const mine = reply?.initialValue?.documentId === documentId ? reply : undefined;
  const answered = mine?.initialValue?.intent === "approveDocument" ? mine : undefined;
  const [form] = useSchemaForm(approveDocumentSchema, { id: `approve-${documentId}`, lastResult: answered });
  const { t } = useTranslation();
  return (
    <>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="approveDocument" />
        <input type="hidden" name="documentId" value={documentId} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("Approve {{name}}", { name: documentType })}
          </button>
        </div>
      </Form>
      <details>
        <summary>{t("Reject {{name}}", { name: documentType })}</summary>
        <ReasonForm
          schema={rejectDocumentSchema}
          intent="rejectDocument"
          id={`reject-${documentId}`}
          reasonId={`reject-reason-${documentId}`}
          hidden={{ documentId }}
          label={t("Why reject (the supplier is told)")}
          submitLabel={t("Reject {{name}}", { name: documentType })}
          danger
          busy={busy}
          lastResult={mine}
        />
      </details>
    </>
  );
}

/** A card of the records between the organisation and this supplier, each linked with its status. */
function LinkCard({
  id,
  title,
  items,
}: {
  id: string;
  title: string;
  items: { id: string; to: string; label: string; status: string }[];
}) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">{t("None yet.")}</p>
      ) : (
        <ul>
          {items.map((i) => (
            <li key={i.id}>
              <Link to={i.to}>{i.label}</Link> <StatusBadge status={i.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
