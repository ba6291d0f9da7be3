import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext, type RequestContext } from "~/auth/request.server";
import { Field, FormErrorBanner, invalidProps, TextField } from "~/components/field";
import { ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES } from "~/models/shared/attachments.server";
import {
  quoteDraftSchema,
  quoteFormSchema,
  removeAttachmentSchema,
  withdrawSchema,
} from "~/models/sourcing/quote.schema";
import { addQuoteAttachment, removeQuoteAttachment } from "~/models/sourcing/quote-files.server";
import { getOwnQuoteForm, saveQuoteDraft, submitQuote, withdrawQuote } from "~/models/sourcing/quote-submission.server";
import { CURRENCIES, INCOTERMS } from "~/models/shared/vocabularies";
import { getRfqPage } from "~/models/sourcing/rfq-queries.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { formDataToObject, parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { readUploadedFile } from "~/utils/upload.server";
import { formatQuantity, toDecimal } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { TableFrame } from "~/components/table-frame";
import { loadRfqFor } from "~/models/sourcing/rfq.server";

export const meta: MetaFunction = () => [{ title: "Your quote · Quotient" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  // A page for whoever quotes: the buying side is refused before anything is read.
  requireAbility(ctx, "quote", "Quote");
  const id = requireId(params.id, "RFQ");
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
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "quote", "Quote");
  const id = requireId(params.id, "RFQ");
  // A 404 before the form is read for anyone not invited.
  await loadRfqFor(ctx, id, "read");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return attach(request, ctx, id);
  }
  const formData = await request.formData();
  const intent = formData.get("intent");
  try {
    if (intent === "remove-attachment") {
      const parsed = parseForm(removeAttachmentSchema, formData);
      if (!parsed.ok) return Response.json({ errors: parsed.errors } satisfies ActionErrorBody, { status: 400 });
      await removeQuoteAttachment(ctx, { rfqId: id, attachmentId: parsed.data.attachmentId });
      return { ok: "removed" as const };
    }
    if (intent === "withdraw") {
      const parsed = parseForm(withdrawSchema, formData);
      if (!parsed.ok) return Response.json({ errors: parsed.errors } satisfies ActionErrorBody, { status: 400 });
      await withdrawQuote(ctx, { rfqId: id, version: parsed.data.version });
      return { ok: "withdrawn" as const };
    }
    if (intent === "save") {
      const parsed = parseForm(quoteDraftSchema, formData);
      if (!parsed.ok)
        return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, {
          status: 400,
        });
      await saveQuoteDraft(ctx, { rfqId: id, ...parsed.data });
      return { ok: "saved" as const };
    }
    const parsed = parseForm(quoteFormSchema, formData);
    if (!parsed.ok)
      return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
    await submitQuote(ctx, { rfqId: id, ...parsed.data });
  } catch (error) {
    return actionErrorResponse(error, formDataToObject(formData));
  }
  return redirect(`/rfqs/${id}?submitted=1`);
}

/** The one multipart form on the page: a file to send with the quote. */
async function attach(request: Request, ctx: RequestContext, id: string) {
  const file = await readUploadedFile(request, ATTACHMENT_MAX_BYTES);
  if (file instanceof Response) return file;
  try {
    await addQuoteAttachment(ctx, { rfqId: id, file });
    return { ok: "attached" as const };
  } catch (error) {
    return actionErrorResponse(error);
  }
}

type LineValues = {
  unitPrice?: string;
  noBid?: string;
  minOrderQuantity?: string;
  alternateOffer?: string;
};
type Values = {
  currency?: string;
  leadTimeDays?: string;
  freight?: string;
  otherCharges?: string;
  validUntil?: string;
  paymentTerms?: string;
  incoterm?: string;
  notes?: string;
  lines?: LineValues[];
};

const DONE = {
  saved: "Your draft is saved. It is not sent to the buyer until you submit it.",
  withdrawn: "Your quote is withdrawn. The buyer will not see it; you can submit again until the deadline.",
  attached: "The file is attached. It is sent to the buyer with your next submission.",
  removed: "The file is removed.",
};

const plain = (v: string | null | undefined) => (v === null || v === undefined ? "" : toDecimal(v).toString());

