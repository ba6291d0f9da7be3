/**
 * A supplier's consent to work with a buying organisation. A buyer that
 * invites the address of a supplier it does not work with yet only asks: the
 * relationship is `invited`, the buyer sees the address it typed and never
 * the supplier's name, the supplier sees none of the buyer's RFQs and no PO
 * can be raised to it. The supplier accepts (its pending invitations are
 * bound to it, the buyer learns its name) or declines (the buyer cannot ask
 * again). Why: docs/decisions/016-supplier-consents-to-new-buyers.md.
 */
import { sql } from "kysely";

import type { Trx } from "../../../db/client.server";
import type { SupplierRelationship } from "../../../db/schema";
import { msgWith } from "../../i18n/config";
import { linkTo, notify } from "../shared/notify.server";
import type { MailReader } from "../../../emails/templates/reader";
import {
  supplierRelationshipDecidedMail,
  supplierRelationshipRequestMail,
} from "../../../emails/templates/supplier-relationship";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { runTransition } from "../../../workflows/run-transition.server";
import {
  supplierRelationshipWorkflow,
  type SupplierRelationshipEvent,
  type SupplierRelationshipStatus,
} from "../../../workflows/supplier-relationship.machine";
import { allowedEvents } from "../../../workflows/workflow";
import { subject } from "../../auth/ability";
import { accessibleWhere } from "../../auth/accessible.server";
import { authorize } from "../../auth/authorize.server";
import { absoluteUrl } from "../../env.server";
import { notFound } from "../../utils/http.server";
import { inTransaction, type Ctx } from "../shared/context.server";

/** The relationship row, or a 404 to anyone it does not concern (the buyer's other staff are refused by the ability). */
export async function loadSupplierRelationshipFor(
  ctx: Pick<Ctx, "db" | "ability">,
  id: string,
  action: "read" | "accept" | "decline" = "read",
): Promise<SupplierRelationship> {
  const row = await ctx.db.selectFrom("supplier_relationships").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("No such request.");
  authorize(ctx.ability, action, subject("SupplierRelationship", row), "request");
  return row;
}

/**
 * The buyer asks a supplier account to work with it (a building block of
 * inviting an address by email, inside its transaction). Creates the
 * `invited` relationship and mails the supplier's people the first time;
 * returns the relationship's status either way, so the caller binds its
 * invitation only to a supplier that already agreed.
 */
