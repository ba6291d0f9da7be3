import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { Field, FormErrorBanner, invalidProps } from "~/components/field";
import { StatusBadge } from "~/components/status-badge";
import { invoiceApprovalSchema, invoiceResubmitSchema } from "~/models/fulfilment/invoice.schema";
import { approveInvoice } from "~/models/fulfilment/invoice.server";
import { getInvoicePage } from "~/models/fulfilment/invoice-queries.server";
import { resubmitInvoice } from "~/models/fulfilment/invoice-submission.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";
import { TableFrame } from "~/components/table-frame";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Invoice ${data?.invoice.invoice_number ?? ""} · Quotient` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  return getInvoicePage(ctx, { id: requireId(params.id, "invoice") });
}

type ActionResult = ActionErrorBody | { ok: "approved" | "matched" | "disputed" };

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "invoice");
  const formData = await request.formData();
  // Two forms on one page: the supplier's correction says so; finance's approval is the default.
  if (formData.get("intent") === "resubmit") {
    const parsed = parseForm(invoiceResubmitSchema, formData);
    if (!parsed.ok)
      return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
    try {
      // The match found no difference, or some: the machine's own test for matched or disputed.
      const { differences } = await resubmitInvoice(ctx, { id, ...parsed.data });
      return { ok: differences.length === 0 ? "matched" : "disputed" } as const;
    } catch (error) {
      return actionErrorResponse(error, { ...parsed.data, intent: "resubmit" });
    }
  }
  const parsed = parseForm(invoiceApprovalSchema, formData);
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  try {
    await approveInvoice(ctx, { id, ...parsed.data });
    return { ok: "approved" } as const;
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

const DONE: Record<"approved" | "matched" | "disputed", string> = {
  approved: "Invoice approved.",
  matched: "Invoice resubmitted. It matches the purchase order and waits for the buyer's finance team.",
  disputed: "Invoice resubmitted. It still differs from the purchase order; see the differences below.",
};

export default function InvoicePage() {
  const { invoice, po, lines, generalDifferences, revisions, can } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const errors = result && "errors" in result ? result.errors : {};
  const values = result && "values" in result ? (result.values ?? {}) : {};
  const resubmitting = values.intent === "resubmit";
  const typedReason = resubmitting ? undefined : values.overrideReason;
  const typedLines = (resubmitting ? values.lines : undefined) as
    { poLineId?: string; quantity?: string; unitPrice?: string; taxRate?: string }[] | undefined;
  return (
    <>
      <h1>
        Invoice {invoice.invoice_number} <StatusBadge status={invoice.status} />
      </h1>
      {params.get("submitted") && !result ? <p className="banner ok">Invoice submitted.</p> : null}
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {DONE[result.ok]}
        </p>
      ) : null}
      <FormErrorBanner message={errors.form} />
      <dl className="facts card">
        <dt>Purchase order</dt>
        <dd>
          <Link to={`/pos/${po.id}`}>{po.number}</Link>
        </dd>
        <dt>Supplier</dt>
        <dd>{po.supplierName}</dd>
        <dt>Invoice date</dt>
        <dd>{invoice.issued_on}</dd>
        {invoice.due_on ? (
          <>
            <dt>Due</dt>
            <dd>{invoice.due_on}</dd>
          </>
        ) : null}
        <dt>Subtotal</dt>
        <dd>{formatMoney(invoice.subtotal, invoice.currency)}</dd>
        <dt>Tax</dt>
        <dd>{formatMoney(invoice.tax_total, invoice.currency)}</dd>
        <dt>Total</dt>
        <dd>
          <strong>{formatMoney(invoice.total, invoice.currency)}</strong>
        </dd>
        {revisions.length > 0 ? (
          <>
            <dt>Submission</dt>
            <dd>
              {revisions.length + 1} (resubmitted {revisions.length === 1 ? "once" : `${revisions.length} times`})
            </dd>
          </>
        ) : null}
      </dl>
      {invoice.differences.length > 0 ? (
        <section className="card" aria-labelledby="differences">
          <h2 id="differences" style={{ marginTop: 0 }}>
            Differences from the purchase order
          </h2>
          <ul>
            {invoice.differences.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {can.resubmit ? (
        <Form method="post" className="stack card" aria-labelledby="correct">
          <h2 id="correct" style={{ marginTop: 0 }}>
            Correct and resubmit
          </h2>
          <p className="hint">
            Correct the lines below; the invoice is matched against the purchase order and its receipts again. The
            figures you submitted before stay in the invoice&apos;s history.
          </p>
          {generalDifferences.length > 0 ? (
            <ul>
              {generalDifferences.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          ) : null}
          <input type="hidden" name="intent" value="resubmit" />
          <input type="hidden" name="version" value={invoice.version} />
          {lines.map((l, i) => {
            const typed = typedLines?.[i];
            return (
              <fieldset key={l.id}>
                <legend>
                  Line {l.position}: {l.item_name}
                </legend>
                {l.differences.length > 0 ? (
                  <ul className="error" aria-label={`Differences on line ${l.position}`}>
                    {l.differences.map((d, j) => (
                      <li key={j}>{d}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="hint">No difference on this line.</p>
                )}
                <input type="hidden" name={`lines[${i}].poLineId`} value={l.po_line_id} />
                <div className="row">
                  <Field
                    id={`qty-${i}`}
                    label={`Quantity invoiced of ${l.item_name} (${l.unit})`}
                    error={errors[`lines.${i}.quantity`]}
                  >
                    <input
                      id={`qty-${i}`}
                      name={`lines[${i}].quantity`}
                      inputMode="decimal"
                      defaultValue={typed?.quantity ?? plain(l.quantity)}
                      {...invalidProps(`qty-${i}`, errors[`lines.${i}.quantity`])}
                    />
                  </Field>
                  <Field
                    id={`price-${i}`}
                    label={`Unit price of ${l.item_name} (${invoice.currency})`}
                    error={errors[`lines.${i}.unitPrice`]}
                    hint={`Purchase order: ${formatUnitPrice(l.poUnitPrice, invoice.currency)}`}
                  >
                    <input
                      id={`price-${i}`}
                      name={`lines[${i}].unitPrice`}
                      inputMode="decimal"
                      defaultValue={typed?.unitPrice ?? plain(l.unit_price)}
                      {...invalidProps(`price-${i}`, errors[`lines.${i}.unitPrice`])}
                    />
                  </Field>
                  <Field id={`tax-${i}`} label={`Tax rate of ${l.item_name} (%)`} error={errors[`lines.${i}.taxRate`]}>
                    <input
                      id={`tax-${i}`}
                      name={`lines[${i}].taxRate`}
                      inputMode="decimal"
                      defaultValue={typed?.taxRate ?? plain(l.tax_rate)}
                      {...invalidProps(`tax-${i}`, errors[`lines.${i}.taxRate`])}
                    />
                  </Field>
                </div>
              </fieldset>
            );
          })}
          <button type="submit" disabled={busy}>
            Resubmit invoice
          </button>
        </Form>
      ) : (
        <TableFrame label="Invoice lines">
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>Item</th>
                <th className="num">Quantity</th>
                <th className="num">Unit price</th>
                <th className="num">PO unit price</th>
                <th className="num">Tax</th>
                <th className="num">Net</th>
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
                        {d}
                      </div>
                    ))}
                  </td>
                  <td className="num">
                    {formatQuantity(l.quantity)} {l.unit}
                  </td>
                  <td className="num">{formatUnitPrice(l.unit_price, invoice.currency)}</td>
                  <td className="num">{formatUnitPrice(l.poUnitPrice, invoice.currency)}</td>
                  <td className="num">{formatQuantity(l.tax_rate)}%</td>
                  <td className="num">{formatMoney(l.line_total, invoice.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      {can.approve ? (
        <Form method="post" className="stack card">
          <input type="hidden" name="version" value={invoice.version} />
          {can.approveOnlyWithReason ? (
            <Field id="overrideReason" label="Reason to approve despite the differences" error={errors.overrideReason}>
              <textarea
                id="overrideReason"
                name="overrideReason"
                rows={2}
                defaultValue={typeof typedReason === "string" ? typedReason : undefined}
                {...invalidProps("overrideReason", errors.overrideReason)}
              />
            </Field>
          ) : null}
          <button type="submit" disabled={busy}>
            Approve invoice
          </button>
        </Form>
      ) : null}
      {revisions.length > 0 ? (
        <section aria-labelledby="history">
          <h2 id="history">Earlier submissions</h2>
          {revisions.map((r) => (
            <details key={r.revision} className="card">
              <summary>
                Submission {r.revision}: {formatMoney(r.total, invoice.currency)}, replaced{" "}
                {new Date(r.supersededAt).toISOString().slice(0, 16).replace("T", " ")} UTC
              </summary>
              <TableFrame label={`Submission ${r.revision}`}>
                <table aria-label={`Submission ${r.revision}`}>
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>Item</th>
                      <th className="num">Quantity</th>
                      <th className="num">Unit price</th>
                      <th className="num">Tax</th>
                      <th className="num">Net</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.lines.map((l) => (
                      <tr key={l.poLineId}>
                        <td>{l.position}</td>
                        <td>{l.itemName}</td>
                        <td className="num">
                          {formatQuantity(l.quantity)} {l.unit}
                        </td>
                        <td className="num">{formatUnitPrice(l.unitPrice, invoice.currency)}</td>
                        <td className="num">{formatQuantity(l.taxRate)}%</td>
                        <td className="num">{formatMoney(l.lineTotal, invoice.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableFrame>
              <p>
                Subtotal {formatMoney(r.subtotal, invoice.currency)}, tax {formatMoney(r.taxTotal, invoice.currency)},
                total {formatMoney(r.total, invoice.currency)}.
              </p>
              {r.differences.length > 0 ? (
                <>
                  <p>Differences found then:</p>
                  <ul>
                    {r.differences.map((d, i) => (
                      <li key={i}>{d}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </details>
          ))}
        </section>
      ) : null}
    </>
  );
}

/** A stored decimal as someone would type it: "20.0000" becomes "20". */
function plain(value: string): string {
  return value.includes(".") ? value.replace(/\.?0+$/, "") : value;
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
