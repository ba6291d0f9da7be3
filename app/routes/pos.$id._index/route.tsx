/**
 * The purchase-order page: one loader, one action (dispatching on `intent`),
 * and a composition of panels beside this file, one for each party. The page
 * asks the model what the person may do (`can`); the action checks it again.
 */
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { FormErrorBanner } from "~/components/field";
import { usePageAction } from "~/components/page-action";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { StatusBadge } from "~/components/status-badge";
import { acknowledgePo, cancelPo, declinePo } from "~/models/ordering/supplier-answers.server";
import { approvePo, rejectPo, revisePo, submitPo } from "~/models/ordering/approval.server";
import { getPoPage } from "~/models/ordering/queries.server";
import { receiptFormSchema } from "~/models/fulfilment/receipt.schema";
import { recordReceipt } from "~/models/fulfilment/receipt.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";

import { ApprovalPanel } from "./approval-panel";
import { BuyerPanel, CancelPanel } from "./buyer-panel";
import { FactsPanel } from "./facts-panel";
import { LinesPanel } from "./lines-panel";
import { ReceiptPanel } from "./receipt-panel";
import { SupplierPanel } from "./supplier-panel";
import { TimelinePanel } from "./timeline-panel";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.po.number ?? "Purchase order"} · Quotient` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "purchase order");
  return getPoPage(ctx, { id });
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit"), version: z.coerce.number().int() }),
  z.object({ intent: z.literal("approve"), version: z.coerce.number().int() }),
  z.object({
    intent: z.literal("reject"),
    version: z.coerce.number().int(),
    reason: z.string({ error: "Say why you reject it." }).trim().min(3, "Say why you reject it.").max(1000),
  }),
  z.object({
    intent: z.literal("decline"),
    version: z.coerce.number().int(),
    declineReason: z
      .string({ error: "Say why you decline it." })
      .trim()
      .min(3, "Say why you decline it.")
      .max(1000, "Keep the reason under 1000 characters."),
  }),
  z.object({
    intent: z.literal("cancel"),
    version: z.coerce.number().int(),
    cancelReason: z
      .string({ error: "Say why you cancel it." })
      .trim()
      .min(3, "Say why you cancel it.")
      .max(1000, "Keep the reason under 1000 characters."),
  }),
  z.object({ intent: z.literal("revise"), version: z.coerce.number().int() }),
  receiptFormSchema.extend({ intent: z.literal("receive") }),
  z.object({
    intent: z.literal("acknowledge"),
    version: z.coerce.number().int(),
    promisedDate: z
      .string()
      .trim()
      .regex(/^(\d{4}-\d{2}-\d{2})?$/, "Enter the date as YYYY-MM-DD.")
      .optional(),
  }),
]);

const DONE: Record<string, string> = {
  submit: "Submitted for approval.",
  approve: "Approved.",
  reject: "Rejected; the buyer has been told.",
  acknowledge: "Acknowledged. The buyer has been told.",
  decline: "Declined. The buyer has been told.",
  cancel: "Cancelled.",
  revise: "Back to draft: change it and submit it for approval again.",
  receive: "Receipt recorded.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "purchase order");
  const parsed = parseForm(actionSchema, await request.formData());
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  const input = parsed.data;
  try {
    if (input.intent === "submit") await submitPo(ctx, { id, version: input.version });
    if (input.intent === "approve") await approvePo(ctx, { id, version: input.version });
    if (input.intent === "reject") await rejectPo(ctx, { id, version: input.version, reason: input.reason });
    if (input.intent === "decline") await declinePo(ctx, { id, version: input.version, reason: input.declineReason });
    if (input.intent === "cancel") await cancelPo(ctx, { id, version: input.version, reason: input.cancelReason });
    if (input.intent === "revise") await revisePo(ctx, { id, version: input.version });
    if (input.intent === "receive") await recordReceipt(ctx, { poId: id, ...input });
    if (input.intent === "acknowledge")
      await acknowledgePo(ctx, { id, version: input.version, promisedDate: input.promisedDate || null });
    return { ok: input.intent };
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

export default function PoPage() {
  const { po, changeAwaitingApproval, stoppedBecause } = useLoaderData<typeof loader>();
  const { done, errors } = usePageAction();
  const [params] = useSearchParams();
  return (
    <>
      <h1>
        Purchase order {po.number} <StatusBadge status={po.status} />
      </h1>
      {params.get("awarded") ? (
        <p className="banner ok">
          Awarded. This draft purchase order was made from the winning quote; submit it for approval.
        </p>
      ) : null}
      {params.get("changed") && po.revision > 1 ? (
        <p className="banner ok" role="status">
          {changeAwaitingApproval
            ? `Change order saved as revision ${po.revision}. Its total rose, so finance approves it before the supplier gets it.`
            : `Change order saved as revision ${po.revision} and issued to the supplier, who acknowledges it again.`}
        </p>
      ) : null}
      {changeAwaitingApproval ? (
        <p className="banner info">
          Revision {po.revision} is a change order awaiting approval; the supplier still has revision {po.revision - 1}.
        </p>
      ) : null}
      {done ? (
        <p className="banner ok" role="status">
          {DONE[done]}
        </p>
      ) : null}
      <FormErrorBanner message={errors.form} />
      {stoppedBecause ? (
        <p className="banner bad">
          {STOPPED[stoppedBecause.status]} {stoppedBecause.reason}
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
  rejected: "Finance rejected this purchase order:",
  declined: "The supplier declined this purchase order:",
  cancelled: "This purchase order was cancelled:",
} as const;

export { RouteErrorBoundary as ErrorBoundary };
