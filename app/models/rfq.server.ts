/**
 * RFQs: creating, publishing, reading and closing them, always scoped by the
 * actor's organisation (buyers) or invitation (suppliers).
 */
import { randomBytes } from "node:crypto";

import type { Transaction } from "kysely";

import type { Db } from "../../db/client.server";
import type { Database, Rfq } from "../../db/schema";
import { enqueueMail } from "../../emails/outbox.server";
import { rfqInvitationMail } from "../../emails/templates/rfq-invitation";
import { appendAuditEvent } from "../../workflows/audit.server";
import { rfqWorkflow, type RfqContext, type RfqEvent, type RfqStatus } from "../../workflows/rfq.machine";
import { runTransition } from "../../workflows/run-transition.server";
import { allowedEvents } from "../../workflows/workflow";
import { subject, type Actor, type AppAbility } from "../auth/ability";
import { accessibleWhere } from "../auth/accessible.server";
import { FormError } from "../utils/errors";
import { notFound } from "../utils/http.server";
import { zonedLocalToInstant } from "../utils/time";

import { absoluteUrl } from "../env.server";

import { orgRecipients } from "./mail-recipients.server";
import type { RfqFormInput } from "./rfq.schema";

type Trx = Transaction<Database>;

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

async function transitionRfq(
  trx: Trx,
  actor: { userId: string | null; orgId: string | null },
  id: string,
  event: RfqEvent,
  options: { expectedVersion?: number; changes?: Record<string, unknown>; auditData?: Record<string, unknown> } = {},
) {
  return runTransition<RfqStatus, RfqContext, RfqEvent, Rfq>(trx, {
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
}

function newReference(at: Date): string {
  return `RFQ-${at.getUTCFullYear()}-${randomBytes(3).toString("hex").toUpperCase()}`;
}

/** Creates a draft RFQ with its lines and invitations, and publishes it when asked. */
export async function createRfq(
  db: Db,
  actor: Actor,
  input: RfqFormInput,
  at: Date,
): Promise<{ id: string; status: RfqStatus }> {
  const deadline = zonedLocalToInstant(input.deadline, input.deadlineTimeZone);
  if (!deadline) throw new FormError({ deadline: "Enter the deadline as a date and time." });
  if (input.intent === "publish" && deadline.getTime() <= at.getTime()) {
    throw new FormError({ deadline: "The deadline must be in the future." });
  }
  return db.transaction().execute(async (trx) => {
    const suppliers = await allowedSuppliers(trx, actor.orgId, input.supplierIds);
    if (suppliers.length !== new Set(input.supplierIds).size) {
      throw new FormError({ supplierIds: "Invite only suppliers from your organisation's supplier list." });
    }
    const rfq = await trx
      .insertInto("rfqs")
      .values({
        org_id: actor.orgId,
        reference: newReference(at),
        title: input.title,
        description: input.description,
        currency: input.currency,
        deadline,
        deadline_time_zone: input.deadlineTimeZone,
        delivery_address: input.deliveryAddress,
        created_by: actor.userId,
        workflow_version: rfqWorkflow.version,
      })
      .returning(["id", "deadline"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("rfq_lines")
      .values(
        input.lines.map((line, index) => ({
          rfq_id: rfq.id,
          org_id: actor.orgId,
          position: index + 1,
          item_name: line.itemName,
          specification: line.specification,
          quantity: line.quantity,
          unit: line.unit,
        })),
      )
      .execute();
    if (suppliers.length > 0) {
      await trx
        .insertInto("rfq_invitations")
        .values(suppliers.map((s) => ({ rfq_id: rfq.id, buyer_org_id: actor.orgId, supplier_org_id: s.id })))
        .execute();
    }
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "rfq",
      entityId: rfq.id,
      event: "CREATE",
      toState: "draft",
      data: { lines: input.lines.length, invited: suppliers.length },
    });
    if (input.intent !== "publish") return { id: rfq.id, status: "draft" as const };
    await publishInTransaction(trx, actor, rfq.id, at);
    return { id: rfq.id, status: "open" as const };
  });
}

async function allowedSuppliers(trx: Trx, buyerOrgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return trx
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
    .where("supplier_relationships.buyer_org_id", "=", buyerOrgId)
    .where("supplier_relationships.status", "=", "active")
    .where("supplier_relationships.supplier_org_id", "in", [...ids])
    .select(["organisations.id", "organisations.name"])
    .execute();
}

async function publishInTransaction(trx: Trx, actor: Actor, id: string, at: Date, expectedVersion?: number) {
  const result = await transitionRfq(
    trx,
    actor,
    id,
    { type: "PUBLISH", at: at.toISOString() },
    {
      expectedVersion,
      changes: { published_at: at },
    },
  );
  const rfq = await trx
    .selectFrom("rfqs")
    .innerJoin("organisations", "organisations.id", "rfqs.org_id")
    .where("rfqs.id", "=", id)
    .select([
      "rfqs.id",
      "rfqs.title",
      "rfqs.reference",
      "rfqs.deadline",
      "rfqs.deadline_time_zone",
      "organisations.name as buyerName",
    ])
    .executeTakeFirstOrThrow();
  const invitations = await trx
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", id)
    .where("supplier_org_id", "is not", null)
    .select("supplier_org_id")
    .execute();
  for (const invitation of invitations) {
    if (!invitation.supplier_org_id) continue;
    for (const recipient of await orgRecipients(trx, invitation.supplier_org_id, ["supplier"])) {
      const mail = rfqInvitationMail({
        recipientName: recipient.name,
        buyerName: rfq.buyerName,
        title: rfq.title,
        reference: rfq.reference,
        deadline: rfq.deadline,
        timeZone: rfq.deadline_time_zone,
        url: absoluteUrl(`/rfqs/${rfq.id}`),
      });
      await enqueueMail(trx, { orgId: invitation.supplier_org_id, to: recipient.email, ...mail });
    }
  }
  return result;
}

export async function publishRfq(db: Db, actor: Actor, id: string, version: number, at: Date) {
  return db.transaction().execute((trx) => publishInTransaction(trx, actor, id, at, version));
}

export async function closeRfq(db: Db, actor: Actor, id: string, version: number, at: Date) {
  return db
    .transaction()
    .execute((trx) =>
      transitionRfq(
        trx,
        actor,
        id,
        { type: "CLOSE", at: at.toISOString() },
        { expectedVersion: version, changes: { closed_at: at } },
      ),
    );
}

export async function cancelRfq(db: Db, actor: Actor, id: string, version: number, reason: string, at: Date) {
  return db.transaction().execute((trx) =>
    transitionRfq(
      trx,
      actor,
      id,
      { type: "CANCEL", at: at.toISOString(), reason },
      {
        expectedVersion: version,
        changes: { cancel_reason: reason },
      },
    ),
  );
}

/**
 * Closes every open RFQ whose deadline has passed. Run by the scheduler and
 * at start-up, so a deadline reached while the server was down still closes.
 */
export async function closeDueRfqs(db: Db, at: Date): Promise<string[]> {
  const due = await db
    .selectFrom("rfqs")
    .where("status", "=", "open")
    .where("deadline", "<=", at)
    .select("id")
    .orderBy("deadline")
    .limit(500)
    .execute();
  const closed: string[] = [];
  for (const { id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("rfqs")
        .where("id", "=", id)
        .select("status")
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (row?.status !== "open") return false;
      await transitionRfq(
        trx,
        { userId: null, orgId: null },
        id,
        { type: "DEADLINE_REACHED", at: at.toISOString() },
        {
          changes: { closed_at: at },
        },
      );
      return true;
    });
    if (done) closed.push(id);
  }
  return closed;
}

/** Closes this one RFQ if its deadline has passed, before someone reads it. */
async function closeIfDue(db: Db, rfq: Rfq, at: Date): Promise<boolean> {
  if (rfq.status !== "open" || new Date(rfq.deadline).getTime() > at.getTime()) return false;
  return (await closeDueRfqs(db, at)).includes(rfq.id);
}

export interface RfqListItem {
  id: string;
  reference: string;
  title: string;
  status: string;
  deadline: Date;
  deadlineTimeZone: string;
  currency: string;
  buyerName: string;
  invitationStatus: string | null;
}

export async function listRfqs(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  filters: { status?: string } = {},
): Promise<RfqListItem[]> {
  const where = accessibleWhere(ability, "read", "Rfq");
  if (!where) return [];
  let query = db
    .selectFrom("rfqs")
    .innerJoin("organisations", "organisations.id", "rfqs.org_id")
    .leftJoin("rfq_invitations", (join) =>
      join.onRef("rfq_invitations.rfq_id", "=", "rfqs.id").on("rfq_invitations.supplier_org_id", "=", actor.orgId),
    )
    .where((eb) => where(eb))
    .select([
      "rfqs.id",
      "rfqs.reference",
      "rfqs.title",
      "rfqs.status",
      "rfqs.deadline",
      "rfqs.deadline_time_zone as deadlineTimeZone",
      "rfqs.currency",
      "organisations.name as buyerName",
      "rfq_invitations.status as invitationStatus",
    ])
    .orderBy("rfqs.created_at", "desc")
    .orderBy("rfqs.id", "desc")
    .limit(100);
  if (actor.role === "supplier") query = query.where("rfqs.status", "!=", "draft");
  if (filters.status) query = query.where("rfqs.status", "=", filters.status);
  return query.execute();
}

/** An RFQ row with what its rules need, or a 404 for anyone it is not for. */
export async function loadRfqFor(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  action: "read" | "update" | "publish" | "close" | "cancel" | "award" | "compare" = "read",
) {
  const rfq = await db.selectFrom("rfqs").selectAll().where("id", "=", id).executeTakeFirst();
  if (!rfq) throw notFound("No such RFQ.");
  const invited = await db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", id)
    .where("supplier_org_id", "is not", null)
    .select("supplier_org_id")
    .execute();
  const tagged = subject("Rfq", { ...rfq, invited_supplier_org_ids: invited.map((i) => i.supplier_org_id as string) });
  // A supplier never sees an unpublished RFQ, even when invited to it.
  const hiddenDraft = actor.role === "supplier" && rfq.status === "draft";
  if (hiddenDraft || !ability.can(action, tagged)) {
    if (ability.can("read", tagged) && !hiddenDraft)
      throw new Response("You are not allowed to do that.", { status: 403 });
    throw notFound("No such RFQ.");
  }
  return rfq;
}

export async function getRfqPage(db: Db, actor: Actor, ability: AppAbility, id: string, at: Date) {
  let rfq = await loadRfqFor(db, actor, ability, id);
  if (await closeIfDue(db, rfq, at)) rfq = await loadRfqFor(db, actor, ability, id);
  const lines = await db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", id)
    .select(["id", "position", "item_name", "specification", "quantity", "unit"])
    .orderBy("position")
    .execute();
  const buyer = await db
    .selectFrom("organisations")
    .where("id", "=", rfq.org_id)
    .select("name")
    .executeTakeFirstOrThrow();
  const context = await rfqContext(db, rfq);
  const possible = allowedEvents(rfqWorkflow, rfq.status as RfqStatus, context, [
    { type: "PUBLISH", at: at.toISOString() },
    { type: "CLOSE", at: at.toISOString() },
    { type: "CANCEL", at: at.toISOString(), reason: "-" },
  ]);

  if (actor.role === "supplier") {
    const invitation = await db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", id)
      .where("supplier_org_id", "=", actor.orgId)
      .select(["id", "status", "viewed_at"])
      .executeTakeFirstOrThrow();
    if (invitation.status === "invited") {
      await db
        .updateTable("rfq_invitations")
        .set({ status: "viewed", viewed_at: at })
        .where("id", "=", invitation.id)
        .where("status", "=", "invited")
        .execute();
    }
    const quote = await db
      .selectFrom("quotes")
      .where("rfq_id", "=", id)
      .where("supplier_org_id", "=", actor.orgId)
      .select(["id", "status", "current_revision", "currency"])
      .executeTakeFirst();
    return {
      rfq,
      buyerName: buyer.name,
      lines,
      context,
      possible: [] as string[],
      invitations: null,
      myQuote: quote ?? null,
      supplierView: true as const,
    };
  }

  // Buyer side: who was invited and where each stands, never a price.
  const invitations = await db
    .selectFrom("rfq_invitations")
    .leftJoin("organisations", "organisations.id", "rfq_invitations.supplier_org_id")
    .where("rfq_invitations.rfq_id", "=", id)
    .select([
      "rfq_invitations.id",
      "organisations.name as supplierName",
      "rfq_invitations.invited_email",
      "rfq_invitations.status",
      "rfq_invitations.viewed_at",
      "rfq_invitations.answered_at",
    ])
    .orderBy("organisations.name")
    .execute();
  const canAct = (action: "publish" | "close" | "cancel" | "award" | "compare") =>
    ability.can(action, subject("Rfq", { ...rfq, invited_supplier_org_ids: [] as string[] }));
  return {
    rfq,
    buyerName: buyer.name,
    lines,
    context,
    possible: possible.filter((e) => canAct(e === "PUBLISH" ? "publish" : e === "CLOSE" ? "close" : "cancel")),
    canCompare: rfq.closed_at !== null && canAct("compare"),
    canAward: rfq.status === "closed" && canAct("award"),
    invitations,
    myQuote: null,
    supplierView: false as const,
  };
}

export async function supplierChoices(db: Db, buyerOrgId: string) {
  return db
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
    .where("supplier_relationships.buyer_org_id", "=", buyerOrgId)
    .where("supplier_relationships.status", "=", "active")
    .select(["organisations.id", "organisations.name", "supplier_relationships.categories"])
    .orderBy("organisations.name")
    .execute();
}
