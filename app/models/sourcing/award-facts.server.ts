/**
 * The comparison behind a purchase order, in brief, for whoever decides on
 * it: every supplier's landed total on the RFQ (what "cheapest" means), which
 * one is lowest, which one won this PO, and the buyer's justification when
 * the award did not go to the lowest.
 *
 * The award keeps this summary beside the RFQ (`rfq_award_summaries`, from
 * `summariseComparison`, written in the award's transaction), so the PO page and finance's queue read one
 * column instead of running the comparison on every view
 * (docs/decisions/033-metrics-and-several-servers.md). Only RFQs awarded
 * before the summary was kept are still worked out from the comparison
 * itself, through its sealed-bid rules and organisation scope. A person who
 * may not compare the RFQ (a supplier, an admin) gets null.
 */
import type { AwardSummary, Rfq } from "../../../db/schema";
import { subject } from "../../auth/ability";
import { awardFactsFromSummary, type AwardFacts } from "../ordering/award-summary";
import { listApprovalQueue } from "../ordering/queries.server";
import { type Ctx } from "../shared/context.server";
import { getComparison } from "./comparison.server";
import { type Comparison } from "./comparison";
import { loadRfqFor } from "./rfq.server";

export type { AwardFacts } from "../ordering/award-summary";

/** What finance needs of a comparison, kept with the award. */
export function summariseComparison(comparison: Pick<Comparison, "currency" | "lines" | "suppliers">): AwardSummary {
  return {
    currency: comparison.currency,
    competitors: comparison.suppliers.map((s) => ({
      supplierOrgId: s.supplierOrgId,
      supplierName: s.supplierName,
      landedTotal: s.pricedLines === comparison.lines.length ? s.landedTotal : null,
      lowest: s.lowest,
      note: s.missingRate
        ? "no FX rate: not comparable"
        : s.pricedLines < comparison.lines.length
          ? `priced ${s.pricedLines} of ${comparison.lines.length} lines`
          : null,
    })),
  };
}

export async function getAwardFacts(
  ctx: Ctx,
  { rfqId, supplierOrgId }: { rfqId: string; supplierOrgId: string },
): Promise<AwardFacts | null> {
  const rfq = await loadRfqFor(ctx, rfqId, "read");
  if (!ctx.ability.can("compare", subject("Rfq", rfq))) return null;
  // Only an RFQ past its deadline has an award; before it, the quotes are sealed.
  if (rfq.closed_at === null) return null;
  const kept = await ctx.db
    .selectFrom("rfq_award_summaries")
    .where("rfq_id", "=", rfq.id)
    .select("summary")
    .executeTakeFirst();
  return awardFactsFromSummary(rfq, kept?.summary ?? (await liveSummary(ctx, rfq)), supplierOrgId);
}

/** For an RFQ awarded before awards kept their summary (or closed and not awarded yet): the comparison now. */
async function liveSummary(ctx: Ctx, rfq: Pick<Rfq, "id">): Promise<AwardSummary> {
  return summariseComparison(await getComparison(ctx, { rfqId: rfq.id }));
}

/**
 * Finance's approval queue with the comparison behind each PO, from the
 * summaries the queue's own query read with the RFQs: no query per RFQ.
 */
export async function listApprovalQueueWithFacts(ctx: Ctx) {
  const queue = await listApprovalQueue(ctx);
  // POs of one split award share their RFQ's summary; only a summary never kept costs a comparison.
  const legacy = new Map<string, Promise<AwardFacts | null>>();
  return Promise.all(
    queue.map(async ({ awardSource, ...p }) => {
      let facts: AwardFacts | null = null;
      if (awardSource && awardSource.closed_at !== null && ctx.ability.can("compare", subject("Rfq", awardSource))) {
        if (awardSource.award_summary) {
          facts = awardFactsFromSummary(awardSource, awardSource.award_summary, p.supplier_org_id);
        } else {
          const rfqId = awardSource.id;
          if (!legacy.has(rfqId)) legacy.set(rfqId, getAwardFacts(ctx, { rfqId, supplierOrgId: "" }));
          facts = await legacy.get(rfqId)!;
        }
      }
      return {
        ...p,
        competitors: facts
          ? facts.competitors.map((c) => ({ ...c, thisOrder: c.supplierOrgId === p.supplier_org_id }))
          : [],
        comparisonCurrency: facts?.rfq.currency ?? null,
      };
    }),
  );
}
