/**
 * The RFQ page: one loader, one action (dispatching on `intent`), and a
 * composition of panels beside this file. The page asks the model what the
 * person may do (`can`); the action checks it again on the server.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { requireContext, type RequestContext } from "~/auth/request.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { StatusBadge } from "~/components/status-badge";
import { TimelineList } from "~/components/timeline-list";
import { ATTACHMENT_TOO_LARGE, attachFileSchema } from "~/models/shared/attachment.schema";
import { ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES } from "~/models/shared/attachments.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { getAwardSummary } from "~/models/sourcing/award.server";
import { getOwnAward } from "~/models/sourcing/own-award.server";
import { getOwnRevisionHistory } from "~/models/sourcing/quote-history.server";
import { declineSchema } from "~/models/sourcing/quote.schema";
import { addRfqAttachment, listRfqAttachments } from "~/models/sourcing/rfq-attachments.server";
import { declineInvitation } from "~/models/sourcing/quote-submission.server";
import { listReceivedQuoteFiles } from "~/models/sourcing/quote-files.server";
import {
  cancelRfqSchema,
  closeRfqSchema,
  extendDeadlineSchema,
  inviteByEmailSchema,
  publishRfqSchema,
} from "~/models/sourcing/rfq.schema";
import {
  cancelRfq,
  closeRfq,
  extendRfqDeadline,
  inviteByEmailToOpenRfq,
  publishRfq,
} from "~/models/sourcing/rfq-lifecycle.server";
import { getRfqPage } from "~/models/sourcing/rfq-queries.server";
import { getRfqTimeline } from "~/models/sourcing/rfq-timeline.server";
import { loadRfqFor } from "~/models/sourcing/rfq.server";
import { msg, translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { requireId } from "~/utils/http.server";
import { readForm, replyWithError } from "~/utils/submission.server";
import { readUploadSubmission, uploadedFile } from "~/utils/upload.server";

import { AwardPanel, BuyerPanel } from "./buyer-panel";
import { FactsPanel } from "./facts-panel";
import { FilesPanel } from "./files-panel";
import { LinesPanel } from "./lines-panel";
import { usePageReply } from "./page-reply";
import { SupplierPanel } from "./supplier-panel";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? titled(matches, "{{title}}", { title: data.rfq.title }) : titled(matches, "RFQ");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such RFQ.");
  const page = await getRfqPage(ctx, { id });
  const attachments = await listRfqAttachments(ctx, { rfqId: id });
  const award = await getAwardSummary(ctx, { rfq: page.rfq });
  // Files received with the quotes: for the buyer's side only once the bids are unsealed.
  const quoteFiles = page.supplierView ? [] : await listReceivedQuoteFiles(ctx, { rfq: page.rfq });
  const ownAward = page.supplierView ? await getOwnAward(ctx, { rfqId: id }) : null;
  // The supplier's own revisions with their prices, newest first; the buying side reads quotes on the comparison.
  const ownRevisions = page.supplierView
    ? (await getOwnRevisionHistory(ctx, { rfqId: id })).revisions.map((r) => ({
        revision: r.revision,
        receivedAt: r.receivedAt,
        currency: r.currency,
        prices: r.prices,
      }))
    : [];
  // Read after the page, so a supplier's first visit is already in it.
  const history = await getRfqTimeline(ctx, { id });
  return {
    ...page,
    attachments,
    attachmentTypes: ATTACHMENT_EXTENSIONS,
    quoteFiles,
    award,
    ownAward,
    history,
    ownRevisions,
    timeZone: ctx.user.timeZone,
    formToken: issueFormToken(),
  };
}

/** The page's forms, each read with its own schema (the one its panel checks in the browser), chosen by intent. */
const actionSchema = z.discriminatedUnion("intent", [
  publishRfqSchema,
  closeRfqSchema,
  cancelRfqSchema,
  extendDeadlineSchema,
  declineSchema,
  inviteByEmailSchema,
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such RFQ.");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return attach(request, ctx, id);
  }
  const parsed = await readForm(request, actionSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.value;
  try {
    if (input.intent === "publish") await publishRfq(ctx, { id, version: input.version });
    if (input.intent === "close") await closeRfq(ctx, { id, version: input.version });
    if (input.intent === "cancel") await cancelRfq(ctx, { id, version: input.version, reason: input.reason });
    if (input.intent === "extend")
      await extendRfqDeadline(ctx, { id, version: input.version, newDeadline: input.newDeadline });
    if (input.intent === "decline") await declineInvitation(ctx, { rfqId: id, reason: input.reason });
    // Addresses sent twice (double click, resend) are invited and mailed once.
    if (input.intent === "invite")
      await once(ctx, { token: formTokenOf(parsed.submission), purpose: "rfq.invite" }, (tx) =>
        inviteByEmailToOpenRfq(tx, { id, emails: input.inviteEmails ?? [] }),
      );
    return { ok: input.intent };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

/** The one multipart form on the page: a file to attach. */
async function attach(request: Request, ctx: RequestContext, id: string) {
  // Refused before the upload is read.
  await loadRfqFor(ctx, id, "update");
  const parsed = await readUploadSubmission(request, attachFileSchema, {
    maxBytes: ATTACHMENT_MAX_BYTES,
    tooLarge: ATTACHMENT_TOO_LARGE,
    intent: "attach",
  });
  if (!parsed.ok) return parsed.response;
  try {
    const file = await uploadedFile(parsed.value.attachment);
    // A file sent twice (double click, resend) is attached once.
    await once(ctx, { token: formTokenOf(parsed.submission), purpose: "rfq.attach" }, async (tx) => ({
      id: (await addRfqAttachment(tx, { rfqId: id, file })).id,
    }));
    return { ok: "attach" };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const DONE: Record<string, string> = {
  attach: msg("The file is attached."),
  decline: msg("You have declined to quote. The buyer sees your reason."),
  publish: msg("The RFQ is published and the suppliers are invited."),
  close: msg("The RFQ is closed. Quotes can now be compared."),
  cancel: msg("The RFQ is cancelled. Invited suppliers are told why."),
  extend: msg("The deadline is extended. Invited suppliers are told."),
  invite: msg("The invitations are sent. Each address gets a link to register and quote."),
};

export default function RfqPage() {
  const { t } = useI18n();
  const data = useLoaderData<typeof loader>();
  const { done } = usePageReply();
  const [params] = useSearchParams();
  const { rfq } = data;
  return (
    <>
      <Breadcrumbs
        trail={[
          { label: data.supplierView ? t("Invitations") : t("RFQs"), to: "/rfqs" },
          { label: rfq.reference ?? rfq.title },
        ]}
      />
      <p className="muted">{rfq.reference}</p>
      <h1>
        {rfq.title} <StatusBadge status={rfq.status} />
      </h1>
      {done ? (
        <p className="banner ok" role="status">
          {DONE[done] ? t(DONE[done]) : null}
        </p>
      ) : null}
      {params.get("submitted") && data.myQuote ? (
        <p className="banner ok" role="status">
          {t("Your quote was received (revision {{revision}}). You can revise it until the deadline.", {
            revision: data.myQuote.current_revision,
          })}
        </p>
      ) : null}
      <FactsPanel />
      <FilesPanel />
      <LinesPanel />
      {data.award && data.can.readAward ? <AwardPanel award={data.award} /> : null}
      {data.supplierView ? <SupplierPanel /> : <BuyerPanel />}
      <TimelineList
        entries={data.history.map((e) => ({ ...e, text: translated(t, e.text) }))}
        timeZone={data.timeZone}
        heading={t("Timeline")}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
