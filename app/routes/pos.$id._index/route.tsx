/**
 * The purchase-order page: one loader, one action (dispatching on `intent`),
 * and a composition of panels beside this file, one for each party. The page
 * asks the model what the person may do (`can`); the action checks it again.
 */
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { StatusBadge } from "~/components/status-badge";
import { poApproveSchema, poRejectSchema, poReviseSchema, poSubmitSchema } from "~/models/ordering/approval.schema";
import { approvePo, rejectPo, revisePo, submitPo } from "~/models/ordering/approval.server";
import { getPoPage } from "~/models/ordering/queries.server";
import { getAwardFacts } from "~/models/sourcing/award-facts.server";
import { poAcknowledgeSchema, poCancelSchema, poDeclineSchema } from "~/models/ordering/supplier-answers.schema";
import { acknowledgePo, cancelPo, declinePo } from "~/models/ordering/supplier-answers.server";
import { receiptFormSchema } from "~/models/fulfilment/receipt.schema";
import { recordReceipt } from "~/models/fulfilment/receipt.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import type { Ctx } from "~/models/shared/context.server";
import { requireId } from "~/utils/http.server";
import { readFormData, readSubmission, replyWithError } from "~/utils/submission.server";
import { msg, translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

import { ApprovalPanel } from "./approval-panel";
import { BuyerPanel, CancelPanel } from "./buyer-panel";
import { FactsPanel } from "./facts-panel";
import { LinesPanel } from "./lines-panel";
import { PO_INTENTS, usePoAction, type PoDone, type PoIntent } from "./po-action";
import { ReceiptPanel } from "./receipt-panel";
import { SupplierPanel } from "./supplier-panel";
import { TimelinePanel } from "./timeline-panel";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? titled(matches, "{{number}}", { number: data.po.number }) : titled(matches, "Purchase order");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such purchase order.");
  const { awardFactsNotKept, ...page } = await getPoPage(ctx, { id });
  // The comparison behind the order comes kept with its award; only an award older than that is worked out again.
  const awardFacts =
    awardFactsNotKept && page.approvalFacts?.rfq
      ? await getAwardFacts(ctx, { rfqId: page.approvalFacts.rfq.id, supplierOrgId: page.po.supplier_org_id })
      : page.awardFacts;
  // One token for the page's forms, each intent claiming it for itself (app/models/shared/form-token.server.ts).
  return { ...page, awardFacts, timeZone: ctx.user.timeZone, formToken: issueFormToken() };
}

