/**
 * Awarding a whole RFQ to one supplier in one call, as most tests want it:
 * the same award the page makes (sourcing/award.server.ts), with the one PO
 * it drafts at hand.
 */
import type { Db } from "../../db/client.server";
import type { Actor, AppAbility } from "../../app/auth/ability";
import { award, type AwardResult } from "../../app/models/sourcing/award.server";
import { actingAs } from "./demo";

export async function awardRfq(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  input: { rfqId: string; supplierOrgId: string; version: number; justification?: string },
  at: Date,
): Promise<{ poId: string; poNumber: string } & AwardResult> {
  const result = await award(actingAs(db, actor, at, ability), {
    rfqId: input.rfqId,
    version: input.version,
    choice: { mode: "whole", supplierOrgId: input.supplierOrgId },
    justification: input.justification,
  });
  const [po] = result.purchaseOrders;
  return { poId: po.id, poNumber: po.number, ...result };
}
