/**
 * One requisition: who asked, why, on which cost centre, and each line
 * followed to its PO, receipt and invoice (a summary for the requester; the
 * buying side opens the PO and the RFQ). Approvers holding the rule's role
 * approve or reject it; the requester cancels it before approval. One
 * action, dispatching on `intent`.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans } from "react-i18next";
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
import { RequisitionRuleWords } from "~/components/requisition-rule-words";
import { unitLabel } from "~/components/vocabulary-labels";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { requireId } from "~/utils/http.server";
import { readFormData, readSubmission, replyWithError, type FormReply } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? titled(matches, "Requisition {{number}}", { number: data.requisition.number })
    : titled(matches, "Requisition");

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
  intent: z.enum(INTENTS, { error: msg("This page has no such action. Reload it and try again.") }),
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
  approve: msg("Approved. The requester has been told."),
  reject: msg("Rejected. The requester has been told."),
  cancel: msg("Cancelled."),
};

/** Where a line stands, in the requester's terms rather than the workflow's. */
const LINE_STATUS: Record<string, string> = {
  open: msg("waiting to be ordered"),
  ordered: msg("ordered"),
  sourcing: msg("with the buyers to source"),
  closed: msg("done"),
  cancelled: msg("cancelled"),
};

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function RequisitionPage() {
  const page = useLoaderData<typeof loader>();
  const { requisition: r, lines, approvals } = page;
  const data = useActionData<{ ok: Intent } | FormReply>();
  const reply = asReply(data);
  const busy = useNavigation().state !== "idle";
  const replyFor = (intent: Intent) => (reply?.initialValue?.intent === intent ? reply : undefined);
  const { t, format } = useI18n();
  return (
    <>
      <h1>
        {/* The number never breaks at its hyphens on a phone. */}
        <Trans
          i18nKey="Requisition <number>{{number}}</number>"
          values={{ number: r.number }}
          components={{ number: <span className="nowrap" /> }}
        />{" "}
        <StatusBadge status={r.status} />
      </h1>
      {data && "ok" in data ? (
        <p className="banner ok" role="status">
          {t(DONE[data.ok])}
        </p>
      ) : null}
      <div className="card">
        <dl className="facts">
          <Fact label={t("Requested by")}>{r.requesterName ?? t("Reorder rule")}</Fact>
          <Fact label={t("Cost centre")}>{r.costCentre}</Fact>
          <Fact label={t("Reason")}>{r.reason}</Fact>
          <Fact label={t("Estimated total")}>{format.money(r.total, r.currency)}</Fact>
          <Fact label={t("Submitted")}>{r.submittedAt ? format.instant(r.submittedAt) : null}</Fact>
          <Fact label={t("Approvals asked")}>
            {r.approvalsAsked === null ? null : r.approvalsAsked === 0 ? t("none") : format.number(r.approvalsAsked)}
          </Fact>
          <Fact label={t("Decision")}>{r.decisionReason}</Fact>
        </dl>
        <p className="hint">
          <RequisitionRuleWords rule={page.rule} />
        </p>
      </div>
      <h2>{t("Lines")}</h2>
      <TableFrame label={t("Requisition lines")}>
        <table className="stack-on-phone">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("Item")}</th>
              <th className="num">{t("Quantity")}</th>
              <th className="num">{t("Unit price")}</th>
              <th>{t("Wanted by")}</th>
              <th>{t("Ship to")}</th>
              <th>{t("Status")}</th>
              <th>{t("Order")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td data-label="#">{l.position}</td>
                <td data-label={t("Item")}>
                  {l.itemName}
                  <div className="hint">
                    {l.agreementItemId
                      ? t("catalogue")
                      : l.category
                        ? t("free text, {{category}}", { category: l.category })
                        : t("free text")}
                  </div>
                </td>
                <td data-label={t("Quantity")} className="num nowrap">
                  {format.quantity(l.quantity)} {unitLabel(t, l.unit)}
                </td>
                <td data-label={t("Unit price")} className="num nowrap">
                  {l.unitPrice && l.currency ? format.unitPrice(l.unitPrice, l.currency) : ""}
                  {l.agreementItemId ? null : <div className="hint">{t("estimate")}</div>}
                </td>
                <td data-label={t("Wanted by")} className="nowrap">
                  {format.date(l.wantedBy)}
                </td>
                <td data-label={t("Ship to")}>{l.deliveryAddress}</td>
                <td data-label={t("Status")}>
                  {LINE_STATUS[l.status] ? t(LINE_STATUS[l.status]) : l.status}
                  {l.holdReason ? <div className="error">{l.holdReason}</div> : null}
                </td>
                <td data-label={t("Order")}>
                  <LineOrder line={l} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      {approvals.length > 0 ? (
        <>
          <h2>{t("Decisions")}</h2>
          <ul>
            {approvals.map((a, i) => (
              <li key={i}>
                <Decision decision={a} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Actions page={page} busy={busy} replyFor={replyFor} />
      <p>
        <Link to="/requisitions">{t("All requisitions")}</Link>
      </p>
    </>
  );
}

/** One approver's decision: who, approved or rejected, when, and why when they said. */
function Decision({ decision: a }: { decision: Page["approvals"][number] }) {
  const { t, format } = useI18n();
  const values = { name: a.name, at: format.instant(a.at), reason: a.reason ?? "" };
  if (a.decision === "approved")
    return (
      <>
        {a.reason
          ? t("{{name}} approved it on {{at}}: {{reason}}", values)
          : t("{{name}} approved it on {{at}}", values)}
      </>
    );
  return (
    <>
      {a.reason ? t("{{name}} rejected it on {{at}}: {{reason}}", values) : t("{{name}} rejected it on {{at}}", values)}
    </>
  );
}

function LineOrder({ line: l }: { line: Page["lines"][number] }) {
  const { t, format } = useI18n();
  if (l.poNumber) {
    const received = Number(l.receivedQuantity ?? 0) > 0;
    const invoiced = Number(l.invoicedQuantity ?? 0) > 0;
    const supplier = l.supplierName ?? "";
    const quantities = {
      supplier,
      received: format.quantity(l.receivedQuantity ?? "0"),
      invoiced: format.quantity(l.invoicedQuantity ?? "0"),
    };
    return (
      <>
        {l.poLink ? <Link to={l.poLink}>{l.poNumber}</Link> : l.poNumber} <StatusBadge status={l.poStatus ?? ""} />
        <div className="hint">
          {received && invoiced
            ? t("{{supplier}}; received {{received}}; invoiced {{invoiced}}", quantities)
            : received
              ? t("{{supplier}}; received {{received}}", quantities)
              : invoiced
                ? t("{{supplier}}; nothing received yet; invoiced {{invoiced}}", quantities)
                : t("{{supplier}}; nothing received yet", quantities)}
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
      <>{t("In a request for quotation")}</>
    );
  }
  return <span className="muted">{t("none yet")}</span>;
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
  const { t } = useI18n();
  if (!can.approve && !can.reject && !can.cancel) return null;
  return (
    <section aria-labelledby="actions-heading" className="stack">
      <h2 id="actions-heading">{t("What you can do")}</h2>
      {can.approve ? <ApproveForm version={r.version} busy={busy} lastResult={replyFor("approve")} /> : null}
      {can.reject ? (
        <FoldedReasonForm
          summary={t("Reject this requisition")}
          schema={rejectForm}
          intent="reject"
          id="reject-form"
          reasonId="reject-reason"
          hidden={{ version: r.version }}
          label={t("Why do you reject it?")}
          submitLabel={t("Reject requisition")}
          danger
          busy={busy}
          lastResult={replyFor("reject")}
        />
      ) : null}
      {can.cancel ? (
        <FoldedReasonForm
          summary={t("Cancel this requisition")}
          schema={cancelForm}
          intent="cancel"
          id="cancel-form"
          reasonId="cancel-reason"
          hidden={{ version: r.version }}
          label={t("Why do you cancel it?")}
          submitLabel={t("Cancel requisition")}
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
  const { t } = useI18n();
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="card stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="approve" />
      <input type="hidden" name="version" value={version} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("Approve requisition")}
        </button>
      </div>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
