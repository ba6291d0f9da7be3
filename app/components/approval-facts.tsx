/**
 * What finance reads before approving a purchase order: the RFQ behind it
 * (with its comparison), every supplier's landed total there, the buyer's
 * justification of the award, the amount in the approval policy's currency
 * and the rule that asks for the approval. Presentational: the sentences
 * that depend on the amounts come from the models as catalogue messages.
 */
import { Link } from "@remix-run/react";

import { translated } from "~/i18n/config";
import { useI18n } from "~/i18n/react";

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
  const { t, format } = useI18n();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="approval-facts">
      <dl className="facts">
        <dt>{t("In the policy currency")}</dt>
        <dd>{inPolicyText ? translated(t, inPolicyText) : t("No approval policy is set.")}</dd>
        <dt>{t("Why it needs approval")}</dt>
        <dd>{translated(t, rule)}</dd>
        {rfq ? (
          <>
            <dt>{t("From RFQ")}</dt>
            <dd>
              <Link to={`/rfqs/${rfq.id}`}>{rfq.reference ? `${rfq.reference} · ${rfq.title}` : rfq.title}</Link>
              {" · "}
              <Link to={`/rfqs/${rfq.id}/compare`}>{t("Compare the quotes")}</Link>
            </dd>
            <dt>{t("Award justification")}</dt>
            <dd>{rfq.justification ?? t("None needed: the award went to the lowest landed total.")}</dd>
          </>
        ) : (
          <>
            <dt>{t("From RFQ")}</dt>
            <dd>{t("None: ordered directly, without quotes to compare.")}</dd>
          </>
        )}
      </dl>
      {competitors.length > 0 && comparisonCurrency ? (
        <>
          <Heading className="facts-heading">{t("Landed totals on the RFQ")}</Heading>
          <ul className="queue-list">
            {competitors.map((c) => (
              <li key={c.supplierName}>
                {c.supplierName}: {c.landedTotal ? format.money(c.landedTotal, comparisonCurrency) : "—"}
                {c.lowest ? ` · ${t("lowest")}` : ""}
                {c.thisOrder ? ` · ${t("this order's supplier")}` : ""}
                {c.note ? ` · ${translated(t, c.note)}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
