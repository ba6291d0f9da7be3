/**
 * What finance reads before approving a purchase order: the RFQ behind it
 * (with its comparison), every supplier's landed total there, the buyer's
 * justification of the award, the amount in the approval policy's currency
 * and the rule that asks for the approval. Presentational: every sentence
 * comes from the models.
 */
import { Link } from "@remix-run/react";

import { formatMoney } from "~/utils/money";

export interface ApprovalFactsProps {
  headingLevel?: 2 | 3;
  inPolicyText: string | null;
  rule: string;
  rfq: { id: string; reference: string | null; title: string; justification: string | null } | null;
  competitors: {
    supplierName: string;
    landedTotal: string | null;
    lowest: boolean;
    thisOrder: boolean;
    note: string | null;
  }[];
  comparisonCurrency: string | null;
}

export function ApprovalFacts({
  headingLevel = 2,
  inPolicyText,
  rule,
  rfq,
  competitors,
  comparisonCurrency,
}: ApprovalFactsProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="approval-facts">
      <dl className="facts">
        <dt>In the policy currency</dt>
        <dd>{inPolicyText ?? "No approval policy is set."}</dd>
        <dt>Why it needs approval</dt>
        <dd>{rule}</dd>
        {rfq ? (
          <>
            <dt>From RFQ</dt>
            <dd>
              <Link to={`/rfqs/${rfq.id}`}>{rfq.reference ? `${rfq.reference} · ${rfq.title}` : rfq.title}</Link>
              {" · "}
              <Link to={`/rfqs/${rfq.id}/compare`}>Compare the quotes</Link>
            </dd>
            <dt>Award justification</dt>
            <dd>{rfq.justification ?? "None needed: the award went to the lowest landed total."}</dd>
          </>
        ) : (
          <>
            <dt>From RFQ</dt>
            <dd>None: ordered directly, without quotes to compare.</dd>
          </>
        )}
      </dl>
      {competitors.length > 0 && comparisonCurrency ? (
        <>
          <Heading className="facts-heading">Landed totals on the RFQ</Heading>
          <ul className="queue-list">
            {competitors.map((c) => (
              <li key={c.supplierName}>
                {c.supplierName}: {c.landedTotal ? formatMoney(c.landedTotal, comparisonCurrency) : "—"}
                {c.lowest ? " · lowest" : ""}
                {c.thisOrder ? " · this order's supplier" : ""}
                {c.note ? ` · ${c.note}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
