/**
 * The supplier's answer to an invitation, moved only through the invitation
 * machine (workflows/invitation.machine.ts) so that every change is checked,
 * versioned and written to the audit log in the caller's transaction.
 */

import type { RfqInvitation } from "../../../db/schema";
import type { Trx } from "../../../db/client.server";
import {
  invitationWorkflow,
  type InvitationContext,
  type InvitationEvent,
  type InvitationStatus,
} from "../../../workflows/invitation.machine";
import { runTransition } from "../../../workflows/run-transition.server";

export async function transitionInvitation(
  trx: Trx,
  actor: { userId: string | null; orgId: string | null },
  invitationId: string,
  event: InvitationEvent,
  changes: Record<string, unknown> = {},
) {
  return runTransition<InvitationStatus, InvitationContext, InvitationEvent, RfqInvitation>(trx, {
    workflow: invitationWorkflow,
    table: "rfq_invitations",
    id: invitationId,
    event,
    actor,
    context: async (row) => {
      const rfq = await trx
        .selectFrom("rfqs")
        .where("id", "=", row.rfq_id)
        .select(["status", "deadline"])
        .executeTakeFirstOrThrow();
      const quote = row.supplier_org_id
        ? await trx
            .selectFrom("quotes")
            .where("rfq_id", "=", row.rfq_id)
            .where("supplier_org_id", "=", row.supplier_org_id)
            .select("status")
            .executeTakeFirst()
        : undefined;
      return {
        rfqStatus: rfq.status,
        deadline: new Date(rfq.deadline).toISOString(),
        quoteSubmitted: quote?.status === "submitted",
      };
    },
    changes: () => changes,
  });
}

/**
 * Records that the supplier opened the RFQ, once. Two tabs opening it at the
 * same moment are fine: the second finds it already viewed under the lock.
 */
export async function markInvitationViewed(
  trx: Trx,
  actor: { userId: string; orgId: string },
  invitationId: string,
  at: Date,
): Promise<boolean> {
  const row = await trx
    .selectFrom("rfq_invitations")
    .where("id", "=", invitationId)
    .select("status")
    .forUpdate()
    .executeTakeFirst();
  if (row?.status !== "invited") return false;
  await transitionInvitation(trx, actor, invitationId, { type: "VIEW", at: at.toISOString() }, { viewed_at: at });
  return true;
}
