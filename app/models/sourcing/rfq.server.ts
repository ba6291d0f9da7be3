/**
 * The core of an RFQ: loading it for a person (404 for whoever may not
 * read it, 403 for an action they may not take), the facts its machine's
 * guards need, and moving it through the machine.
 */
import type { Db } from "../../../db/client.server";
import type { Rfq } from "../../../db/schema";
import { rfqWorkflow, type RfqContext, type RfqEvent, type RfqStatus } from "../../../workflows/rfq.machine";
import { runTransition } from "../../../workflows/run-transition.server";
import { authorize } from "../../auth/authorize.server";
import { subject } from "../../auth/ability";
import { notFound } from "../../utils/http.server";
import type { Trx } from "../../../db/client.server";
import { supplierOptions } from "../shared/supplier-standing.server";
import { type Ctx } from "../shared/context.server";
import { countClosedInvitations } from "./performance-events.server";

export async function rfqContext(trx: Trx | Db, rfq: Pick<Rfq, "id" | "deadline">): Promise<RfqContext> {
  const counts = await trx
    .selectFrom("rfqs")
    .where("rfqs.id", "=", rfq.id)
    .select((eb) => [
      eb
        .selectFrom("rfq_lines")
        .whereRef("rfq_lines.rfq_id", "=", "rfqs.id")
        .select(eb.fn.countAll<string>().as("n"))
        .as("lineCount"),
      eb
        .selectFrom("rfq_invitations")
        .whereRef("rfq_invitations.rfq_id", "=", "rfqs.id")
        .select(eb.fn.countAll<string>().as("n"))
        .as("invitedCount"),
      eb
        .selectFrom("rfq_invitations")
        .whereRef("rfq_invitations.rfq_id", "=", "rfqs.id")
        .where("rfq_invitations.status", "in", ["submitted", "declined"])
        .select(eb.fn.countAll<string>().as("n"))
        .as("answeredCount"),
    ])
    .executeTakeFirstOrThrow();
  return {
    lineCount: Number(counts.lineCount),
    invitedCount: Number(counts.invitedCount),
    answeredCount: Number(counts.answeredCount),
    deadline: new Date(rfq.deadline).toISOString(),
  };
}

export async function transitionRfq(
  trx: Trx,
  actor: { userId: string | null; orgId: string | null },
  id: string,
  event: RfqEvent,
  options: { expectedVersion?: number; changes?: Record<string, unknown>; auditData?: Record<string, unknown> } = {},
) {
  const result = await runTransition<RfqStatus, RfqContext, RfqEvent, Rfq>(trx, {
    workflow: rfqWorkflow,
    table: "rfqs",
    id,
    event,
    actor,
    expectedVersion: options.expectedVersion,
    context: (row) => rfqContext(trx, row),
    changes: () => options.changes ?? {},
    auditData: options.auditData,
  });
  // Every way an RFQ closes passes here (by hand, at the deadline, on read): its invitations are settled now.
  if (result.from === "open" && result.to === "closed" && "at" in event)
    await countClosedInvitations(trx, id, new Date(event.at));
  return result;
}

/** An RFQ row with what its rules need, or a 404 for anyone it is not for. */
export async function loadRfqFor(
  ctx: Pick<Ctx, "db" | "ability">,
  id: string,
  action:
    | "read"
    | "readInternal"
    | "update"
    | "publish"
    | "close"
    | "cancel"
    | "award"
    | "compare"
    | "ask"
    | "answer"
    | "invite" = "read",
) {
  const { db, ability } = ctx;
  const rfq = await db.selectFrom("rfqs").selectAll().where("id", "=", id).executeTakeFirst();
  if (!rfq) throw notFound("No such RFQ.");
  const invited = await db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", id)
    .where("supplier_org_id", "is not", null)
    .select("supplier_org_id")
    .execute();
  const tagged = subject("Rfq", { ...rfq, invited_supplier_org_ids: invited.map((i) => i.supplier_org_id as string) });
  authorize(ability, action, tagged, "RFQ");
  return rfq;
}

/** Suppliers the RFQ form offers, and those it cannot (with why). */
export async function supplierChoices(ctx: Ctx) {
  return supplierOptions(ctx.db, ctx.actor.orgId);
}