export default function QuoteForm() {
  const { rfq, buyerName, lines, can, quote, revision, prices, draft, pendingFiles, attachmentTypes } =
    useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody | { ok: keyof typeof DONE }>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : {};
  const typed = (result && "errors" in result ? result.values : undefined) as Values | undefined;
  // What the form starts from: what was just typed, else the saved draft, else the last revision.
  const from = (i: number, lineId: string): LineValues => {
    if (typed?.lines?.[i]) return typed.lines[i];
    const drafted = draft?.lines.find((l) => l.rfqLineId === lineId);
    if (drafted) return drafted;
    const p = prices[lineId];
    if (!p) return {};
    return {
      unitPrice: plain(p.unitPrice),
      noBid: p.noBid ? "on" : undefined,
      minOrderQuantity: plain(p.minOrderQuantity),
      alternateOffer: p.alternateOffer ?? "",
    };
  };
  const header: Values = typed ??
    draft ?? {
      currency: revision?.currency ?? rfq.currency,
      leadTimeDays: revision ? String(revision.lead_time_days) : "",
      freight: revision && toDecimal(revision.freight).gt(0) ? plain(revision.freight) : "",
      otherCharges: revision && toDecimal(revision.other_charges).gt(0) ? plain(revision.other_charges) : "",
      validUntil: revision?.valid_until ?? "",
      paymentTerms: revision?.payment_terms ?? rfq.payment_terms ?? "",
      incoterm: revision?.incoterm ?? rfq.incoterm ?? "",
      notes: revision?.notes ?? "",
    };
  // Amounts are labelled in the currency being typed (once it looks like a code), else the RFQ's.
  const [currencyTyped, setCurrencyTyped] = useState(header.currency || rfq.currency);
  const code = currencyTyped.trim().toUpperCase();
  const currency = /^[A-Z]{3}$/.test(code) ? code : rfq.currency;
  const busy = navigation.state !== "idle";
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link> · {buyerName}
        {revision ? (
          <>
            {" · "}
            <Link to={`/rfqs/${rfq.id}/quote/history`}>Revision history</Link>
          </>
        ) : null}
      </p>
      <h1>Quote for {rfq.title}</h1>
      <p className="banner info">
        Deadline {formatInstant(rfq.deadline, rfq.deadline_time_zone)}. Your prices are sealed: the buyer sees them only
        after the deadline, and no other supplier ever does.
        {revision
          ? ` You submitted revision ${revision.revision} at ${formatInstant(revision.received_at)}; submitting again makes a new revision.`
          : ""}
        {quote?.draftSavedAt ? ` Draft saved at ${formatInstant(quote.draftSavedAt)}, not yet sent.` : ""}
      </p>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {DONE[result.ok]}
        </p>
      ) : null}
      <FormErrorBanner message={errors.form} />
      {!can.quote ? (
        <p className="banner bad">This RFQ is {rfq.status}; quotes can no longer be submitted.</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <TextField
            id="currency"
            label="Quote currency"
            error={errors.currency}
            hint={`ISO 4217 code; the RFQ asks in ${rfq.currency}. Prices below are in this currency.`}
            name="currency"
            list="currency-codes"
            maxLength={3}
            autoComplete="off"
            defaultValue={header.currency || rfq.currency}
            onChange={(e) => setCurrencyTyped(e.currentTarget.value)}
          />
          <datalist id="currency-codes">
            {CURRENCIES.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          {errors.lines ? <p className="error">{errors.lines}</p> : null}
          <TableFrame label="Your prices">
            <table className="lines-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Item</th>
                  <th className="num">Quantity</th>
                  <th>Unit price ({currency})</th>
                  <th>No bid</th>
                  <th>Minimum order quantity</th>
                  <th>Alternate offer</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l, i) => {
                  const err = (f: string) => errors[`lines.${i}.${f}`];
                  const v = from(i, l.id);
                  return (
                    <tr key={l.id}>
                      <td>{l.position}</td>
                      <td>
                        {l.item_name}
                        <div className="hint">{l.specification}</div>
                      </td>
                      <td className="num">
                        {formatQuantity(l.quantity)} {l.unit}
                      </td>
                      <td>
                        <input type="hidden" name={`lines[${i}].rfqLineId`} value={l.id} />
                        <label className="sr-only" htmlFor={`price-${i}`}>{`Unit price for ${l.item_name}`}</label>
                        <input
                          id={`price-${i}`}
                          name={`lines[${i}].unitPrice`}
                          inputMode="decimal"
                          defaultValue={v.unitPrice ?? ""}
                          {...invalidProps(`price-${i}`, err("unitPrice"))}
                        />
                        <CellError id={`price-${i}-error`} message={err("unitPrice")} />
                      </td>
                      <td>
                        <label className="sr-only" htmlFor={`nobid-${i}`}>{`No bid for ${l.item_name}`}</label>
                        <input
                          type="checkbox"
                          id={`nobid-${i}`}
                          name={`lines[${i}].noBid`}
                          defaultChecked={v.noBid === "on"}
                        />
                      </td>
                      <td>
                        <label
                          className="sr-only"
                          htmlFor={`moq-${i}`}
                        >{`Minimum order quantity for ${l.item_name}`}</label>
                        <input
                          id={`moq-${i}`}
                          name={`lines[${i}].minOrderQuantity`}
                          inputMode="decimal"
                          defaultValue={v.minOrderQuantity ?? ""}
                          {...invalidProps(`moq-${i}`, err("minOrderQuantity"))}
                        />
                        <CellError id={`moq-${i}-error`} message={err("minOrderQuantity")} />
                      </td>
                      <td>
                        <label className="sr-only" htmlFor={`alt-${i}`}>{`Alternate offer for ${l.item_name}`}</label>
                        <input
                          id={`alt-${i}`}
                          name={`lines[${i}].alternateOffer`}
                          defaultValue={v.alternateOffer ?? ""}
                          {...invalidProps(`alt-${i}`, err("alternateOffer"))}
                        />
                        <CellError id={`alt-${i}-error`} message={err("alternateOffer")} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableFrame>
          <div className="row">
            <TextField
              id="leadTimeDays"
              label="Lead time (days)"
              error={errors.leadTimeDays}
              name="leadTimeDays"
              inputMode="numeric"
              defaultValue={header.leadTimeDays ?? ""}
            />
            <Field id="freight" label={`Freight (${currency})`} error={errors.freight}>
              <input
                id="freight"
                name="freight"
                inputMode="decimal"
                defaultValue={header.freight ?? ""}
                {...invalidProps("freight", errors.freight)}
              />
            </Field>
            <Field id="otherCharges" label={`Other charges (${currency})`} error={errors.otherCharges}>
              <input
                id="otherCharges"
                name="otherCharges"
                inputMode="decimal"
                defaultValue={header.otherCharges ?? ""}
                {...invalidProps("otherCharges", errors.otherCharges)}
              />
            </Field>
          </div>
          <div className="row">
            <TextField
              id="validUntil"
              label="Valid until"
              error={errors.validUntil}
              name="validUntil"
              type="date"
              defaultValue={header.validUntil ?? ""}
            />
            <TextField
              id="paymentTerms"
              label="Payment terms"
              error={errors.paymentTerms}
              name="paymentTerms"
              defaultValue={header.paymentTerms ?? ""}
            />
            <Field id="incoterm" label="Incoterm" error={errors.incoterm}>
              <select
                id="incoterm"
                name="incoterm"
                defaultValue={header.incoterm ?? ""}
                {...invalidProps("incoterm", errors.incoterm)}
              >
                <option value="">None</option>
                {INCOTERMS.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </Field>
          </div>
          <Field id="notes" label="Notes to the buyer" error={errors.notes}>
            <textarea id="notes" name="notes" rows={3} defaultValue={header.notes ?? ""} />
          </Field>
          <div className="actions">
            <button type="submit" name="intent" value="submit" disabled={busy}>
              Submit quote
            </button>
            {can.saveDraft ? (
              <button type="submit" name="intent" value="save" className="secondary" disabled={busy}>
                Save draft
              </button>
            ) : null}
          </div>
        </Form>
      )}
      {can.quote ? (
        <section className="card">
          <h2>Files with your quote</h2>
          <p className="hint">
            Files attached here are sent with your next submission and, like your prices, reach the buyer only after the
            deadline.
          </p>
          {pendingFiles.length > 0 ? (
            <ul aria-label="Files to send with your quote">
              {pendingFiles.map((f) => (
                <li key={f.id}>
                  <a href={`/rfqs/${rfq.id}/quote/attachments/${f.id}`} download>
                    {f.filename}
                  </a>{" "}
                  <span className="hint">
                    SHA-256 <code>{f.sha256.slice(0, 16)}…</code>
                  </span>{" "}
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="attachmentId" value={f.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="remove-attachment"
                      className="secondary"
                      aria-label={`Remove ${f.filename}`}
                      disabled={busy}
                    >
                      Remove
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No files waiting to be sent.</p>
          )}
          <Form method="post" encType="multipart/form-data" className="row">
            <Field
              id="attachment"
              label="Attach a file"
              error={errors.attachment}
              hint={`Up to 10 MB: ${attachmentTypes.join(", ")}.`}
            >
              <input
                id="attachment"
                name="attachment"
                type="file"
                accept={attachmentTypes.map((t) => `.${t}`).join(",")}
                {...invalidProps("attachment", errors.attachment)}
              />
            </Field>
            <button type="submit" className="secondary" disabled={busy}>
              Attach file
            </button>
          </Form>
        </section>
      ) : null}
      {can.withdraw && quote ? (
        <Form method="post" className="card">
          <input type="hidden" name="version" value={quote.version} />
          <p className="hint">Withdrawing removes your quote from the buyer&apos;s view; its history is kept.</p>
          <button type="submit" name="intent" value="withdraw" className="danger" disabled={busy}>
            Withdraw quote
          </button>
        </Form>
      ) : null}
    </>
  );
}

function CellError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <span id={id} className="error">
      {message}
    </span>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