export async function requestSupplierRelationship(
  trx: Trx,
  request: {
    buyerOrgId: string;
    buyerName: string;
    supplierOrgId: string;
    email: string;
    requestedBy: string | null;
    rfqTitle: string | null;
    at: Date;
    /** Added from the supplier list, not through an RFQ: the buyer still has to judge it (decision 027). */
    qualification?: "approved" | "pending";
    categories?: string[];
  },
): Promise<SupplierRelationshipStatus> {
  const created = await trx
    .insertInto("supplier_relationships")
    .values({
      buyer_org_id: request.buyerOrgId,
      supplier_org_id: request.supplierOrgId,
      status: "invited",
      // Asked through an RFQ invitation the buyer chose to send: approved once the supplier consents (decision 027).
      qualification_status: request.qualification ?? "approved",
      categories: request.categories ?? [],
      contact_email: request.email,
      requested_by: request.requestedBy,
    })
    // Two invitations of the same supplier at once: one request, the other finds it.
    .onConflict((oc) => oc.columns(["buyer_org_id", "supplier_org_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!created) {
    const existing = await trx
      .selectFrom("supplier_relationships")
      .where("buyer_org_id", "=", request.buyerOrgId)
      .where("supplier_org_id", "=", request.supplierOrgId)
      .select("status")
      .executeTakeFirstOrThrow();
    return existing.status;
  }
  await notify(trx, {
    kind: "supplier_relationship",
    audience: { orgId: request.supplierOrgId, roles: ["supplier"] },
    path: "/relationships",
    text: request.rfqTitle
      ? msgWith("{{buyer}} asks to work with you and invites you to “{{rfq}}”.", {
          buyer: request.buyerName,
          rfq: request.rfqTitle,
        })
      : msgWith("{{buyer}} asks to work with you.", { buyer: request.buyerName }),
    mail: (person, reader) =>
      supplierRelationshipRequestMail(
        {
          recipientName: person.name,
          buyerName: request.buyerName,
          rfqTitle: request.rfqTitle,
          url: linkTo("/relationships"),
        },
        reader,
      ),
    at: request.at,
  });
  // One event on each side's trail; the buyer's names only the address it typed.
  await appendAuditEvent(trx, {
    orgId: request.buyerOrgId,
    actorId: request.requestedBy,
    entityType: "supplier_relationship",
    entityId: created.id,
    event: "REQUEST",
    toState: "invited",
    data: { email: request.email },
  });
  await appendAuditEvent(trx, {
    orgId: request.supplierOrgId,
    actorId: request.requestedBy,
    entityType: "supplier_relationship",
    entityId: created.id,
    event: "REQUEST",
    toState: "invited",
    data: { buyerOrgId: request.buyerOrgId, email: request.email },
  });
  return "invited";
}

/** The status of the relationship between a buyer and a supplier, or null when there is none. */
export async function relationshipStatus(
  trx: Trx,
  buyerOrgId: string,
  supplierOrgId: string,
): Promise<SupplierRelationshipStatus | null> {
  const row = await trx
    .selectFrom("supplier_relationships")
    .where("buyer_org_id", "=", buyerOrgId)
    .where("supplier_org_id", "=", supplierOrgId)
    .select("status")
    .executeTakeFirst();
  return row?.status ?? null;
}

const CANDIDATES: SupplierRelationshipEvent[] = [
  { type: "ACCEPT", at: "" },
  { type: "DECLINE", at: "", reason: "" },
];

/**
 * The supplier's page: every buying organisation that asked to work with it
 * or works with it, each with the RFQs waiting for its answer and what it
 * may do now. Only the signed-in supplier's own rows.
 */
export async function listSupplierRelationships(ctx: Ctx) {
  const { db, ability, actor } = ctx;
  const cond = accessibleWhere(ability, "read", "SupplierRelationship");
  if (!cond) return [];
  const rows = await db
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.buyer_org_id")
    .where(cond)
    // This page is the supplier's side: a buyer's own rows are on its supplier list, not here.
    .where("supplier_relationships.supplier_org_id", "=", actor.orgId)
    .select([
      "supplier_relationships.id",
      "supplier_relationships.buyer_org_id",
      "supplier_relationships.supplier_org_id",
      "supplier_relationships.status",
      "supplier_relationships.version",
      "supplier_relationships.contact_email",
      "supplier_relationships.created_at",
      "supplier_relationships.decided_at",
      "supplier_relationships.decline_reason",
      "organisations.name as buyerName",
    ])
    .orderBy("supplier_relationships.created_at", "desc")
    .orderBy("organisations.name")
    .execute();
  const waiting = await waitingRfqs(
    ctx,
    rows.map((r) => r.buyer_org_id),
  );
  return rows.map((row) => {
    const tagged = subject("SupplierRelationship", row);
    const offered = allowedEvents(supplierRelationshipWorkflow, row.status, {}, CANDIDATES);
    return {
      id: row.id,
      version: row.version,
      status: row.status,
      buyerName: row.buyerName,
      contactEmail: row.contact_email,
      requestedAt: row.created_at,
      decidedAt: row.decided_at,
      declineReason: row.decline_reason,
      rfqs: waiting.get(row.buyer_org_id) ?? [],
      can: {
        accept: offered.includes("ACCEPT") && ability.can("accept", tagged),
        decline: offered.includes("DECLINE") && ability.can("decline", tagged),
      },
    };
  });
}

/**
 * Published RFQs of these buyers sent to an address of the supplier's people
 * and not yet bound to it: what accepting opens. Drafts stay the buyer's.
 */
async function waitingRfqs(ctx: Ctx, buyerOrgIds: string[]) {
  const out = new Map<string, { id: string; title: string; reference: string }[]>();
  if (buyerOrgIds.length === 0) return out;
  const rows = await ctx.db
    .selectFrom("rfq_invitations")
    .innerJoin("rfqs", "rfqs.id", "rfq_invitations.rfq_id")
    .where("rfq_invitations.buyer_org_id", "in", buyerOrgIds)
    .where("rfq_invitations.supplier_org_id", "is", null)
    .where("rfqs.status", "!=", "draft")
    .where((eb) => eb(eb.fn("lower", ["rfq_invitations.invited_email"]), "in", memberEmails(ctx.actor.orgId)))
    .select(["rfq_invitations.buyer_org_id", "rfqs.id", "rfqs.title", "rfqs.reference"])
    .distinct()
    .orderBy("rfqs.reference")
    .execute();
  for (const row of rows) {
    const list = out.get(row.buyer_org_id) ?? [];
    list.push({ id: row.id, title: row.title, reference: row.reference });
    out.set(row.buyer_org_id, list);
  }
  return out;
}

/** The lower-cased addresses of a supplier organisation's people, as a subquery. */
function memberEmails(orgId: string) {
  return sql<string>`(select lower(u.email) from users u join memberships m on m.user_id = u.id where m.org_id = ${orgId})`;
}

/**
 * The supplier accepts a buying organisation: the relationship becomes
 * active, every invitation that buyer sent to its people's addresses is
 * bound to it (so it sees and may answer those RFQs), and the buyer's buyers
 * are mailed its name.
 */
export async function acceptSupplierRelationship(ctx: Ctx, { id, version }: { id: string; version: number }) {
  const { actor, now: at } = ctx;
  await loadSupplierRelationshipFor(ctx, id, "accept");
  return inTransaction(ctx, async (trx) => {
    const result = await runTransition(trx, {
      workflow: supplierRelationshipWorkflow,
      table: "supplier_relationships",
      id,
      expectedVersion: version,
      event: { type: "ACCEPT", at: at.toISOString() },
      actor,
      context: () => ({}),
      changes: () => ({ decided_at: at, decided_by: actor.userId, decline_reason: null }),
    });
    const rel = await trx
      .selectFrom("supplier_relationships")
      .where("id", "=", id)
      .selectAll()
      .executeTakeFirstOrThrow();
    const bound = await bindWaitingInvitations(trx, rel, at);
    await appendAuditEvent(trx, {
      orgId: rel.buyer_org_id,
      actorId: actor.userId,
      entityType: "supplier_relationship",
      entityId: id,
      event: "ACCEPT",
      fromState: result.from,
      toState: result.to,
      data: { supplierOrgId: rel.supplier_org_id, invitations: bound },
    });
    const supplier = await trx
      .selectFrom("organisations")
      .where("id", "=", rel.supplier_org_id)
      .select("name")
      .executeTakeFirstOrThrow();
    await mailBuyers(
      trx,
      rel,
      msgWith("{{supplier}} ({{email}}) accepted to work with your organisation.", {
        supplier: supplier.name,
        email: rel.contact_email ?? "",
      }),
      (name, reader) =>
        supplierRelationshipDecidedMail(
          {
            recipientName: name,
            email: rel.contact_email ?? "",
            url: absoluteUrl("/dashboard"),
            accepted: true,
            supplierName: supplier.name,
          },
          reader,
        ),
      at,
    );
    return { ...result, invitations: bound };
  });
}

/** The supplier declines; the buyer keeps seeing only the address, and is told. */
export async function declineSupplierRelationship(
  ctx: Ctx,
  { id, version, reason }: { id: string; version: number; reason?: string | null },
) {
  const { actor, now: at } = ctx;
  await loadSupplierRelationshipFor(ctx, id, "decline");
  const why = reason?.trim() ? reason.trim() : null;
  return inTransaction(ctx, async (trx) => {
    const result = await runTransition(trx, {
      workflow: supplierRelationshipWorkflow,
      table: "supplier_relationships",
      id,
      expectedVersion: version,
      event: { type: "DECLINE", at: at.toISOString(), reason: why ?? "" },
      actor,
      context: () => ({}),
      changes: () => ({ decided_at: at, decided_by: actor.userId, decline_reason: why }),
    });
    const rel = await trx
      .selectFrom("supplier_relationships")
      .where("id", "=", id)
      .selectAll()
      .executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      orgId: rel.buyer_org_id,
      actorId: actor.userId,
      entityType: "supplier_relationship",
      entityId: id,
      event: "DECLINE",
      fromState: result.from,
      toState: result.to,
      data: { email: rel.contact_email, reason: why },
    });
    // Declined: the buyer keeps knowing only the address it typed, in the app as in the mail.
    await mailBuyers(
      trx,
      rel,
      msgWith("The supplier at {{email}} declined to work with your organisation.", { email: rel.contact_email ?? "" }),
      (name, reader) =>
        supplierRelationshipDecidedMail(
          {
            recipientName: name,
            email: rel.contact_email ?? "",
            url: absoluteUrl("/dashboard"),
            accepted: false,
            reason: why,
          },
          reader,
        ),
      at,
    );
    return result;
  });
}

