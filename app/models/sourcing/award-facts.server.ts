/**
 * The comparison behind a purchase order, in brief, for whoever decides on
 * it: every supplier's landed total on the RFQ (what "cheapest" means), which
 * one is lowest, which one won this PO, and the buyer's justification when
 * the award did not go to the lowest. Read through the comparison itself,
 * so the sealed-bid rules and the organisation scope apply unchanged; a
 * person who may not compare the RFQ (a supplier, an admin) gets null.
 */
import { subject } from "../../auth/ability";
import { type Ctx } from "../shared/context.server";
import { getComparison } from "./comparison.server";
import { loadRfqFor } from "./rfq.server";
import { listApprovalQueue } from "../ordering/queries.server";

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

export async function getAwardFacts(
  ctx: Ctx,
  { rfqId, supplierOrgId }: { rfqId: string; supplierOrgId: string },
): Promise<AwardFacts | null> {
  const rfq = await loadRfqFor(ctx, rfqId, "read");
  if (!ctx.ability.can("compare", subject("Rfq", rfq))) return null;
  // Only an RFQ past its deadline has an award; before it, the quotes are sealed.
  if (rfq.closed_at === null) return null;
  const comparison = await getComparison(ctx, { rfqId });
  return {
    rfq: { id: rfq.id, reference: rfq.reference, title: rfq.title, currency: comparison.currency },
    justification: rfq.award_justification,
    competitors: comparison.suppliers.map((s) => ({
      supplierOrgId: s.supplierOrgId,
      supplierName: s.supplierName,
      landedTotal: s.pricedLines === comparison.lines.length ? s.landedTotal : null,
      lowest: s.lowest,
      thisOrder: s.supplierOrgId === supplierOrgId,
      note: s.missingRate
        ? "no FX rate: not comparable"
        : s.pricedLines < comparison.lines.length
          ? `priced ${s.pricedLines} of ${comparison.lines.length} lines`
          : null,
    })),
  };
}

/**
 * Finance's approval queue with the comparison behind each PO: one
 * comparison per RFQ in the queue (POs of one split award share theirs).
 */
export async function listApprovalQueueWithFacts(ctx: Ctx) {
  const queue = await listApprovalQueue(ctx);
  const rfqIds = [...new Set(queue.flatMap((p) => (p.rfq ? [p.rfq.id] : [])))];
  const facts = new Map(
    await Promise.all(
      rfqIds.map(async (rfqId) => [rfqId, await getAwardFacts(ctx, { rfqId, supplierOrgId: "" })] as const),
    ),
  );
  return queue.map((p) => {
    const f = p.rfq ? facts.get(p.rfq.id) : null;
    return {
      ...p,
      competitors: f ? f.competitors.map((c) => ({ ...c, thisOrder: c.supplierOrgId === p.supplier_org_id })) : [],
      comparisonCurrency: f?.rfq.currency ?? null,
    };
  });
}