const intentSchema = z.object({
  intent: z.enum(PO_INTENTS, { error: msg("This page has no such action. Reload it and try again.") }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such purchase order.");
  const formData = await readFormData(request);
  const picked = readSubmission(formData, intentSchema);
  if (!picked.ok) return picked.response;
  const { intent } = picked.value;
  /** Reads the form with its own schema, runs the use case, and answers a refusal next to the form's fields. */
  async function perform<S extends z.ZodType>(
    schema: S,
    work: (value: z.infer<S>, tx: Ctx) => Promise<Omit<PoDone, "ok"> | void>,
  ): Promise<PoDone | Response> {
    const parsed = readSubmission(formData, schema);
    if (!parsed.ok) return parsed.response;
    try {
      // A form sent twice (double click, resend, replay) acts once; the repeat hears the first answer.
      return await once(ctx, { token: formTokenOf(parsed.submission), purpose: `po.${intent}` }, async (tx) => ({
        ok: intent,
        ...(await work(parsed.value, tx)),
      }));
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  switch (intent) {
    case "submit":
      return perform(poSubmitSchema, async ({ version }, tx) => {
        await submitPo(tx, { id, version });
      });
    case "approve":
      return perform(poApproveSchema, async ({ version }, tx) => {
        await approvePo(tx, { id, version });
      });
    case "reject":
      return perform(poRejectSchema, async ({ version, reason }, tx) => {
        await rejectPo(tx, { id, version, reason });
      });
    case "revise":
      return perform(poReviseSchema, async ({ version }, tx) => {
        await revisePo(tx, { id, version });
      });
    case "acknowledge":
      return perform(poAcknowledgeSchema, async ({ version, promisedDate }, tx) => {
        await acknowledgePo(tx, { id, version, promisedDate: promisedDate ?? null });
      });
    case "decline":
      return perform(poDeclineSchema, async ({ version, declineReason }, tx) => {
        await declinePo(tx, { id, version, reason: declineReason });
      });
    case "cancel":
      return perform(poCancelSchema, async ({ version, cancelReason }, tx) => {
        await cancelPo(tx, { id, version, reason: cancelReason });
      });
    case "receive":
      return perform(receiptFormSchema, async (value, tx) => {
        const { receiptId, deliveryNote, receivedOn, lines } = await recordReceipt(tx, { poId: id, ...value });
        // What was booked, for the page to show once the form is cleared.
        return { booked: { receiptId, deliveryNote, receivedOn, lines } };
      });
  }
}

const DONE: Record<PoIntent, string> = {
  submit: msg("Submitted for approval."),
  approve: msg("Approved."),
  reject: msg("Rejected; the buyer has been told."),
  acknowledge: msg("Acknowledged. The buyer has been told."),
  decline: msg("Declined. The buyer has been told."),
  cancel: msg("Cancelled."),
  revise: msg("Back to draft: change it and submit it for approval again."),
  receive: msg("Receipt recorded."),
};

export default function PoPage() {
  const { po, can, changeAwaitingApproval, stoppedBecause, rfq } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const { done, reply } = usePoAction();
  // A refusal shows in the form that sent it; when that form is gone (the PO moved on meanwhile), it shows here.
  const refusedIntent = PO_INTENTS.find((intent) => intent === reply?.initialValue?.intent);
  const unanswered =
    reply && !(refusedIntent && can[refusedIntent])
      ? Object.values(reply.error ?? {}).flatMap((messages) => messages ?? [])
      : [];
  const [params] = useSearchParams();
  return (
    <>
      <Breadcrumbs
        trail={[
          { label: t("Purchase orders"), to: "/pos" },
          ...(rfq ? [{ label: t("RFQ {{rfq}}", { rfq: rfq.reference ?? rfq.title }), to: `/rfqs/${rfq.id}` }] : []),
          { label: po.number },
        ]}
      />
      <h1>
        {t("Purchase order {{number}}", { number: po.number })} <StatusBadge status={po.status} />
      </h1>
      {params.get("awarded") ? (
        <p className="banner ok">
          {t("Awarded. This draft purchase order was made from the winning quote; submit it for approval.")}
        </p>
      ) : null}
      {params.get("changed") && po.revision > 1 ? (
        <p className="banner ok" role="status">
          {changeAwaitingApproval
            ? t(
                "Change order saved as revision {{revision}}. Its total rose, so finance approves it before the supplier gets it.",
                { revision: po.revision },
              )
            : t("Change order saved as revision {{revision}} and issued to the supplier, who acknowledges it again.", {
                revision: po.revision,
              })}
        </p>
      ) : null}
      {changeAwaitingApproval ? (
        <p className="banner info">
          {t(
            "Revision {{revision}} is a change order awaiting approval; the supplier still has revision {{previous}}.",
            { revision: po.revision, previous: po.revision - 1 },
          )}
        </p>
      ) : null}
      {done ? (
        <p className="banner ok" role="status">
          {t(DONE[done.ok])}
          {done.booked
            ? ` ${t("Delivery note {{note}}, received on {{date}}.", {
                note: done.booked.deliveryNote,
                date: format.date(done.booked.receivedOn),
              })}`
            : null}
        </p>
      ) : null}
      {unanswered.length > 0 ? (
        <div className="banner bad" role="alert">
          {unanswered.map((m) => (
            <p key={m} style={{ margin: 0 }}>
              {translated(t, m)}
            </p>
          ))}
        </div>
      ) : null}
      {stoppedBecause ? (
        <p className="banner bad">
          {t(STOPPED[stoppedBecause.status])} {stoppedBecause.reason}
        </p>
      ) : null}
      <FactsPanel />
      <LinesPanel />
      <BuyerPanel />
      <ApprovalPanel />
      <SupplierPanel />
      <ReceiptPanel />
      <CancelPanel />
      <TimelinePanel />
    </>
  );
}

const STOPPED = {
  rejected: msg("Finance rejected this purchase order:"),
  declined: msg("The supplier declined this purchase order:"),
  cancelled: msg("This purchase order was cancelled:"),
} as const;

export { RouteErrorBoundary as ErrorBoundary };
