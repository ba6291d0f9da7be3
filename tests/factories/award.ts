/**
 * Awarding a whole RFQ to one supplier in one call, as most tests want it:
 * the same award the page makes (sourcing/award.server.ts), with the one PO
 * it drafts at hand.
 */
import type { Ctx } from "../../app/models/shared/context.server";
import { award, type AwardResult } from "../../app/models/sourcing/award.server";

export async function awardRfq(
  ctx: Ctx,
  input: { rfqId: string; supplierOrgId: string; version: number; justification?: string },
): Promise<{ poId: string; poNumber: string } & AwardResult> {
  const result = await award(ctx, {
    rfqId: input.rfqId,
    version: input.version,
    choice: { mode: "whole", supplierOrgId: input.supplierOrgId },
    justification: input.justification,
  });
  const [po] = result.purchaseOrders;
  return { poId: po.id, poNumber: po.number, ...result };
}
