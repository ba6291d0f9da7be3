import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { FormErrorBanner } from "~/components/field";
import { StatusBadge } from "~/components/status-badge";
import { awardRfq } from "~/models/award.server";
import { getComparison } from "~/models/quote.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Compare quotes · Quotient" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request, ["buyer", "finance"]);
  const comparison = await getComparison(db, user, ability, requireId(params.id, "RFQ"));
  return { ...comparison, canAward: comparison.rfq.status === "closed" && user.role === "buyer" };
}

const awardSchema = z.object({
  supplierOrgId: z.string({ error: "Choose the supplier to award." }).uuid("Choose the supplier to award."),
  version: z.coerce.number().int(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ability, db } = await requireContext(request, ["buyer"]);
  const rfqId = requireId(params.id, "RFQ");
  const parsed = parseForm(awardSchema, await request.formData());
  if (!parsed.ok) return Response.json({ errors: parsed.errors } satisfies ActionErrorBody, { status: 400 });
  try {
    const po = await awardRfq(db, user, ability, { rfqId, ...parsed.data }, new Date());
    return redirect(`/pos/${po.poId}?awarded=1`);
  } catch (error) {
    return actionErrorResponse(error);
  }
}

export default function Compare() {
  const { rfq, lines, columns, canAward } = useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody>();
  const navigation = useNavigation();
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link>
      </p>
      <h1>
        Compare quotes: {rfq.title} <StatusBadge status={rfq.status} />
      </h1>
      <FormErrorBanner message={result?.errors.form ?? result?.errors.supplierOrgId} />
      {columns.length === 0 ? (
        <p className="card muted">No supplier submitted a quote.</p>
      ) : (
        <table aria-label="Quote comparison">
          <thead>
            <tr>
              <th>Item</th>
              <th className="num">Quantity</th>
              {columns.map((c) => (
                <th key={c.quoteId} className="num" scope="col">
                  {c.supplierName}
                  {c.lowest ? <span className="badge">Lowest total</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.position}. {l.item_name}
                </td>
                <td className="num">
                  {formatQuantity(l.quantity)} {l.unit}
                </td>
                {columns.map((c) => {
                  const p = c.prices[l.id];
                  return (
                    <td key={c.quoteId} className="num">
                      {!p || p.noBid || p.unitPrice === null ? (
                        <span className="muted">no bid</span>
                      ) : (
                        <>
                          {formatUnitPrice(p.unitPrice, c.currency)}
                          <div className="hint">{formatMoney(p.lineTotal ?? "0", c.currency)}</div>
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th scope="row">Total</th>
              <td />
              {columns.map((c) => (
                <td
                  key={c.quoteId}
                  className={`num ${c.lowest ? "lowest" : ""}`}
                  data-testid={`total-${c.supplierName}`}
                >
                  {formatMoney(c.subtotal, c.currency)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">Lead time</th>
              <td />
              {columns.map((c) => (
                <td key={c.quoteId} className="num">
                  {c.leadTimeDays} days
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">Received</th>
              <td />
              {columns.map((c) => (
                <td key={c.quoteId} className="num">
                  rev. {c.revision}, {formatInstant(c.receivedAt)}
                </td>
              ))}
            </tr>
            {canAward ? (
              <tr>
                <th scope="row">Award</th>
                <td />
                {columns.map((c) => (
                  <td key={c.quoteId} className="num">
                    <Form method="post">
                      <input type="hidden" name="supplierOrgId" value={c.supplierOrgId} />
                      <input type="hidden" name="version" value={rfq.version} />
                      <button
                        type="submit"
                        disabled={navigation.state !== "idle"}
                        aria-label={`Award to ${c.supplierName}`}
                      >
                        Award
                      </button>
                    </Form>
                  </td>
                ))}
              </tr>
            ) : null}
          </tbody>
        </table>
      )}
    </>
  );
}
