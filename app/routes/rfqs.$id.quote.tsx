import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { Field, FormErrorBanner, invalidProps } from "~/components/field";
import { quoteFormSchema } from "~/models/quote.schema";
import { getOwnQuoteForm, submitQuote } from "~/models/quote.server";
import { getRfqPage } from "~/models/rfq.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { formDataToObject, parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { formatQuantity } from "~/utils/money";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Your quote · Quotient" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request, ["supplier"]);
  const id = requireId(params.id, "RFQ");
  const page = await getRfqPage(db, user, ability, id, new Date());
  const own = await getOwnQuoteForm(db, user, id);
  return {
    rfq: page.rfq,
    buyerName: page.buyerName,
    lines: page.lines,
    quote: own.quote,
    revision: own.revision,
    prices: own.prices,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ability, db } = await requireContext(request, ["supplier"]);
  const id = requireId(params.id, "RFQ");
  // Reading the page first gives a 404 to anyone not invited.
  await getRfqPage(db, user, ability, id, new Date());
  const formData = await request.formData();
  const parsed = parseForm(quoteFormSchema, formData);
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  try {
    await submitQuote(db, user, id, parsed.data, new Date());
  } catch (error) {
    return actionErrorResponse(error, formDataToObject(formData));
  }
  return redirect(`/rfqs/${id}?submitted=1`);
}

type Values = { leadTimeDays?: string; notes?: string; lines?: { unitPrice?: string; noBid?: string }[] };

export default function QuoteForm() {
  const { rfq, buyerName, lines, revision, prices } = useLoaderData<typeof loader>();
  const data = useActionData<ActionErrorBody>();
  const navigation = useNavigation();
  const errors = data?.errors ?? {};
  const values = data?.values as Values | undefined;
  const open = rfq.status === "open";
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link> · {buyerName}
      </p>
      <h1>Quote for {rfq.title}</h1>
      <p className="banner info">
        Deadline {formatInstant(rfq.deadline, rfq.deadline_time_zone)}. Your prices are sealed: the buyer sees them only
        after the deadline, and no other supplier ever does.
        {revision
          ? ` You submitted revision ${revision.revision} at ${formatInstant(revision.received_at)}; submitting again makes a new revision.`
          : ""}
      </p>
      <FormErrorBanner message={errors.form} />
      {!open ? (
        <p className="banner bad">This RFQ is {rfq.status}; quotes can no longer be submitted.</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          {errors.lines ? <p className="error">{errors.lines}</p> : null}
          <table className="lines-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Item</th>
                <th className="num">Quantity</th>
                <th>Unit price ({rfq.currency})</th>
                <th>No bid</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l, i) => {
                const err = errors[`lines.${i}.unitPrice`];
                const previous = prices[l.id];
                const typed = values?.lines?.[i];
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
                        defaultValue={typed?.unitPrice ?? previous?.unitPrice ?? ""}
                        {...invalidProps(`price-${i}`, err)}
                      />
                      {err ? (
                        <span id={`price-${i}-error`} className="error">
                          {err}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <label className="sr-only" htmlFor={`nobid-${i}`}>{`No bid for ${l.item_name}`}</label>
                      <input
                        type="checkbox"
                        id={`nobid-${i}`}
                        name={`lines[${i}].noBid`}
                        defaultChecked={typed ? typed.noBid === "on" : Boolean(previous?.noBid)}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Field id="leadTimeDays" label="Lead time (days)" error={errors.leadTimeDays}>
            <input
              id="leadTimeDays"
              name="leadTimeDays"
              inputMode="numeric"
              defaultValue={values?.leadTimeDays ?? (revision ? String(revision.lead_time_days) : "")}
              {...invalidProps("leadTimeDays", errors.leadTimeDays)}
            />
          </Field>
          <Field id="notes" label="Notes to the buyer" error={errors.notes}>
            <textarea id="notes" name="notes" rows={3} defaultValue={values?.notes ?? revision?.notes ?? ""} />
          </Field>
          <div className="actions">
            <button type="submit" disabled={navigation.state !== "idle"}>
              Submit quote
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