async function mailBuyers(
  trx: Trx,
  rel: SupplierRelationship,
  text: string,
  render: (name: string, reader: MailReader) => ReturnType<typeof supplierRelationshipDecidedMail>,
  at: Date,
) {
  await notify(trx, {
    kind: "supplier_relationship",
    audience: { orgId: rel.buyer_org_id, roles: ["buyer"] },
    path: "/dashboard",
    text,
    mail: (person, reader) => render(person.name, reader),
    at,
  });
}

/**
 * Binds the buyer's address-only invitations of the supplier's people to
 * the supplier, one per RFQ (a second address of the same supplier on the
 * same RFQ is dropped, as when an address is invited twice). Returns how
 * many RFQs it now answers.
 */
async function bindWaitingInvitations(trx: Trx, rel: SupplierRelationship, at: Date): Promise<number> {
  const waiting = await trx
    .selectFrom("rfq_invitations")
    .where("buyer_org_id", "=", rel.buyer_org_id)
    .where("supplier_org_id", "is", null)
    .where((eb) => eb(eb.fn("lower", ["invited_email"]), "in", memberEmails(rel.supplier_org_id)))
    .select(["id", "rfq_id"])
    .orderBy("created_at")
    .orderBy("id")
    .forUpdate()
    .execute();
  let bound = 0;
  for (const invitation of waiting) {
    const taken = await trx
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", invitation.rfq_id)
      .where("supplier_org_id", "=", rel.supplier_org_id)
      .select("id")
      .executeTakeFirst();
    if (taken) {
      await trx.deleteFrom("rfq_invitations").where("id", "=", invitation.id).execute();
      continue;
    }
    await trx
      .updateTable("rfq_invitations")
      .set({ supplier_org_id: rel.supplier_org_id, updated_at: at })
      .where("id", "=", invitation.id)
      .execute();
    bound += 1;
  }
  return bound;
}
