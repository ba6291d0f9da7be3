/**
 * The core of a quote: the invited supplier's invitation locked against a
 * concurrent close, its one quote created on first use, and moving it
 * through its machine. A supplier writes and reads only its own quote.
 */
import type { Quote } from "../../../db/schema";
import { quoteWorkflow, type QuoteContext, type QuoteEvent, type QuoteStatus } from "../../../workflows/quote.machine";
import type { RfqStatus } from "../../../workflows/rfq.machine";
import { runTransition } from "../../../workflows/run-transition.server";
import { type Actor } from "../../auth/ability";
import { notFound } from "../../utils/http.server";
import type { Trx } from "../../../db/client.server";

export function transitionQuote(
  trx: Trx,
  actor: Actor | { userId: null; orgId: null },
  quoteId: string,
  event: QuoteEvent,
  changes: Record<string, unknown> = {},
  /** The RFQ's status as the caller's transaction sees it, when the caller is moving the RFQ too. */
  override: { rfqStatus?: RfqStatus } = {},
) {
  return runTransition<QuoteStatus, QuoteContext, QuoteEvent, Quote>(trx, {
    workflow: quoteWorkflow,
    table: "quotes",
    id: quoteId,
    event,
    actor,
    context: async (row) => {
      const rfq = await trx
        .selectFrom("rfqs")
        .where("id", "=", row.rfq_id)
        .select(["status", "deadline"])
        .executeTakeFirstOrThrow();
      return {
        rfqStatus: override.rfqStatus ?? rfq.status,
        deadline: new Date(rfq.deadline).toISOString(),
        revisionCount: row.current_revision,
      };
    },
    changes: () => changes,
  });
}

/** The invited supplier's invitation, with the RFQ share-locked against a concurrent close; 404 otherwise. */
export async function lockInvitation(trx: Trx, actor: Actor, rfqId: string) {
  const rfq = await trx
    .selectFrom("rfqs")
    .where("id", "=", rfqId)
    .select(["id", "org_id", "currency", "status", "deadline"])
    .forShare()
    .executeTakeFirst();
  const invitation = rfq
    ? await trx
        .selectFrom("rfq_invitations")
        .where("rfq_id", "=", rfqId)
        .where("supplier_org_id", "=", actor.orgId)
        .select(["id", "status"])
        .executeTakeFirst()
    : undefined;
  if (!rfq || !invitation || rfq.status === "draft") throw notFound("No such RFQ.");
  return { rfq, invitation };
}

/**
 * The supplier's one quote on this RFQ, created (as a draft) on first use,
 * and locked for the rest of the caller's transaction: whatever the caller
 * numbers from it (the next revision) is read under the lock, so two
 * submissions at once are numbered one after the other, never alike.
 */
export async function ensureQuote(trx: Trx, actor: Actor, rfq: { id: string; org_id: string; currency: string }) {
  await trx
    .insertInto("quotes")
    .values({
      rfq_id: rfq.id,
      buyer_org_id: rfq.org_id,
      supplier_org_id: actor.orgId,
      currency: rfq.currency,
      workflow_version: quoteWorkflow.version,
    })
    .onConflict((oc) => oc.columns(["rfq_id", "supplier_org_id"]).doNothing())
    .execute();
  return trx
    .selectFrom("quotes")
    .where("rfq_id", "=", rfq.id)
    .where("supplier_org_id", "=", actor.orgId)
    .select(["id", "current_revision", "status", "version"])
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Quote statuses whose received revisions the buyer may read once the RFQ is closed. */
export const RECEIVED_STATUSES: QuoteStatus[] = ["submitted", "awarded", "partially_awarded", "not_awarded"];
