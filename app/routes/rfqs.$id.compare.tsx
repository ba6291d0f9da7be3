import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { FormErrorBanner } from "~/components/field";
import { StatusBadge } from "~/components/status-badge";
import { AwardPanel } from "~/components/award-panel";
import { award } from "~/models/award.server";
import { awardSchema, toAwardChoice } from "~/models/award.schema";
import { loadComparison } from "~/models/comparison.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";
import { requireId } from "~/utils/http.server";
import { formatMoney, formatQuantity, formatUnitPrice } from "~/utils/money";
import { formatInstant } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Compare quotes · Quotient" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request, ["buyer", "finance"]);
  const comparison = await loadComparison(db, user, ability, requireId(params.id, "RFQ"), new Date());
  return { ...comparison, canAward: comparison.rfq.status === "closed" && user.role === "buyer" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ability, db } = await requireContext(request, ["buyer"]);
  const rfqId = requireId(params.id, "RFQ");
  const parsed = parseForm(awardSchema, await request.formData());
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  const { version, justification } = parsed.data;
  try {
    const result = await award(
      db,
      user,
      ability,
      { rfqId, version, choice: toAwardChoice(parsed.data), justification },
      new Date(),
    );
    const [only] = result.purchaseOrders;
    if (result.purchaseOrders.length === 1) return redirect(`/pos/${only.id}?awarded=1`);
    return redirect(`/rfqs/${rfqId}?awarded=${result.purchaseOrders.length}`);
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

export default function Compare() {
  const { rfq, lines, suppliers, summary, currency, closeDate, canAward } = useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody>();
  const navigation = useNavigation();
  const perSupplier = (label: string, render: (s: (typeof suppliers)[number]) => React.ReactNode) => (
    <tr>
      <th scope="row">{label}</th>
      <td />
      {suppliers.map((s) => (
        <td key={s.quoteId} className="num">
          {render(s)}
        </td>
      ))}
    </tr>
  );
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link>
      </p>
      <h1>
        Compare quotes: {rfq.title} <StatusBadge status={rfq.status} />
      </h1>
      <FormErrorBanner message={result?.errors.form} />
      {suppliers.length === 0 ? (
        <p className="card muted">No supplier submitted a quote.</p>
      ) : (
        <>
          <section className="card" aria-label="Summary">
            <dl>
              <dt>Lowest total</dt>
              <dd data-testid="summary-lowest">
                {summary.lowest
                  ? `${summary.lowest.supplierName}: ${formatMoney(summary.lowest.total, currency)}`
                  : "No quote prices every line at a known rate."}
              </dd>
              <dt>Cheapest per line (best split)</dt>
              <dd data-testid="summary-split">
                {summary.splitTotal ? formatMoney(summary.splitTotal, currency) : "Some line has no comparable price."}
              </dd>
              <dt>Difference</dt>
              <dd data-testid="summary-difference">
                {summary.difference ? formatMoney(summary.difference, currency) : "—"}
              </dd>
            </dl>
            <p className="hint">
              Amounts in {currency} at the FX rates of the close date, {closeDate}.{" "}
              <a href={`/rfqs/${rfq.id}/compare.csv`} download>
                Download CSV
              </a>
            </p>
          </section>
          <table aria-label="Quote comparison">
            <thead>
              <tr>
                <th>Item</th>
                <th className="num">Quantity</th>
                {suppliers.map((s) => (
                  <th key={s.quoteId} className="num" scope="col">
                    {s.supplierName}
                    {s.lowest ? <span className="badge">Lowest total</span> : null}
                    {s.expired ? <span className="badge">Expired</span> : null}
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
                  {suppliers.map((s) => {
                    const cell = s.cells[l.id];
                    return (
                      <td
                        key={s.quoteId}
                        className={`num ${cell?.lowest ? "lowest" : ""}`}
                        data-testid={`cell-${l.position}-${s.supplierName}`}
                      >
                        {!cell ? (
                          <span className="muted">no bid</span>
                        ) : (
                          <>
                            {formatUnitPrice(cell.unitPrice, s.currency)}
                            <div className="hint">{formatMoney(cell.lineTotal, s.currency)}</div>
                            {s.currency === currency ? null : (
                              <div className="hint">
                                {cell.convertedLineTotal === null || cell.convertedUnitPrice === null
                                  ? "no rate"
                                  : `${formatUnitPrice(cell.convertedUnitPrice, currency)} · ${formatMoney(cell.convertedLineTotal, currency)}`}
                              </div>
                            )}
                            {cell.lowest ? <span className="badge">Lowest</span> : null}
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
              <tr>
                <th scope="row">Total ({currency})</th>
                <td />
                {suppliers.map((s) => (
                  <td
                    key={s.quoteId}
                    className={`num ${s.lowest ? "lowest" : ""}`}
                    data-testid={`total-${s.supplierName}`}
                  >
                    {s.convertedTotal === null ? "no rate" : formatMoney(s.convertedTotal, currency)}
                  </td>
                ))}
              </tr>
              {perSupplier(`Landed total (${currency})`, (s) => (
                <span data-testid={`landed-${s.supplierName}`}>
                  {s.landedTotal === null ? "no rate" : formatMoney(s.landedTotal, currency)}
                </span>
              ))}
              {perSupplier("Quoted in", (s) =>
                s.currency === currency
                  ? s.currency
                  : `${s.currency}, ${s.missingRate ? "no rate" : `1 ${s.currency} = ${s.rate} ${currency}`}`,
              )}
              {perSupplier("Lead time", (s) => `${s.leadTimeDays} days`)}
              {perSupplier("Valid until", (s) =>
                s.validUntil ? `${s.validUntil}${s.expired ? " (expired)" : ""}` : "—",
              )}
              {perSupplier("Payment terms", (s) => s.paymentTerms ?? "—")}
              {perSupplier("Incoterm", (s) => s.incoterm ?? "—")}
              {perSupplier("Received", (s) => `rev. ${s.revision}, ${formatInstant(s.receivedAt)}`)}
            </tbody>
          </table>
          {canAward ? (
            <AwardPanel
              version={rfq.version}
              currency={currency}
              lines={lines}
              suppliers={suppliers}
              errors={result?.errors ?? {}}
              values={result?.values}
              busy={navigation.state !== "idle"}
            />
          ) : null}
        </>
      )}
    </>
  );
}
