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
import { StatusBadge } from "~/components/status-badge";
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
import { requireId } from "~/utils/http.server";
import { formatMoney } from "~/utils/money";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.supplier.name ?? "Supplier"} · Suppliers · Quotient` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  return getSupplierPage(ctx, { supplierOrgId: requireId(params.id, "No such supplier.") });
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
  approve: "Approved. The supplier can now be invited, awarded and ordered from.",
  lift: "The suspension is lifted.",
  suspend: "Suspended. It cannot be invited, awarded or ordered from until the suspension is lifted.",
  block: "Blocked. Only an admin can lift the block.",
  unblock: "The block is lifted. The supplier is pending qualification again.",
  approveDocument: "The document is approved.",
  rejectDocument: "The document is rejected; the supplier is told why.",
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
  valid: "Approved",
  expired: "Expired",
  submitted: "Waiting for your decision",
  rejected: "Rejected",
  missing: "Not sent yet",
};

export default function SupplierPage() {
  const data = useLoaderData<typeof loader>();
  const { supplier, relationship: rel } = data;
  const result = useActionData<{ ok: string; message: string } | FormReply>();
  const reply = asReply(result);
  const busy = useNavigation().state !== "idle";
  return (
    <div className="supplier-page">
      <p className="muted">
        <Link to="/suppliers">Suppliers</Link>
      </p>
      <h1>{supplier.name}</h1>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {result.message}
        </p>
      ) : null}
      <p>
        <Link to={`/suppliers/${supplier.id}/scorecard`}>Scorecard</Link>
      </p>

      <section className="card" aria-labelledby="qualification-heading">
        <h2 id="qualification-heading">Qualification</h2>
        <dl className="facts">
          <Fact label="Qualification">
            <StatusBadge status={rel.qualification} />
          </Fact>
          <Fact label="Reason">{rel.qualificationReason}</Fact>
          <Fact label="Answer to your invitation">{supplier.accepted ? "Accepted" : rel.consent}</Fact>
          <Fact label="Invited address">{rel.contactEmail}</Fact>
          <Fact label="Country">{supplier.country}</Fact>
          <Fact label="Tax ID">{supplier.taxId}</Fact>
          <Fact label="Categories">{rel.categories.length > 0 ? rel.categories.join(", ") : "none"}</Fact>
          <Fact label="On your list since">{formatInstant(rel.since)}</Fact>
        </dl>
        {data.unavailable ? (
          <p>
            <strong>Cannot be invited, awarded or ordered from:</strong> {data.unavailable}
          </p>
        ) : (
          <p>Can be invited to RFQs, awarded and sent purchase orders.</p>
        )}
        <QualificationActions data={data} reply={reply} busy={busy} />
      </section>

      <section className="card" aria-labelledby="documents-heading">
        <h2 id="documents-heading">Documents</h2>
        {data.documents.requirements.length === 0 ? (
          <p className="muted">
            Its categories require no documents. <Link to="/settings/supplier-documents">Set required documents</Link>
          </p>
        ) : (
          <ul aria-label="Required documents">
            {data.documents.requirements.map((r) => (
              <li key={r.documentType}>
                {r.documentType}: {REQUIREMENT_WORDS[r.state]}
                {r.expiresOn ? ` (valid until ${r.expiresOn})` : ""}
              </li>
            ))}
          </ul>
        )}
        {data.documents.documents.map((d) => (
          <article key={d.id} className="card" aria-label={`${d.documentType}, sent ${formatInstant(d.uploadedAt)}`}>
            <h3 style={{ marginTop: 0 }}>{d.documentType}</h3>
            <p>
              <StatusBadge status={d.status} /> Valid until {d.expiresOn}
              {d.expired ? " (expired)" : ""} · sent {formatInstant(d.uploadedAt)}
            </p>
            {d.rejectReason ? <p>Reason: {d.rejectReason}</p> : null}
            {d.filename ? (
              <p>
                <a href={`/suppliers/${supplier.id}/documents/${d.id}`}>Download {d.filename}</a>
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
          <h2 id="contacts-heading">Contacts</h2>
          {data.contacts.length === 0 ? <p className="muted">No active people.</p> : null}
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
        title="RFQs invited to"
        items={data.rfqs.map((r) => ({
          id: r.id,
          to: `/rfqs/${r.id}`,
          label: `${r.reference} ${r.title}`,
          status: r.status,
        }))}
      />
      <LinkCard
        id="quotes"
        title="Quotes"
        items={data.quotes.map((q) => ({
          id: q.id,
          to: `/rfqs/${q.rfqId}`,
          label: `${q.reference} ${q.title}`,
          status: q.status,
        }))}
      />
      <LinkCard
        id="pos"
        title="Purchase orders"
        items={data.pos.map((p) => ({
          id: p.id,
          to: `/pos/${p.id}`,
          label: `${p.number} · ${formatMoney(p.total, p.currency)}`,
          status: p.status,
        }))}
      />
      <LinkCard
        id="invoices"
        title="Invoices"
        items={data.invoices.map((i) => ({
          id: i.id,
          to: `/invoices/${i.id}`,
          label: `${i.number} · ${formatMoney(i.total, i.currency)}`,
          status: i.status,
        }))}
      />

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {data.history.length === 0 ? <p className="muted">Nothing yet.</p> : null}
        <ol aria-label="Qualification history">
          {data.history.map((h) => (
            <li key={h.id}>
              {formatInstant(h.at)} · {h.by ?? "Quotient"}: {h.event.toLowerCase().replace(/_/g, " ")}
              {h.documentType ? ` ${h.documentType}` : ""}
              {h.from && h.to && h.from !== h.to ? ` (${h.from} → ${h.to})` : ""}
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
  return (
    <div className="stack">
      {can.approve ? (
        <SimpleForm schema={approveSupplierSchema} intent="approve" version={rel.version} reply={reply} busy={busy}>
          {`Approve ${supplier.name}`}
        </SimpleForm>
      ) : null}
      {can.lift ? (
        <SimpleForm schema={liftSupplierSchema} intent="lift" version={rel.version} reply={reply} busy={busy}>
          Lift the suspension
        </SimpleForm>
      ) : null}
      {can.suspend ? (
        <details>
          <summary>Suspend</summary>
          <ReasonForm
            schema={suspendSupplierSchema}
            intent="suspend"
            id="suspend-form"
            reasonId="suspend-reason"
            hidden={hidden}
            label="Why suspend (the supplier is told)"
            submitLabel="Suspend supplier"
            danger
            busy={busy}
            lastResult={reply}
          />
        </details>
      ) : null}
      {can.block ? (
        <details>
          <summary>Block</summary>
          <ReasonForm
            schema={blockSupplierSchema}
            intent="block"
            id="block-form"
            reasonId="block-reason"
            hidden={hidden}
            label="Why block (the supplier is told)"
            hint="Only an admin can lift a block."
            submitLabel="Block supplier"
            danger
            busy={busy}
            lastResult={reply}
          />
        </details>
      ) : null}
      {can.unblock ? (
        <details>
          <summary>Lift the block</summary>
          <ReasonForm
            schema={unblockSupplierSchema}
            intent="unblock"
            id="unblock-form"
            reasonId="unblock-reason"
            hidden={hidden}
            label="Why lift the block"
            hint="The supplier is pending again: approve it before it can be chosen."
            submitLabel="Lift the block"
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
  return (
    <>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="approveDocument" />
        <input type="hidden" name="documentId" value={documentId} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            Approve {documentType}
          </button>
        </div>
      </Form>
      <details>
        <summary>Reject {documentType}</summary>
        <ReasonForm
          schema={rejectDocumentSchema}
          intent="rejectDocument"
          id={`reject-${documentId}`}
          reasonId={`reject-reason-${documentId}`}
          hidden={{ documentId }}
          label="Why reject (the supplier is told)"
          submitLabel={`Reject ${documentType}`}
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
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">None yet.</p>
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
