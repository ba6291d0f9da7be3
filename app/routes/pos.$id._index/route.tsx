import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { Fact } from "~/components/facts";
import { Field, FormErrorBanner, invalidProps, TextField } from "~/components/field";
import { StatusBadge } from "~/components/status-badge";
import { acknowledgePo, cancelPo, declinePo } from "~/models/ordering/supplier-answers.server";
import { approvePo, rejectPo, revisePo, submitPo } from "~/models/ordering/approval.server";
import { changeHiddenFrom, readablePurchaseOrder } from "~/models/ordering/purchase-order.server";
import { getPoPage } from "~/models/ordering/queries.server";
import { receiptFormSchema } from "~/models/fulfilment/receipt.schema";
import { recordReceipt } from "~/models/fulfilment/receipt.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";
import { formatInstant } from "~/utils/time";
import { TableFrame } from "~/components/table-frame";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.po.number ?? "Purchase order"} · Quotient` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  const id = requireId(params.id, "purchase order");
  const po = await readablePurchaseOrder(db, ability, id);
  if (changeHiddenFrom(ability, po)) throw redirect(`/pos/${id}/revisions/${po.revision - 1}`);
  return getPoPage(db, user, ability, id, new Date());
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
  const { user, ability, db } = await requireContext(request);
  const id = requireId(params.id, "purchase order");
  const parsed = parseForm(actionSchema, await request.formData());
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  const input = parsed.data;
  const at = new Date();
  try {
    if (input.intent === "submit") await submitPo(db, user, ability, id, input.version, at);
    if (input.intent === "approve") await approvePo(db, user, ability, id, input.version, at);
    if (input.intent === "reject") await rejectPo(db, user, ability, id, input.version, input.reason, at);
    if (input.intent === "decline") await declinePo(db, user, ability, id, input.version, input.declineReason, at);
    if (input.intent === "cancel") await cancelPo(db, user, ability, id, input.version, input.cancelReason, at);
    if (input.intent === "revise") await revisePo(db, user, ability, id, input.version, at);
    if (input.intent === "receive") await recordReceipt(db, user, ability, id, input);
    if (input.intent === "acknowledge")
      await acknowledgePo(db, user, ability, id, input.version, input.promisedDate || null, at);
    return { ok: input.intent };
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

export default function PoPage() {
  const { po, lines, buyerName, supplierName, approvals, timeline, receipts, invoices, actions, revisions } =
    useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody | { ok: string }>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : {};
  const typed = (result && "values" in result ? result.values : undefined) ?? {};
  const typedText = (name: string) => (typeof typed[name] === "string" ? (typed[name] as string) : undefined);
  const typedLines = Array.isArray(typed.lines) ? (typed.lines as { quantity?: string }[]) : [];
  const busy = navigation.state !== "idle";
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
          {po.status === "pending_approval"
            ? `Change order saved as revision ${po.revision}. Its total rose, so finance approves it before the supplier gets it.`
            : `Change order saved as revision ${po.revision} and issued to the supplier, who acknowledges it again.`}
        </p>
      ) : null}
      {po.status === "pending_approval" && po.change_from ? (
        <p className="banner info">
          Revision {po.revision} is a change order awaiting approval; the supplier still has revision {po.revision - 1}.
        </p>
      ) : null}
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {DONE[result.ok]}
        </p>
      ) : null}
      <FormErrorBanner message={errors.form} />
      {po.status === "rejected" && po.reason ? (
        <p className="banner bad">Finance rejected this purchase order: {po.reason}</p>
      ) : null}
      {po.status === "declined" && po.reason ? (
        <p className="banner bad">The supplier declined this purchase order: {po.reason}</p>
      ) : null}
      {po.status === "cancelled" && po.reason ? (
        <p className="banner bad">This purchase order was cancelled: {po.reason}</p>
      ) : null}
      <div className="grid2">
        <section className="card">
          <dl className="facts">
            <dt>Buyer</dt>
            <dd>{buyerName}</dd>
            <dt>Supplier</dt>
            <dd>{supplierName}</dd>
            <dt>Revision</dt>
            <dd>{po.revision}</dd>
            <Fact label="Reason for the change">{po.revision > 1 ? po.change_reason : null}</Fact>
            <dt>Created</dt>
            <dd>{formatInstant(po.created_at)}</dd>
            <Fact label="Issued">{po.issued_at ? formatInstant(po.issued_at) : null}</Fact>
            <Fact label="Delivery date">{po.delivery_date}</Fact>
            <Fact label="Promised delivery">{po.promised_date}</Fact>
            <Fact label="Payment terms">{po.payment_terms}</Fact>
            <Fact label="Notes">{po.notes}</Fact>
            <Fact label="Reason">{po.reason}</Fact>
            <dt>Approvals needed</dt>
            <dd>{po.status === "draft" ? "set on submission" : po.required_approvals}</dd>
          </dl>
        </section>
        <section className="card">
          <h2 style={{ marginTop: 0 }}>Documents</h2>
          <p>
            <a href={`/pos/${po.id}/pdf`} download>
              Download PDF
            </a>
          </p>
          <p>
            <a href={`/pos/${po.id}/ubl`} download>
              Download UBL (XML)
            </a>
          </p>
          {revisions.length > 1 ? (
            <>
              <h2>Revisions</h2>
              <ul>
                {revisions.map((n) => (
                  <li key={n}>
                    <Link to={`/pos/${po.id}/revisions/${n}`}>
                      Revision {n}
                      {n === po.revision ? " (current)" : ""}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {approvals.length > 0 ? (
            <>
              <h2>Approvals</h2>
              <ul>
                {approvals.map((a, i) => (
                  <li key={i}>
                    {a.decision} by {a.name}, {formatInstant(a.created_at)}
                    {po.revision > 1 ? ` (revision ${a.po_revision})` : ""}
                    {a.reason ? `: ${a.reason}` : ""}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>

      <TableFrame label="Purchase order lines">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Item</th>
              <th className="num">Quantity</th>
              <th className="num">Received</th>
              <th className="num">Unit price</th>
              <th className="num">Line total</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>{l.position}</td>
                <td>
                  {l.item_name}
                  <div className="hint">{l.specification}</div>
                </td>
                <td className="num">
                  {formatQuantity(l.quantity)} {l.unit}
                </td>
                <td className="num">
                  {formatQuantity(l.received)} {l.unit}
                </td>
                <td className="num">{formatUnitPrice(l.unit_price, po.currency)}</td>
                <td className="num">{formatMoney(l.line_total, po.currency)}</td>
              </tr>
            ))}
            <tr>
              <th colSpan={5} className="num">
                Total
              </th>
              <td className="num">
                <strong>{formatMoney(po.total, po.currency)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      </TableFrame>

      <div className="actions">
        {actions.edit ? <Link to={`/pos/${po.id}/edit`}>Edit draft</Link> : null}
        {actions.change ? <Link to={`/pos/${po.id}/change`}>Make a change order</Link> : null}
        {actions.submit ? (
          <Form method="post">
            <input type="hidden" name="version" value={po.version} />
            <button type="submit" name="intent" value="submit" disabled={busy}>
              Submit for approval
            </button>
          </Form>
        ) : null}
        {actions.approve ? (
          <Form method="post">
            <input type="hidden" name="version" value={po.version} />
            <button type="submit" name="intent" value="approve" disabled={busy}>
              Approve
            </button>
          </Form>
        ) : null}
      </div>
      {actions.creatorOfPending ? (
        <p className="banner info">You created this purchase order, so someone else in finance must approve it.</p>
      ) : null}
      {actions.reject ? (
        <details className="card" open={Boolean(errors.reason)}>
          <summary>Reject</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={po.version} />
            <Field id="reason" label="Reason for rejecting" error={errors.reason}>
              <textarea
                id="reason"
                name="reason"
                rows={2}
                defaultValue={typedText("reason")}
                {...invalidProps("reason", errors.reason)}
              />
            </Field>
            <button type="submit" name="intent" value="reject" className="danger" disabled={busy}>
              Reject
            </button>
          </Form>
        </details>
      ) : null}
      {actions.acknowledge ? (
        <section className="card">
          <h2 style={{ marginTop: 0 }}>Acknowledge this order</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={po.version} />
            <TextField
              id="promisedDate"
              label="Promised delivery date (optional)"
              error={errors.promisedDate}
              name="promisedDate"
              type="date"
            />
            <button type="submit" name="intent" value="acknowledge" disabled={busy}>
              Acknowledge
            </button>
          </Form>
        </section>
      ) : null}

      {actions.invoice ? (
        <p>
          <Link to={`/pos/${po.id}/invoice`}>Submit an invoice</Link>
        </p>
      ) : null}
      {actions.revise ? (
        <Form method="post">
          <input type="hidden" name="version" value={po.version} />
          <button type="submit" name="intent" value="revise" disabled={busy}>
            Revise purchase order
          </button>
        </Form>
      ) : null}
      {actions.decline ? (
        <details className="card" open={Boolean(errors.declineReason)}>
          <summary>Decline</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={po.version} />
            <Field id="declineReason" label="Reason for declining" error={errors.declineReason}>
              <textarea
                id="declineReason"
                name="declineReason"
                rows={2}
                defaultValue={typedText("declineReason")}
                {...invalidProps("declineReason", errors.declineReason)}
              />
            </Field>
            <button type="submit" name="intent" value="decline" className="danger" disabled={busy}>
              Decline purchase order
            </button>
          </Form>
        </details>
      ) : null}
      {actions.receive ? (
        <section className="card">
          <h2 style={{ marginTop: 0 }}>Record goods received</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={po.version} />
            {lines.map((l, i) => (
              <div key={l.id}>
                <input type="hidden" name={`lines[${i}].poLineId`} value={l.id} />
                <Field
                  id={`receive-${i}`}
                  label={`Quantity received of ${l.item_name} (${l.unit})`}
                  error={errors[`lines.${i}.quantity`]}
                  hint={`${formatQuantity(l.quantity)} ordered, ${formatQuantity(l.received)} received so far`}
                >
                  <input
                    id={`receive-${i}`}
                    name={`lines[${i}].quantity`}
                    inputMode="decimal"
                    defaultValue={typedLines[i]?.quantity ?? ""}
                    {...invalidProps(`receive-${i}`, errors[`lines.${i}.quantity`])}
                  />
                </Field>
              </div>
            ))}
            <TextField
              id="receivedOn"
              label="Received on"
              error={errors.receivedOn}
              name="receivedOn"
              type="date"
              defaultValue={typedText("receivedOn") ?? new Date().toISOString().slice(0, 10)}
            />
            <Field id="note" label="Delivery note (optional)" error={errors.note}>
              <input id="note" name="note" defaultValue={typedText("note")} {...invalidProps("note", errors.note)} />
            </Field>
            <button type="submit" name="intent" value="receive" disabled={busy}>
              Record receipt
            </button>
          </Form>
        </section>
      ) : null}
      {receipts.length > 0 ? (
        <>
          <h2>Goods received</h2>
          <ul>
            {receipts.map((r, i) => (
              <li key={`${r.id}-${i}`}>
                {r.received_on} · {r.receivedBy} · {formatQuantity(r.quantity)} {r.unit} {r.item_name}
                {r.note ? ` (${r.note})` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {invoices.length > 0 ? (
        <>
          <h2>Invoices</h2>
          <ul>
            {invoices.map((i) => (
              <li key={i.id}>
                <Link to={`/invoices/${i.id}`}>{i.invoice_number}</Link> · {i.issued_on} ·{" "}
                {formatMoney(i.total, i.currency)} · <StatusBadge status={i.status} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {actions.cancel ? (
        <details className="card" open={Boolean(errors.cancelReason)}>
          <summary>Cancel purchase order</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={po.version} />
            <Field id="cancelReason" label="Reason for cancelling" error={errors.cancelReason}>
              <textarea
                id="cancelReason"
                name="cancelReason"
                rows={2}
                defaultValue={typedText("cancelReason")}
                {...invalidProps("cancelReason", errors.cancelReason)}
              />
            </Field>
            <button type="submit" name="intent" value="cancel" className="danger" disabled={busy}>
              Cancel purchase order
            </button>
          </Form>
        </details>
      ) : null}

      <h2>Timeline</h2>
      <ol>
        {timeline.map((e) => (
          <li key={e.id}>
            {formatInstant(e.created_at)} · {e.actorName ?? "system"} ·{" "}
            {e.event === "CHANGE" ? "change order" : e.event.toLowerCase().replace(/_/g, " ")}
            {e.event === "CHANGE" && typeof e.data?.revision === "number" ? ` (revision ${e.data.revision})` : ""}
            {e.to_state ? ` → ${e.to_state.replace(/_/g, " ")}` : ""}
            {typeof e.data?.reason === "string" ? `: ${e.data.reason}` : ""}
          </li>
        ))}
      </ol>
    </>
  );
}
