/**
 * The comparison behind a purchase order, in brief, as finance reads it
 * beside the PO: built from the summary the award kept beside the RFQ
 * (`rfq_award_summaries`, written by sourcing's award), so neither the PO
 * page nor the approval queue runs the comparison again. Pure: the callers
 * read the row and decide who may see it.
 */
import type { AwardSummary } from "../../../db/schema";

export interface AwardFacts {
  rfq: { id: string; reference: string | null; title: string; currency: string };
  justification: string | null;
  competitors: {
    supplierOrgId: string;
    supplierName: string;
    landedTotal: string | null;
    lowest: boolean;
    /** The supplier of the PO being decided on. */
    thisOrder: boolean;
    note: string | null;
  }[];
}

export function awardFactsFromSummary(
  rfq: { id: string; reference: string | null; title: string; award_justification: string | null },
  summary: AwardSummary,
  supplierOrgId: string,
): AwardFacts {
  return {
    rfq: { id: rfq.id, reference: rfq.reference, title: rfq.title, currency: summary.currency },
    justification: rfq.award_justification,
    competitors: summary.competitors.map((c) => ({ ...c, thisOrder: c.supplierOrgId === supplierOrgId })),
  };
}
