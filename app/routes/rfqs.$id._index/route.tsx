import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { subject } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { Fact } from "~/components/facts";
import { Field, FormErrorBanner, invalidProps } from "~/components/field";
import { StatusBadge } from "~/components/status-badge";
import { getAwardSummary } from "~/models/sourcing/award.server";
import { declineSchema } from "~/models/sourcing/quote.schema";
import { ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES } from "~/models/shared/attachments.server";
import { addRfqAttachment, listRfqAttachments } from "~/models/sourcing/rfq-attachments.server";
import { declineInvitation } from "~/models/sourcing/quote-submission.server";
import { listReceivedQuoteFiles } from "~/models/sourcing/quote-files.server";
import { extendDeadlineSchema, inviteByEmailSchema } from "~/models/sourcing/rfq.schema";
import {
  cancelRfq,
  closeRfq,
  extendRfqDeadline,
  inviteByEmailToOpenRfq,
  publishRfq,
} from "~/models/sourcing/rfq-lifecycle.server";
import { getRfqPage } from "~/models/sourcing/rfq-queries.server";
import { loadRfqFor } from "~/models/sourcing/rfq.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { readUploadedFile } from "~/utils/upload.server";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";
import { formatInstant, instantToZonedLocal } from "~/utils/time";
import { TableFrame } from "~/components/table-frame";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.rfq.title ?? "RFQ"} · Quotient` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  const id = requireId(params.id, "RFQ");
  const page = await getRfqPage(db, user, ability, id, new Date());
  const attachments = await listRfqAttachments(db, id);
  const award = await getAwardSummary(db, user, ability, page.rfq);
  const canAttach =
    !page.supplierView && (page.rfq.status === "draft" || page.rfq.status === "open") && page.possible.length > 0;
  // Files received with the quotes: for the buyer's side only once the bids are unsealed.
  const quoteFiles = page.supplierView ? [] : await listReceivedQuoteFiles(db, ability, page.rfq);
  const canInvite =
    !page.supplierView && page.rfq.status === "open" && ability.can("invite", subject("Rfq", { ...page.rfq }));
  return { ...page, attachments, canAttach, attachmentTypes: ATTACHMENT_EXTENSIONS, quoteFiles, canInvite, award };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish"), version: z.coerce.number().int() }),
  z.object({ intent: z.literal("close"), version: z.coerce.number().int() }),
  z.object({
    intent: z.literal("cancel"),
    version: z.coerce.number().int(),
    reason: z
      .string({ error: "Say why the RFQ is cancelled." })
      .trim()
      .min(3, "Say why the RFQ is cancelled.")
      .max(1000),
  }),
  extendDeadlineSchema,
  declineSchema,
  inviteByEmailSchema,
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  const id = requireId(params.id, "RFQ");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return attach(request, user, ability, db, id);
  }
  const parsed = parseForm(actionSchema, await request.formData());
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  const input = parsed.data;
  await loadRfqFor(db, user, ability, id, ABILITY_FOR[input.intent]);
  const at = new Date();
  try {
    if (input.intent === "publish") await publishRfq(db, user, id, input.version, at);
    if (input.intent === "close") await closeRfq(db, user, id, input.version, at);
    if (input.intent === "cancel") await cancelRfq(db, user, id, input.version, input.reason, at);
    if (input.intent === "extend") await extendRfqDeadline(db, user, id, input.version, input.newDeadline, at);
    if (input.intent === "decline") await declineInvitation(db, user, id, input.reason, at);
    if (input.intent === "invite") await inviteByEmailToOpenRfq(db, user, ability, id, input.inviteEmails ?? [], at);
    return { ok: input.intent };
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

const ABILITY_FOR = {
  publish: "publish",
  close: "close",
  cancel: "cancel",
  extend: "update",
  // Declining is the supplier answering; being able to read the RFQ is what it needs.
  decline: "read",
  invite: "invite",
} as const;

/** The one multipart form on the page: a file to attach. */
async function attach(
  request: Request,
  user: Awaited<ReturnType<typeof requireContext>>["user"],
  ability: Awaited<ReturnType<typeof requireContext>>["ability"],
  db: Awaited<ReturnType<typeof requireContext>>["db"],
  id: string,
) {
  await loadRfqFor(db, user, ability, id, "update");
  const file = await readUploadedFile(request, ATTACHMENT_MAX_BYTES);
  if (file instanceof Response) return file;
  try {
    await addRfqAttachment(db, user, ability, id, file);
    return { ok: "attach" };
  } catch (error) {
    return actionErrorResponse(error);
  }
}

const DONE: Record<string, string> = {
  attach: "The file is attached.",
  decline: "You have declined to quote. The buyer sees your reason.",
  publish: "The RFQ is published and the suppliers are invited.",
  close: "The RFQ is closed. Quotes can now be compared.",
  cancel: "The RFQ is cancelled. Invited suppliers are told why.",
  extend: "The deadline is extended. Invited suppliers are told.",
  invite: "The invitations are sent. Each address gets a link to register and quote.",
};

export default function RfqPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody | { ok: string }>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { rfq, lines } = data;
  const errors = result && "errors" in result ? result.errors : {};
  const typed: Record<string, unknown> = (result && "errors" in result ? result.values : undefined) ?? {};
  const busy = navigation.state !== "idle";
  const showTargets = !data.supplierView && lines.some((l) => l.target_price !== null);
  return (
    <>
      <p className="muted">{rfq.reference}</p>
      <h1>
        {rfq.title} <StatusBadge status={rfq.status} />
      </h1>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {DONE[result.ok]}
        </p>
      ) : null}
      {params.get("submitted") && data.myQuote ? (
        <p className="banner ok" role="status">
          Your quote was received (revision {data.myQuote.current_revision}). You can revise it until the deadline.
        </p>
      ) : null}
      <FormErrorBanner message={errors.form} />
      <section className="card">
        <dl className="facts">
          <dt>Buyer</dt>
          <dd>{data.buyerName}</dd>
          <dt>Currency</dt>
          <dd>{rfq.currency}</dd>
          <dt>Response deadline</dt>
          <dd>
            {formatInstant(rfq.deadline, rfq.deadline_time_zone)}
            {rfq.deadline_time_zone !== "UTC" ? (
              <span className="hint"> ({formatInstant(rfq.deadline, "UTC")})</span>
            ) : null}
          </dd>
          <Fact label="Category">{rfq.category}</Fact>
          <Fact label="Delivery">{rfq.delivery_address}</Fact>
          <Fact label="Wanted by">{rfq.wanted_by}</Fact>
          <Fact label="Payment terms wanted">{rfq.payment_terms}</Fact>
          <Fact label="Incoterm wanted">{rfq.incoterm}</Fact>
          <Fact label="Cancelled because">{rfq.cancel_reason}</Fact>
        </dl>
        {rfq.description ? <p style={{ whiteSpace: "pre-line" }}>{rfq.description}</p> : null}
      </section>

      <h2>Files</h2>
      {data.attachments.length === 0 ? <p className="muted">No files attached.</p> : null}
      {data.attachments.length > 0 ? (
        <ul aria-label="Attached files">
          {data.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/rfqs/${rfq.id}/attachments/${a.id}`} download>
                {a.filename}
              </a>{" "}
              <span className="hint">
                {formatBytes(a.size_bytes)} · SHA-256 <code>{a.sha256.slice(0, 16)}…</code>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {data.canAttach ? (
        <Form method="post" encType="multipart/form-data" className="row">
          <Field
            id="attachment"
            label="Attach a file"
            error={errors.attachment}
            hint={`Up to 10 MB: ${data.attachmentTypes.join(", ")}.`}
          >
            <input
              id="attachment"
              name="attachment"
              type="file"
              accept={data.attachmentTypes.map((t) => `.${t}`).join(",")}
              {...invalidProps("attachment", errors.attachment)}
            />
          </Field>
          <button type="submit" className="secondary" disabled={busy}>
            Attach file
          </button>
        </Form>
      ) : null}

      <h2>Line items</h2>
      <TableFrame label="Line items">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th>Specification</th>
              <th className="num">Quantity</th>
              <th>Unit</th>
              {showTargets ? <th className="num">Target price</th> : null}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>{l.position}</td>
                <td>{l.item_name}</td>
                <td>{l.specification}</td>
                <td className="num">{formatQuantity(l.quantity)}</td>
                <td>{l.unit}</td>
                {showTargets ? (
                  <td className="num">{l.target_price ? formatUnitPrice(l.target_price, rfq.currency) : "—"}</td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>

      {data.award && rfq.status === "awarded" ? (
        <section className="card" aria-labelledby="award-pos-heading">
          {params.get("awarded") ? (
            <p className="banner ok" role="status">
              The RFQ is awarded: {data.award.purchaseOrders.length} draft purchase orders were created.
            </p>
          ) : null}
          <h2 id="award-pos-heading">Purchase orders from this award</h2>
          <ul aria-label="Purchase orders from this award">
            {data.award.purchaseOrders.map((po) => (
              <li key={po.id}>
                <Link to={`/pos/${po.id}`}>{po.number}</Link> · {po.supplierName} · {formatMoney(po.total, po.currency)}{" "}
                <StatusBadge status={po.status} />
              </li>
            ))}
          </ul>
          {data.award.justification ? (
            <dl className="facts">
              <dt>Award justification</dt>
              <dd data-testid="award-justification">{data.award.justification}</dd>
            </dl>
          ) : null}
        </section>
      ) : null}

      {data.supplierView ? (
        <section className="card">
          <h2>Your quote</h2>
          {data.myQuote && data.myQuote.current_revision > 0 ? (
            <p>
              Status <StatusBadge status={data.myQuote.status} /> · revision {data.myQuote.current_revision}
            </p>
          ) : (
            <p className="muted">You have not quoted yet.</p>
          )}
          {data.myQuote && data.myQuote.current_revision > 0 ? (
            <p>
              <Link to={`/rfqs/${rfq.id}/quote/history`}>Revision history</Link>
            </p>
          ) : null}
          {data.myInvitation?.status === "declined" ? (
            <p>
              You declined to quote
              {data.myInvitation.declineReason ? `: “${data.myInvitation.declineReason}”` : "."} You can still quote
              until the deadline.
            </p>
          ) : null}
          {rfq.status === "open" ? (
            <div className="actions">
              <Link className="button" to={`/rfqs/${rfq.id}/quote`}>
                {data.myQuote && data.myQuote.current_revision > 0 ? "Revise quote" : "Enter quote"}
              </Link>
              <Link className="button secondary" to={`/rfqs/${rfq.id}/questions`}>
                Questions and answers
              </Link>
            </div>
          ) : null}
          {rfq.status === "open" && data.myInvitation?.status !== "declined" && data.myQuote?.status !== "submitted" ? (
            <details className="card" open={Boolean(errors.reason)}>
              <summary>Decline to quote</summary>
              <Form method="post" className="stack">
                <Field id="decline-reason" label="Reason for declining" error={errors.reason}>
                  <textarea
                    id="decline-reason"
                    name="reason"
                    rows={2}
                    defaultValue={typeof typed.reason === "string" ? typed.reason : ""}
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
      ) : (
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
                {data.invitations.map((i) => (
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
          {data.canInvite ? (
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
                    defaultValue={typeof typed.inviteEmails === "string" ? typed.inviteEmails : ""}
                    {...invalidProps("inviteEmails", errors.inviteEmails)}
                  />
                </Field>
                <button type="submit" name="intent" value="invite" className="secondary" disabled={busy}>
                  Send invitations
                </button>
              </Form>
            </details>
          ) : null}
          {data.quoteFiles.length > 0 ? (
            <>
              <h2>Files received with quotes</h2>
              <ul aria-label="Files received with quotes">
                {data.quoteFiles.map((f) => (
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
            {rfq.status !== "draft" ? (
              <Link className="button secondary" to={`/rfqs/${rfq.id}/questions`}>
                Questions and answers
              </Link>
            ) : null}
            {data.canCompare ? (
              <Link className="button" to={`/rfqs/${rfq.id}/compare`}>
                Compare quotes
              </Link>
            ) : null}
            {data.possible.includes("UPDATE_DRAFT") ? (
              <Link className="button secondary" to={`/rfqs/${rfq.id}/edit`}>
                Edit draft
              </Link>
            ) : null}
            {data.possible.includes("PUBLISH") ? (
              <Form method="post">
                <input type="hidden" name="version" value={rfq.version} />
                <button type="submit" name="intent" value="publish" disabled={busy}>
                  Publish RFQ
                </button>
              </Form>
            ) : null}
            {data.possible.includes("CLOSE") ? (
              <Form method="post">
                <input type="hidden" name="version" value={rfq.version} />
                <button type="submit" name="intent" value="close" disabled={busy}>
                  Close RFQ
                </button>
              </Form>
            ) : null}
          </div>
          {data.possible.includes("EXTEND_DEADLINE") ? (
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
                      typeof typed.newDeadline === "string"
                        ? typed.newDeadline
                        : instantToZonedLocal(new Date(rfq.deadline), rfq.deadline_time_zone)
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
          {data.possible.includes("CANCEL") ? (
            <details className="card" open={Boolean(errors.reason)}>
              <summary>Cancel this RFQ</summary>
              <Form method="post" className="stack">
                <input type="hidden" name="version" value={rfq.version} />
                <Field id="reason" label="Reason for cancelling" error={errors.reason}>
                  <textarea
                    id="reason"
                    name="reason"
                    rows={2}
                    defaultValue={typeof typed.reason === "string" ? typed.reason : ""}
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
      )}
    </>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
