import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import type { SubmissionResult } from "@conform-to/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { InputField, TextareaField } from "~/components/form/fields";
import { rowFields } from "~/components/form/line-items";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { StatusBadge } from "~/components/status-badge";
import { invoiceApprovalSchema, invoicePaymentSchema, invoiceResubmitSchema } from "~/models/fulfilment/invoice.schema";
import { approveInvoice } from "~/models/fulfilment/invoice.server";
import { recordPayment } from "~/models/fulfilment/invoice-payment.server";
import { FormTokenField } from "~/components/form/form-token-field";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { getInvoicePage } from "~/models/fulfilment/invoice-queries.server";
import { resubmitInvoice } from "~/models/fulfilment/invoice-submission.server";
import { type FormReply, readFormData, readSubmission, replyWithError } from "~/utils/submission.server";
import { requireId } from "~/utils/http.server";
import { TableFrame } from "~/components/table-frame";
import { TimelineList } from "~/components/timeline-list";
import { msg, translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { unitLabel } from "~/models/ordering/labels";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  titled(matches, "Invoice {{number}}", { number: data?.invoice.invoice_number ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  return {
    ...(await getInvoicePage(ctx, { id: requireId(params.id, "No such invoice.") })),
    timeZone: ctx.user.timeZone,
    formToken: issueFormToken(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such invoice.");
  const formData = await readFormData(request);
  // Several forms on one page: the supplier's correction and finance's payment say so; approval is the default.
  if (formData.get("intent") === "pay") {
    const parsed = readSubmission(formData, invoicePaymentSchema);
    if (!parsed.ok) return parsed.response;
    try {
      const { intent: _intent, ...input } = parsed.value;
      await once(ctx, { token: formTokenOf(parsed.submission), purpose: "invoice.pay" }, (tx) =>
        recordPayment(tx, { id, ...input }),
      );
      return { ok: "paid" } as const;
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  if (formData.get("intent") === "resubmit") {
    const parsed = readSubmission(formData, invoiceResubmitSchema);
    if (!parsed.ok) return parsed.response;
    try {
      // The match found no difference, or some: the machine's own test for matched or disputed.
      const { differences } = await resubmitInvoice(ctx, { id, ...parsed.value });
      return { ok: differences.length === 0 ? "matched" : "disputed" } as const;
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  const parsed = readSubmission(formData, invoiceApprovalSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await approveInvoice(ctx, { id, ...parsed.value });
    return { ok: "approved" } as const;
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

type Done = "approved" | "matched" | "disputed" | "paid";

const DONE: Record<Done, string> = {
  approved: msg("Invoice approved."),
  paid: msg("Payment recorded. The supplier has been told."),
  matched: msg("Invoice resubmitted. It matches the purchase order and waits for the buyer's finance team."),
  disputed: msg("Invoice resubmitted. It still differs from the purchase order; see the differences below."),
};

export default function InvoicePage() {
  const { invoice, po, lines, generalDifferences, revisions, history, timeZone, can, payment, formToken } =
    useLoaderData<typeof loader>();
  const result = useActionData<{ ok: Done } | FormReply>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const { t, format } = useI18n();
  const reply = asReply(result);
  // Two forms post here: the supplier's correction says "resubmit", finance's approval says nothing.
  const resubmitReply = reply?.initialValue?.intent === "resubmit" ? reply : undefined;
  const payReply = reply?.initialValue?.intent === "pay" ? reply : undefined;
  const approveReply = reply && !resubmitReply && !payReply ? reply : undefined;
  return (
    <>
      <Breadcrumbs
        trail={[
          { label: t("Invoices"), to: "/invoices" },
          { label: t("PO {{number}}", { number: po.number }), to: `/pos/${po.id}` },
          { label: invoice.invoice_number },
        ]}
      />
      <h1>
        {t("Invoice {{number}}", { number: invoice.invoice_number })} <StatusBadge status={invoice.status} />
      </h1>
      {params.get("submitted") && !result ? <p className="banner ok">{t("Invoice submitted.")}</p> : null}
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {t(DONE[result.ok])}
        </p>
      ) : null}
      <dl className="facts card">
        <dt>{t("Purchase order")}</dt>
        <dd>
          <Link to={`/pos/${po.id}`}>{po.number}</Link>
        </dd>
        <dt>{t("Supplier")}</dt>
        <dd>{po.supplierName}</dd>
        <dt>{t("Invoice date")}</dt>
        <dd>{format.date(invoice.issued_on)}</dd>
        {invoice.due_on ? (
          <>
            <dt>{t("Due")}</dt>
            <dd>{format.date(invoice.due_on)}</dd>
          </>
        ) : null}
        <dt>{t("Subtotal")}</dt>
        <dd>{format.money(invoice.subtotal, invoice.currency)}</dd>
        <dt>{t("Tax")}</dt>
        <dd>{format.money(invoice.tax_total, invoice.currency)}</dd>
        <dt>{t("Total")}</dt>
        <dd>
          <strong>{format.money(invoice.total, invoice.currency)}</strong>
        </dd>
        {invoice.paid_on ? (
          <>
            <dt>{t("Paid")}</dt>
            <dd>
              {t("{{date}}, reference {{reference}}", {
                date: format.date(invoice.paid_on),
                reference: invoice.payment_reference,
              })}
            </dd>
          </>
        ) : null}
        {revisions.length > 0 ? (
          <>
            <dt>{t("Submission")}</dt>
            <dd>
              {t("{{submission}} (resubmitted {{count}} times)", {
                submission: revisions.length + 1,
                count: revisions.length,
              })}
            </dd>
          </>
        ) : null}
      </dl>
      {invoice.differences.length > 0 ? (
        <section className="card" aria-labelledby="differences">
          <h2 id="differences" style={{ marginTop: 0 }}>
            {t("Differences from the purchase order")}
          </h2>
          <ul>
            {invoice.differences.map((d, i) => (
              <li key={i}>{translated(t, d, format)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {can.resubmit ? (
        <ResubmitForm
          invoice={invoice}
          lines={lines}
          generalDifferences={generalDifferences}
          lastResult={resubmitReply}
          busy={busy}
        />
      ) : (
        <TableFrame label={t("Invoice lines")}>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t("Item")}</th>
                <th className="num">{t("Quantity")}</th>
                <th className="num">{t("Unit price")}</th>
                <th className="num">{t("PO unit price")}</th>
                <th className="num">{t("Tax")}</th>
                <th className="num">{t("Net")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.id}>
                  <td>{l.position}</td>
                  <td>
                    {l.item_name}
                    {l.differences.map((d, j) => (
                      <div key={j} className="error">
                        {translated(t, d, format)}
                      </div>
                    ))}
                  </td>
                  <td className="num">
                    {format.quantity(l.quantity)} {t(unitLabel(l.unit))}
                  </td>
                  <td className="num">{format.unitPrice(l.unit_price, invoice.currency)}</td>
                  <td className="num">{format.unitPrice(l.poUnitPrice, invoice.currency)}</td>
                  <td className="num">{format.quantity(l.tax_rate)}%</td>
                  <td className="num">{format.money(l.line_total, invoice.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      {can.approve ? (
        <ApproveForm
          version={invoice.version}
          disputed={can.approveOnlyWithReason}
          lastResult={approveReply}
          busy={busy}
        />
      ) : null}
      {payment ? (
        <PayForm
          version={invoice.version}
          total={format.money(invoice.total, invoice.currency)}
          held={payment.held}
          acknowledgePath={payment.acknowledgePath}
          formToken={formToken}
          lastResult={payReply}
          busy={busy}
        />
      ) : null}
      {revisions.length > 0 ? (
        <section aria-labelledby="history">
          <h2 id="history">{t("Earlier submissions")}</h2>
          {revisions.map((r) => (
            <details key={r.revision} className="card">
              <summary>
                {t("Submission {{revision}}: {{total}}, replaced {{at}}", {
                  revision: r.revision,
                  total: format.money(r.total, invoice.currency),
                  at: format.instant(r.supersededAt),
                })}
              </summary>
              <TableFrame label={t("Submission {{revision}}", { revision: r.revision })}>
                <table aria-label={t("Submission {{revision}}", { revision: r.revision })}>
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>{t("Item")}</th>
                      <th className="num">{t("Quantity")}</th>
                      <th className="num">{t("Unit price")}</th>
                      <th className="num">{t("Tax")}</th>
                      <th className="num">{t("Net")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.lines.map((l) => (
                      <tr key={l.poLineId}>
                        <td>{l.position}</td>
                        <td>{l.itemName}</td>
                        <td className="num">
                          {format.quantity(l.quantity)} {t(unitLabel(l.unit))}
                        </td>
                        <td className="num">{format.unitPrice(l.unitPrice, invoice.currency)}</td>
                        <td className="num">{format.quantity(l.taxRate)}%</td>
                        <td className="num">{format.money(l.lineTotal, invoice.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableFrame>
              <p>
                {t("Subtotal {{subtotal}}, tax {{tax}}, total {{total}}.", {
                  subtotal: format.money(r.subtotal, invoice.currency),
                  tax: format.money(r.taxTotal, invoice.currency),
                  total: format.money(r.total, invoice.currency),
                })}
              </p>
              {r.differences.length > 0 ? (
                <>
                  <p>{t("Differences found then:")}</p>
                  <ul>
                    {r.differences.map((d, i) => (
                      <li key={i}>{translated(t, d, format)}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </details>
          ))}
        </section>
      ) : null}
      <TimelineList entries={history} timeZone={timeZone} />
    </>
  );
}

/** A stored decimal as someone would type it: "20.0000" becomes "20". */
function plain(value: string): string {
  return value.includes(".") ? value.replace(/\.?0+$/, "") : value;
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

/** The supplier's correction of a disputed invoice: every line's quantity, price and tax again. */
function ResubmitForm({
  invoice,
  lines,
  generalDifferences,
  lastResult,
  busy,
}: {
  invoice: PageData["invoice"];
  lines: PageData["lines"];
  generalDifferences: PageData["generalDifferences"];
  lastResult?: SubmissionResult<string[]>;
  busy: boolean;
}) {
  const [form, fields] = useSchemaForm(invoiceResubmitSchema, {
    id: "resubmit",
    lastResult,
    defaultValue: {
      lines: lines.map((l) => ({
        poLineId: l.po_line_id,
        quantity: plain(l.quantity),
        unitPrice: plain(l.unit_price),
        taxRate: plain(l.tax_rate),
      })),
    },
  });
  const row = rowFields(form.id, fields.lines, ["quantity", "unitPrice", "taxRate"]);
  const { t, format } = useI18n();
  return (
    <Form
      method="post"
      id={form.id}
      onSubmit={form.onSubmit}
      noValidate
      className="stack card"
      aria-labelledby="correct"
    >
      <ErrorSummary form={form} />
      <h2 id="correct" style={{ marginTop: 0 }}>
        {t("Correct and resubmit")}
      </h2>
      <p className="hint">
        {t(
          "Correct the lines below; the invoice is matched against the purchase order and its receipts again. The figures you submitted before stay in the invoice's history.",
        )}
      </p>
      {generalDifferences.length > 0 ? (
        <ul>
          {generalDifferences.map((d, i) => (
            <li key={i}>{translated(t, d, format)}</li>
          ))}
        </ul>
      ) : null}
      <input type="hidden" name="intent" value="resubmit" />
      <input type="hidden" name="version" value={invoice.version} />
      {lines.map((l, i) => {
        const fieldset = row(i);
        return (
          <fieldset key={l.id}>
            <legend>{t("Line {{position}}: {{item}}", { position: l.position, item: l.item_name })}</legend>
            {l.differences.length > 0 ? (
              <ul className="error" aria-label={t("Differences on line {{position}}", { position: l.position })}>
                {l.differences.map((d, j) => (
                  <li key={j}>{translated(t, d, format)}</li>
                ))}
              </ul>
            ) : (
              <p className="hint">{t("No difference on this line.")}</p>
            )}
            <input type="hidden" name={`lines[${i}].poLineId`} value={l.po_line_id} />
            <div className="row">
              <InputField
                field={fieldset.quantity}
                id={`qty-${i}`}
                label={t("Quantity invoiced of {{item}} ({{unit}})", { item: l.item_name, unit: t(unitLabel(l.unit)) })}
                inputMode="decimal"
              />
              <InputField
                field={fieldset.unitPrice}
                id={`price-${i}`}
                label={t("Unit price of {{item}} ({{currency}})", { item: l.item_name, currency: invoice.currency })}
                hint={t("Purchase order: {{price}}", { price: format.unitPrice(l.poUnitPrice, invoice.currency) })}
                inputMode="decimal"
              />
              <InputField
                field={fieldset.taxRate}
                id={`tax-${i}`}
                label={t("Tax rate of {{item}} (%)", { item: l.item_name })}
                inputMode="decimal"
              />
            </div>
          </fieldset>
        );
      })}
      <button type="submit" disabled={busy}>
        {t("Resubmit invoice")}
      </button>
    </Form>
  );
}

/** Finance's approval; a disputed invoice needs a reason (the server says so when it is missing). */
function ApproveForm({
  version,
  disputed,
  lastResult,
  busy,
}: {
  version: number;
  disputed: boolean;
  lastResult?: SubmissionResult<string[]>;
  busy: boolean;
}) {
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(invoiceApprovalSchema, { id: "approve", lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
      <ErrorSummary form={form} />
      <input type="hidden" name="version" value={version} />
      {disputed ? (
        <TextareaField
          field={fields.overrideReason}
          id="overrideReason"
          label={t("Reason to approve despite the differences")}
          rows={2}
        />
      ) : null}
      <button type="submit" disabled={busy}>
        {t("Approve invoice")}
      </button>
    </Form>
  );
}

/**
 * Finance records the payment of an approved invoice. While the supplier's
 * changed bank details wait for acknowledgement the button stays, disabled,
 * with the reason and the way to act beside it; the server refuses anyway.
 */
function PayForm({
  version,
  total,
  held,
  acknowledgePath,
  formToken,
  lastResult,
  busy,
}: {
  version: number;
  total: string;
  held: string | null;
  acknowledgePath: string;
  formToken: string;
  lastResult?: SubmissionResult<string[]>;
  busy: boolean;
}) {
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(invoicePaymentSchema, { id: "pay", lastResult });
  return (
    <Form
      method="post"
      id={form.id}
      onSubmit={form.onSubmit}
      noValidate
      className="stack card"
      aria-labelledby="pay-heading"
    >
      <h2 id="pay-heading" style={{ marginTop: 0 }}>
        {t("Record payment")}
      </h2>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="pay" />
      <input type="hidden" name="version" value={version} />
      <FormTokenField token={formToken} />
      <p>{t("Amount: {{total}} (the invoice total).", { total })}</p>
      <div className="row">
        <InputField field={fields.paidOn} id="paidOn" label={t("Date paid")} type="date" />
        <InputField field={fields.reference} id="reference" label={t("Payment reference")} autoComplete="off" />
      </div>
      <div className="row actions">
        <button type="submit" disabled={busy || held !== null} aria-describedby={held ? "pay-held" : undefined}>
          {t("Record payment")}
        </button>
        {held ? (
          <p id="pay-held" className="error">
            {translated(t, held)} <Link to={acknowledgePath}>{t("Review the bank change")}</Link>
          </p>
        ) : null}
      </div>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
