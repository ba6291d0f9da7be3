/**
 * The supplier's quote: one form with two buttons (save a draft, which may
 * be half filled in, and submit, which must be complete), each checked with
 * its own schema in the browser and by the action; a running total of what
 * is typed; the files sent with the next submission; and withdrawing.
 */
import type { SubmissionResult } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext, type RequestContext } from "~/auth/request.server";
import { AttachFileForm } from "~/components/form/attach-file-form";
import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { CheckboxField, FieldError, InputField, SelectField, TextareaField } from "~/components/form/fields";
import { rowFields } from "~/components/form/line-items";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { TableFrame } from "~/components/table-frame";
import { ATTACHMENT_TOO_LARGE, attachFileSchema } from "~/models/shared/attachment.schema";
import { ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES } from "~/models/shared/attachments.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { CURRENCIES, INCOTERMS } from "~/models/shared/vocabularies";
import {
  quoteDraftSchema,
  quoteFormSchema,
  removeAttachmentSchema,
  runningQuoteTotal,
  withdrawSchema,
  type TypedQuote,
} from "~/models/sourcing/quote.schema";
import { addQuoteAttachment, removeQuoteAttachment } from "~/models/sourcing/quote-files.server";
import { getOwnQuoteForm, saveQuoteDraft, submitQuote, withdrawQuote } from "~/models/sourcing/quote-submission.server";
import { getRfqPage } from "~/models/sourcing/rfq-queries.server";
import { loadRfqFor } from "~/models/sourcing/rfq.server";
import { requireId } from "~/utils/http.server";
import { toDecimal } from "~/utils/money";
import { readFormData, readSubmission, replyWithError } from "~/utils/submission.server";
import { readUploadSubmission, uploadedFile } from "~/utils/upload.server";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { unitLabel } from "~/components/vocabulary-labels";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Your quote");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  // A page for whoever quotes: the buying side is refused before anything is read.
  requireAbility(ctx, "quote", "Quote");
  const id = requireId(params.id, "No such RFQ.");
  const page = await getRfqPage(ctx, { id });
  const own = await getOwnQuoteForm(ctx, { rfqId: id });
  return {
    rfq: page.rfq,
    buyerName: page.buyerName,
    lines: page.lines,
    can: page.can,
    quote: own.quote
      ? { status: own.quote.status, version: own.quote.version, draftSavedAt: own.quote.draft_saved_at }
      : null,
    revision: own.revision,
    prices: own.prices,
    draft: own.draft,
    pendingFiles: own.pendingFiles,
    attachmentTypes: ATTACHMENT_EXTENSIONS,
    formToken: issueFormToken(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "quote", "Quote");
  const id = requireId(params.id, "No such RFQ.");
  // A 404 before the form is read for anyone not invited.
  await loadRfqFor(ctx, id, "read");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return attach(request, ctx, id);
  }
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "remove-attachment") {
    const parsed = readSubmission(formData, removeAttachmentSchema);
    if (!parsed.ok) return parsed.response;
    try {
      await removeQuoteAttachment(ctx, { rfqId: id, attachmentId: parsed.value.attachmentId });
      return { ok: "removed" as const };
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  if (intent === "withdraw") {
    const parsed = readSubmission(formData, withdrawSchema);
    if (!parsed.ok) return parsed.response;
    try {
      await withdrawQuote(ctx, { rfqId: id, version: parsed.value.version });
      return { ok: "withdrawn" as const };
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  if (intent === "save") {
    // A draft may be half filled in: only lengths are checked.
    const parsed = readSubmission(formData, quoteDraftSchema);
    if (!parsed.ok) return parsed.response;
    try {
      await saveQuoteDraft(ctx, { rfqId: id, ...parsed.value });
      return { ok: "saved" as const };
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  const parsed = readSubmission(formData, quoteFormSchema);
  if (!parsed.ok) return parsed.response;
  try {
    // One revision per form sent, however often the same form arrives.
    await once(ctx, { token: formTokenOf(parsed.submission), purpose: "quote.submit" }, async (tx) => {
      const { quoteId, revision } = await submitQuote(tx, { rfqId: id, ...parsed.value });
      return { quoteId, revision };
    });
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
  return redirect(`/rfqs/${id}?submitted=1`);
}

/** The one multipart form on the page: a file to send with the quote. */
async function attach(request: Request, ctx: RequestContext, id: string) {
  const parsed = await readUploadSubmission(request, attachFileSchema, {
    maxBytes: ATTACHMENT_MAX_BYTES,
    tooLarge: ATTACHMENT_TOO_LARGE,
    intent: "attach",
  });
  if (!parsed.ok) return parsed.response;
  try {
    const file = await uploadedFile(parsed.value.attachment);
    // A file sent twice (double click, resend) is attached once.
    await once(ctx, { token: formTokenOf(parsed.submission), purpose: "quote.attach" }, async (tx) => ({
      id: (await addQuoteAttachment(tx, { rfqId: id, file })).id,
    }));
    return { ok: "attached" as const };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const DONE = {
  saved: msg("Your draft is saved. It is not sent to the buyer until you submit it."),
  withdrawn: msg("Your quote is withdrawn. The buyer will not see it; you can submit again until the deadline."),
  attached: msg("The file is attached. It is sent to the buyer with your next submission."),
  removed: msg("The file is removed."),
};

/** A stored decimal as someone would type it: "2.1000" becomes "2.1". */
const plain = (v: string | null | undefined) => (v === null || v === undefined ? "" : toDecimal(v).toString());

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type Reply = SubmissionResult<string[]> | undefined;

/** The RFQ's states, for the sentence saying why no quote can be submitted. */
const RFQ_STATES: Record<string, string> = {
  draft: msg("This RFQ is a draft; quotes can no longer be submitted."),
  open: msg("This RFQ is open; quotes can no longer be submitted."),
  closed: msg("This RFQ is closed; quotes can no longer be submitted."),
  awarded: msg("This RFQ is awarded; quotes can no longer be submitted."),
  cancelled: msg("This RFQ is cancelled; quotes can no longer be submitted."),
};

export default function QuotePage() {
  const { t, format } = useI18n();
  const { rfq, buyerName, can, quote, revision, pendingFiles, attachmentTypes, formToken } =
    useLoaderData<typeof loader>();
  const result = useActionData<{ ok: keyof typeof DONE } | SubmissionResult<string[]>>();
  const busy = useNavigation().state !== "idle";
  const reply = asReply(result);
  const replyIntent = reply?.initialValue?.intent;
  const done = result && "ok" in result ? DONE[result.ok] : null;
  // The quote form's buttons post "save" or "submit"; a post without an intent is a submission.
  const quoteReply =
    reply && (replyIntent === undefined || replyIntent === "save" || replyIntent === "submit") ? reply : undefined;
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link> · {buyerName}
        {revision ? (
          <>
            {" · "}
            <Link to={`/rfqs/${rfq.id}/quote/history`}>{t("Revision history")}</Link>
          </>
        ) : null}
      </p>
      <h1>{t("Quote for {{title}}", { title: rfq.title })}</h1>
      <p className="banner info">
        {t(
          "Deadline {{deadline}}. Your prices are sealed: the buyer sees them only after the deadline, and no other supplier ever does.",
          { deadline: format.instant(rfq.deadline) },
        )}
        {revision
          ? ` ${t("You submitted revision {{revision}} at {{at}}; submitting again makes a new revision.", {
              revision: revision.revision,
              at: format.instant(revision.received_at),
            })}`
          : ""}
        {quote?.draftSavedAt
          ? ` ${t("Draft saved at {{at}}, not yet sent.", { at: format.instant(quote.draftSavedAt) })}`
          : ""}
      </p>
      {done ? (
        <p className="banner ok" role="status">
          {t(done)}
        </p>
      ) : null}
      {!can.quote ? (
        <p className="banner bad">
          {t(RFQ_STATES[rfq.status] ?? msg("This RFQ is closed; quotes can no longer be submitted."))}
        </p>
      ) : (
        <QuoteForm lastResult={quoteReply} busy={busy} />
      )}
      {can.quote ? (
        <section className="card">
          <h2>{t("Files with your quote")}</h2>
          <p className="hint">
            {t(
              "Files attached here are sent with your next submission and, like your prices, reach the buyer only after the deadline.",
            )}
          </p>
          {pendingFiles.length > 0 ? (
            <ul aria-label={t("Files to send with your quote")}>
              {pendingFiles.map((f) => (
                <li key={f.id}>
                  <a href={`/rfqs/${rfq.id}/quote/attachments/${f.id}`} download>
                    {f.filename}
                  </a>{" "}
                  <span className="hint">
                    SHA-256 <code>{f.sha256.slice(0, 16)}…</code>
                  </span>{" "}
                  <RemoveFileForm
                    file={f}
                    lastResult={
                      replyIntent === "remove-attachment" && reply?.initialValue?.attachmentId === f.id
                        ? reply
                        : undefined
                    }
                    busy={busy}
                  />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("No files waiting to be sent.")}</p>
          )}
          <AttachFileForm
            schema={attachFileSchema}
            types={attachmentTypes}
            lastResult={replyIntent === "attach" ? reply : undefined}
            busy={busy}
            formToken={formToken}
          />
        </section>
      ) : null}
      {can.withdraw && quote ? (
        <WithdrawForm version={quote.version} lastResult={replyIntent === "withdraw" ? reply : undefined} busy={busy} />
      ) : null}
    </>
  );
}

/** What the form starts from when no reply came back: the saved draft, else the last revision, else the RFQ's terms. */
function startingValues({ rfq, lines, revision, prices, draft }: PageData) {
  if (draft) {
    return {
      ...draft,
      lines: lines.map((l) => {
        const drafted = draft.lines.find((d) => d.rfqLineId === l.id);
        return drafted ?? { rfqLineId: l.id };
      }),
    };
  }
  return {
    currency: revision?.currency ?? rfq.currency,
    leadTimeDays: revision ? String(revision.lead_time_days) : "",
    freight: revision && toDecimal(revision.freight).gt(0) ? plain(revision.freight) : "",
    otherCharges: revision && toDecimal(revision.other_charges).gt(0) ? plain(revision.other_charges) : "",
    validUntil: revision?.valid_until ?? "",
    paymentTerms: revision?.payment_terms ?? rfq.payment_terms ?? "",
    incoterm: revision?.incoterm ?? rfq.incoterm ?? "",
    notes: revision?.notes ?? "",
    lines: lines.map((l) => {
      const p = prices[l.id];
      if (!p) return { rfqLineId: l.id };
      return {
        rfqLineId: l.id,
        unitPrice: plain(p.unitPrice),
        noBid: p.noBid ? ("on" as const) : undefined,
        minOrderQuantity: plain(p.minOrderQuantity),
        alternateOffer: p.alternateOffer ?? "",
      };
    }),
  };
}

/** The quote form as typed, read from the form element (or, before any typing, from its starting values). */
function readTyped(get: (name: string) => string | undefined, count: number): TypedQuote {
  return {
    currency: get("currency") ?? "",
    freight: get("freight") ?? "",
    otherCharges: get("otherCharges") ?? "",
    lines: Array.from({ length: count }, (_, i) => ({
      unitPrice: get(`lines[${i}].unitPrice`) ?? "",
      noBid: get(`lines[${i}].noBid`) === "on",
    })),
  };
}

function QuoteForm({ lastResult, busy }: { lastResult: Reply; busy: boolean }) {
  const { t, format } = useI18n();
  const data = useLoaderData<typeof loader>();
  const { rfq, lines, can } = data;
  const [form, fields] = useSchemaForm(quoteFormSchema, {
    id: "quote-form",
    lastResult,
    defaultValue: startingValues(data),
    // Saving a draft accepts what is half done; submitting (or a field left, before any button) checks it all.
    schemaFor: (formData) => (formData.get("intent") === "save" ? quoteDraftSchema : quoteFormSchema),
  });
  const row = rowFields(form.id, fields.lines, ["unitPrice", "noBid", "minOrderQuantity", "alternateOffer"]);
  // The running total starts from what the server rendered (also without JavaScript) and follows every keystroke.
  const [typed, setTyped] = useState<TypedQuote>(() =>
    readTyped((name) => {
      if (name === "currency") return fields.currency.defaultValue;
      if (name === "freight") return fields.freight.defaultValue;
      if (name === "otherCharges") return fields.otherCharges.defaultValue;
      const m = /^lines\[(\d+)\]\.(unitPrice|noBid)$/.exec(name);
      return m ? row(Number(m[1]))[m[2] as "unitPrice" | "noBid"].defaultValue : undefined;
    }, lines.length),
  );
  const running = runningQuoteTotal(
    lines.map((l) => l.quantity),
    typed,
    rfq.currency,
  );
  // Amounts are labelled in the currency being typed (once it looks like a code), else the RFQ's.
  const currency = running.currency;
  return (
    <Form
      method="post"
      id={form.id}
      onSubmit={form.onSubmit}
      onInput={(event) => {
        const formData = new FormData(event.currentTarget);
        setTyped(readTyped((name) => formData.get(name)?.toString(), lines.length));
      }}
      noValidate
      className="stack"
    >
      <FormTokenField token={data.formToken} />
      <ErrorSummary form={form} />
      <InputField
        field={fields.currency}
        id="currency"
        label={t("Quote currency")}
        hint={t("ISO 4217 code; the RFQ asks in {{currency}}. Prices below are in this currency.", {
          currency: rfq.currency,
        })}
        list="currency-codes"
        maxLength={3}
        autoComplete="off"
      />
      <datalist id="currency-codes">
        {CURRENCIES.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <FieldError id={fields.lines.id} errors={fields.lines.errors} />
      <TableFrame label={t("Your prices")}>
        <table className="lines-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("Item")}</th>
              <th className="num">{t("Quantity")}</th>
              <th>{t("Unit price ({{currency}})", { currency })}</th>
              <th>{t("No bid")}</th>
              <th>{t("Minimum order quantity")}</th>
              <th>{t("Alternate offer")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => {
              const f = row(i);
              return (
                <tr key={l.id}>
                  <td>{l.position}</td>
                  <td>
                    {l.item_name}
                    <div className="hint">{l.specification}</div>
                  </td>
                  <td className="num">
                    {format.quantity(l.quantity)} {unitLabel(t, l.unit)}
                  </td>
                  <td>
                    <input type="hidden" name={`lines[${i}].rfqLineId`} value={l.id} />
                    <InputField
                      field={f.unitPrice}
                      id={`price-${i}`}
                      label={t("Unit price for {{item}}", { item: l.item_name })}
                      labelHidden
                      inputMode="decimal"
                    />
                  </td>
                  <td>
                    <CheckboxField
                      field={f.noBid}
                      id={`nobid-${i}`}
                      label={t("No bid for {{item}}", { item: l.item_name })}
                      labelHidden
                    />
                  </td>
                  <td>
                    <InputField
                      field={f.minOrderQuantity}
                      id={`moq-${i}`}
                      label={t("Minimum order quantity for {{item}}", { item: l.item_name })}
                      labelHidden
                      inputMode="decimal"
                    />
                  </td>
                  <td>
                    <InputField
                      field={f.alternateOffer}
                      id={`alt-${i}`}
                      label={t("Alternate offer for {{item}}", { item: l.item_name })}
                      labelHidden
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableFrame>
      <div className="row">
        <InputField field={fields.leadTimeDays} id="leadTimeDays" label={t("Lead time (days)")} inputMode="numeric" />
        <InputField
          field={fields.freight}
          id="freight"
          label={t("Freight ({{currency}})", { currency })}
          inputMode="decimal"
        />
        <InputField
          field={fields.otherCharges}
          id="otherCharges"
          label={t("Other charges ({{currency}})", { currency })}
          inputMode="decimal"
        />
      </div>
      <section className="card" aria-labelledby="quote-total-heading">
        <h2 id="quote-total-heading">{t("Running total")}</h2>
        <dl className="facts" aria-live="polite">
          <dt>{t("Lines")}</dt>
          <dd data-testid="quote-subtotal">{format.money(running.subtotal, currency)}</dd>
          <dt>{t("Freight and other charges")}</dt>
          <dd data-testid="quote-charges">{format.money(running.charges, currency)}</dd>
          <dt>{t("Total")}</dt>
          <dd data-testid="quote-total">
            <strong>{format.money(running.total, currency)}</strong>
          </dd>
        </dl>
        {running.unpriced > 0 ? (
          <p className="hint" data-testid="quote-unpriced">
            {t("{{count}} lines have no price yet and count nothing.", { count: running.unpriced })}
          </p>
        ) : null}
      </section>
      <div className="row">
        <InputField field={fields.validUntil} id="validUntil" label={t("Valid until")} type="date" />
        <InputField field={fields.paymentTerms} id="paymentTerms" label={t("Payment terms")} />
        <SelectField
          field={fields.incoterm}
          id="incoterm"
          label={t("Incoterm")}
          options={INCOTERMS}
          placeholder={t("None")}
        />
      </div>
      <TextareaField field={fields.notes} id="notes" label={t("Notes to the buyer")} rows={3} />
      <div className="actions">
        <button type="submit" name="intent" value="submit" disabled={busy}>
          {t("Submit quote")}
        </button>
        {can.saveDraft ? (
          <button type="submit" name="intent" value="save" className="secondary" disabled={busy}>
            {t("Save draft")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}

function RemoveFileForm({
  file,
  lastResult,
  busy,
}: {
  file: { id: string; filename: string };
  lastResult: Reply;
  busy: boolean;
}) {
  const { t } = useI18n();
  const [form] = useSchemaForm(removeAttachmentSchema, { id: `remove-${file.id}`, lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate style={{ display: "inline" }}>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="remove-attachment" />
      <input type="hidden" name="attachmentId" value={file.id} />
      <button
        type="submit"
        className="secondary"
        aria-label={t("Remove {{file}}", { file: file.filename })}
        disabled={busy}
      >
        {t("Remove")}
      </button>
    </Form>
  );
}

/** Withdrawing carries the quote's version as the supplier saw it: a submission made meanwhile makes it stale. */
function WithdrawForm({ version, lastResult, busy }: { version: number; lastResult: Reply; busy: boolean }) {
  const { t } = useI18n();
  const [form] = useSchemaForm(withdrawSchema, { id: "withdraw-form", lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="card">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="version" value={version} />
      <p className="hint">{t("Withdrawing removes your quote from the buyer's view; its history is kept.")}</p>
      <button type="submit" className="danger" disabled={busy}>
        {t("Withdraw quote")}
      </button>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
