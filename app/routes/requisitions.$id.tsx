/**
 * One requisition: who asked, why, on which cost centre, and each line
 * followed to its PO, receipt and invoice (a summary for the requester; the
 * buying side opens the PO and the RFQ). Approvers holding the rule's role
 * approve or reject it; the requester cancels it before approval. One
 * action, dispatching on `intent`.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { Fact } from "~/components/facts";
import { ErrorSummary } from "~/components/form/error-summary";
import { FoldedReasonForm } from "~/components/form/reason-form";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import {
  approveRequisition,
  cancelRequisition,
  rejectRequisition,
} from "~/models/requisitions/requisition-approval.server";
import { getRequisitionPage } from "~/models/requisitions/requisition-queries.server";
import {
  requisitionApproveSchema,
  requisitionCancelSchema,
  requisitionRejectSchema,
} from "~/models/requisitions/requisition.schema";
import { requireId } from "~/utils/http.server";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";
import { readFormData, readSubmission, replyWithError, type FormReply } from "~/utils/submission.server";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.requisition.number ?? "Requisition"} · Quotient` },
];

const INTENTS = ["approve", "reject", "cancel"] as const;
type Intent = (typeof INTENTS)[number];
const approveForm = requisitionApproveSchema.extend({ intent: z.literal("approve") });
const rejectForm = requisitionRejectSchema.extend({ intent: z.literal("reject") });
const cancelForm = requisitionCancelSchema.extend({ intent: z.literal("cancel") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such requisition.");
  return getRequisitionPage(ctx, { id });
}

const intentSchema = z.object({
  intent: z.enum(INTENTS, { error: "This page has no such action. Reload it and try again." }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such requisition.");
  const formData = await readFormData(request);
  const picked = readSubmission(formData, intentSchema);
  if (!picked.ok) return picked.response;
  const { intent } = picked.value;
  async function perform<S extends z.ZodType>(schema: S, work: (value: z.infer<S>) => Promise<unknown>) {
    const parsed = readSubmission(formData, schema);
    if (!parsed.ok) return parsed.response;
    try {
      await work(parsed.value);
      return { ok: intent };
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  switch (intent) {
    case "approve":
      return perform(approveForm, ({ version }) => approveRequisition(ctx, { id, version }));
    case "reject":
      return perform(rejectForm, ({ version, reason }) => rejectRequisition(ctx, { id, version, reason }));
    case "cancel":
      return perform(cancelForm, ({ version, reason }) => cancelRequisition(ctx, { id, version, reason }));
  }
}

const DONE: Record<Intent, string> = {
  approve: "Approved. The requester has been told.",
  reject: "Rejected. The requester has been told.",
  cancel: "Cancelled.",
};

const LINE_STATUS: Record<string, string> = {
  open: "waiting to be ordered",
  ordered: "ordered",
  sourcing: "with the buyers to source",
  closed: "done",
  cancelled: "cancelled",
};

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function RequisitionPage() {
  const page = useLoaderData<typeof loader>();
  const { requisition: r, lines, approvals } = page;
  const data = useActionData<{ ok: Intent } | FormReply>();
  const reply = asReply(data);
  const busy = useNavigation().state !== "idle";
  const replyFor = (intent: Intent) => (reply?.initialValue?.intent === intent ? reply : undefined);
  return (
    <>
      <h1>
        Requisition {r.number} <StatusBadge status={r.status} />
      </h1>
      {data && "ok" in data ? (
        <p className="banner ok" role="status">
          {DONE[data.ok]}
        </p>
      ) : null}
      <div className="card">
        <dl>
          <Fact label="Requested by">{r.requesterName ?? "Reorder rule"}</Fact>
          <Fact label="Cost centre">{r.costCentre}</Fact>
          <Fact label="Reason">{r.reason}</Fact>
          <Fact label="Estimated total">{formatMoney(r.total, r.currency)}</Fact>
          <Fact label="Submitted">{r.submittedAt ? formatInstant(r.submittedAt) : null}</Fact>
          <Fact label="Approvals asked">{r.approvalsAsked}</Fact>
          <Fact label="Decision">{r.decisionReason}</Fact>
        </dl>
        <p className="hint">{page.rule}</p>
      </div>
      <h2>Lines</h2>
      <TableFrame label="Requisition lines">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th className="num">Quantity</th>
              <th className="num">Unit price</th>
              <th>Wanted by</th>
              <th>Ship to</th>
              <th>Status</th>
              <th>Order</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>{l.position}</td>
                <td>
                  {l.itemName}
                  <div className="hint">
                    {l.agreementItemId ? "catalogue" : `free text${l.category ? `, ${l.category}` : ""}`}
                  </div>
                </td>
                <td className="num">
                  {formatQuantity(l.quantity)} {l.unit}
                </td>
                <td className="num">
                  {l.unitPrice && l.currency ? formatUnitPrice(l.unitPrice, l.currency) : ""}
                  {l.agreementItemId ? null : <div className="hint">estimate</div>}
                </td>
                <td>{l.wantedBy}</td>
                <td>{l.deliveryAddress}</td>
                <td>
                  {LINE_STATUS[l.status] ?? l.status}
                  {l.holdReason ? <div className="error">{l.holdReason}</div> : null}
                </td>
                <td>
                  <LineOrder line={l} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      {approvals.length > 0 ? (
        <>
          <h2>Decisions</h2>
          <ul>
            {approvals.map((a, i) => (
              <li key={i}>
                {a.name} {a.decision} it on {formatInstant(a.at)}
                {a.reason ? `: ${a.reason}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Actions page={page} busy={busy} replyFor={replyFor} />
      <p>
        <Link to="/requisitions">All requisitions</Link>
      </p>
    </>
  );
}

function LineOrder({ line: l }: { line: Page["lines"][number] }) {
  if (l.poNumber) {
    const received = Number(l.receivedQuantity ?? 0) > 0;
    const invoiced = Number(l.invoicedQuantity ?? 0) > 0;
    return (
      <>
        {l.poLink ? <Link to={l.poLink}>{l.poNumber}</Link> : l.poNumber} <StatusBadge status={l.poStatus ?? ""} />
        <div className="hint">
          {l.supplierName}
          {received ? `; received ${formatQuantity(l.receivedQuantity ?? "0")}` : "; nothing received yet"}
          {invoiced ? `; invoiced ${formatQuantity(l.invoicedQuantity ?? "0")}` : ""}
        </div>
      </>
    );
  }
  if (l.rfqId) {
    return l.rfqLink ? (
      <>
        <Link to={l.rfqLink}>{l.rfqReference}</Link> <StatusBadge status={l.rfqStatus ?? ""} />
      </>
    ) : (
      <>In a request for quotation</>
    );
  }
  return <span className="muted">none yet</span>;
}

function Actions({
  page,
  busy,
  replyFor,
}: {
  page: Page;
  busy: boolean;
  replyFor: (intent: Intent) => FormReply | undefined;
}) {
  const { can, requisition: r } = page;
  if (!can.approve && !can.reject && !can.cancel) return null;
  return (
    <section aria-labelledby="actions-heading" className="stack">
      <h2 id="actions-heading">What you can do</h2>
      {can.approve ? <ApproveForm version={r.version} busy={busy} lastResult={replyFor("approve")} /> : null}
      {can.reject ? (
        <FoldedReasonForm
          summary="Reject this requisition"
          schema={rejectForm}
          intent="reject"
          id="reject-form"
          reasonId="reject-reason"
          hidden={{ version: r.version }}
          label="Why do you reject it?"
          submitLabel="Reject requisition"
          danger
          busy={busy}
          lastResult={replyFor("reject")}
        />
      ) : null}
      {can.cancel ? (
        <FoldedReasonForm
          summary="Cancel this requisition"
          schema={cancelForm}
          intent="cancel"
          id="cancel-form"
          reasonId="cancel-reason"
          hidden={{ version: r.version }}
          label="Why do you cancel it?"
          submitLabel="Cancel requisition"
          danger
          busy={busy}
          lastResult={replyFor("cancel")}
        />
      ) : null}
    </section>
  );
}

function ApproveForm({ version, busy, lastResult }: { version: number; busy: boolean; lastResult?: FormReply }) {
  const [form] = useSchemaForm(approveForm, { id: "approve-form", lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="card stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="approve" />
      <input type="hidden" name="version" value={version} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Approve requisition
        </button>
      </div>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
