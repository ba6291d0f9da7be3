import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { Fact } from "~/components/facts";
import { Field, FormErrorBanner } from "~/components/field";
import { StatusBadge } from "~/components/status-badge";
import { cancelRfq, closeRfq, getRfqPage, loadRfqFor, publishRfq } from "~/models/rfq.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { formatQuantity } from "~/utils/money";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.rfq.title ?? "RFQ"} · Quotient` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  return getRfqPage(db, user, ability, requireId(params.id, "RFQ"), new Date());
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish"), version: z.coerce.number().int() }),
  z.object({ intent: z.literal("close"), version: z.coerce.number().int() }),
  z.object({
    intent: z.literal("cancel"),
    version: z.coerce.number().int(),
    reason: z
      .string({ error: "Say why the RFQ is cancelled." })
      .trim()
      .min(3, "Say why the RFQ is cancelled.")
      .max(1000),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  const id = requireId(params.id, "RFQ");
  const parsed = parseForm(actionSchema, await request.formData());
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  const input = parsed.data;
  await loadRfqFor(db, user, ability, id, input.intent);
  const at = new Date();
  try {
    if (input.intent === "publish") await publishRfq(db, user, id, input.version, at);
    if (input.intent === "close") await closeRfq(db, user, id, input.version, at);
    if (input.intent === "cancel") await cancelRfq(db, user, id, input.version, input.reason, at);
    return { ok: input.intent };
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

const DONE: Record<string, string> = {
  publish: "The RFQ is published and the suppliers are invited.",
  close: "The RFQ is closed. Quotes can now be compared.",
  cancel: "The RFQ is cancelled.",
};

export default function RfqPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody | { ok: string }>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { rfq, lines } = data;
  const errors = result && "errors" in result ? result.errors : {};
  const busy = navigation.state !== "idle";
  return (
    <>
      <p className="muted">{rfq.reference}</p>
      <h1>
        {rfq.title} <StatusBadge status={rfq.status} />
      </h1>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {DONE[result.ok]}
        </p>
      ) : null}
      {params.get("submitted") && data.myQuote ? (
        <p className="banner ok" role="status">
          Your quote was received (revision {data.myQuote.current_revision}). You can revise it until the deadline.
        </p>
      ) : null}
      <FormErrorBanner message={errors.form} />
      <section className="card">
        <dl className="facts">
          <dt>Buyer</dt>
          <dd>{data.buyerName}</dd>
          <dt>Currency</dt>
          <dd>{rfq.currency}</dd>
          <dt>Response deadline</dt>
          <dd>
            {formatInstant(rfq.deadline, rfq.deadline_time_zone)}
            {rfq.deadline_time_zone !== "UTC" ? (
              <span className="hint"> ({formatInstant(rfq.deadline, "UTC")})</span>
            ) : null}
          </dd>
          <Fact label="Delivery">{rfq.delivery_address}</Fact>
          <Fact label="Cancelled because">{rfq.cancel_reason}</Fact>
        </dl>
        {rfq.description ? <p style={{ whiteSpace: "pre-line" }}>{rfq.description}</p> : null}
      </section>

      <h2>Line items</h2>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Item</th>
            <th>Specification</th>
            <th className="num">Quantity</th>
            <th>Unit</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{l.position}</td>
              <td>{l.item_name}</td>
              <td>{l.specification}</td>
              <td className="num">{formatQuantity(l.quantity)}</td>
              <td>{l.unit}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {data.supplierView ? (
        <section className="card">
          <h2>Your quote</h2>
          {data.myQuote && data.myQuote.current_revision > 0 ? (
            <p>
              Status <StatusBadge status={data.myQuote.status} /> · revision {data.myQuote.current_revision}
            </p>
          ) : (
            <p className="muted">You have not quoted yet.</p>
          )}
          {rfq.status === "open" ? (
            <Link className="button" to={`/rfqs/${rfq.id}/quote`}>
              {data.myQuote && data.myQuote.current_revision > 0 ? "Revise quote" : "Enter quote"}
            </Link>
          ) : null}
        </section>
      ) : (
        <>
          <h2>Invited suppliers</h2>
          <p className="hint">
            Quotes stay sealed until the deadline: you see who answered, never a price, until the RFQ closes.
          </p>
          <table>
            <thead>
              <tr>
                <th>Supplier</th>
                <th>Status</th>
                <th>Viewed</th>
                <th>Answered</th>
              </tr>
            </thead>
            <tbody>
              {data.invitations.map((i) => (
                <tr key={i.id}>
                  <td>{i.supplierName ?? i.invited_email}</td>
                  <td>
                    <StatusBadge status={i.status} />
                  </td>
                  <td>{i.viewed_at ? formatInstant(i.viewed_at) : "—"}</td>
                  <td>{i.answered_at ? formatInstant(i.answered_at) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            {data.canCompare ? (
              <Link className="button" to={`/rfqs/${rfq.id}/compare`}>
                Compare quotes
              </Link>
            ) : null}
            {data.possible.includes("PUBLISH") ? (
              <Form method="post">
                <input type="hidden" name="version" value={rfq.version} />
                <button type="submit" name="intent" value="publish" disabled={busy}>
                  Publish RFQ
                </button>
              </Form>
            ) : null}
            {data.possible.includes("CLOSE") ? (
              <Form method="post">
                <input type="hidden" name="version" value={rfq.version} />
                <button type="submit" name="intent" value="close" disabled={busy}>
                  Close RFQ
                </button>
              </Form>
            ) : null}
          </div>
          {data.possible.includes("CANCEL") ? (
            <details className="card">
              <summary>Cancel this RFQ</summary>
              <Form method="post" className="stack">
                <input type="hidden" name="version" value={rfq.version} />
                <Field id="reason" label="Reason for cancelling" error={errors.reason}>
                  <textarea id="reason" name="reason" rows={2} />
                </Field>
                <button type="submit" name="intent" value="cancel" className="danger" disabled={busy}>
                  Cancel RFQ
                </button>
              </Form>
            </details>
          ) : null}
        </>
      )}
    </>
  );
}
