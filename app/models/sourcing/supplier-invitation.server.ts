/**
 * "Add a supplier" from the supplier list: a buyer invites an address, with
 * categories, without an RFQ. An address with no account is mailed a
 * registration link (the one registration of `registration.server.ts`
 * turns it into a supplier organisation that consented and waits for the
 * buyer's approval); an address of a supplier on the platform is only asked
 * (`requestSupplierRelationship`), so the buyer learns its name when it
 * accepts. Inviting again changes nothing twice: one row per buyer and
 * address, one live link, one request.
 */
import { sql } from "kysely";

import type { Trx } from "../../../db/client.server";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { supplierListInvitationMail } from "../../../emails/templates/supplier-relationship";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { subject } from "../../auth/ability";
import { FormError } from "../../utils/errors";
import { msgWith } from "../../i18n/config";
import { forbidden } from "../../utils/http.server";
import type { Ctx } from "../shared/context.server";
import { qualificationRefusal } from "../shared/supplier-standing.server";

import { newRegistrationLink } from "./registration.server";
import type { InviteSupplierInput } from "./supplier-invitation.schema";
import { requestSupplierRelationship } from "./supplier-relationship.server";

/** What the buyer is told: the same words whether a link was mailed or a supplier on the platform was asked. */
export type InviteSupplierOutcome =
  | { outcome: "invited"; email: string }
  | { outcome: "already_invited"; email: string }
  | { outcome: "listed"; email: string; supplierOrgId: string; name: string };

export function assertMayInviteSuppliers(ctx: Pick<Ctx, "ability" | "actor">) {
  const own = subject("SupplierRelationship", { buyer_org_id: ctx.actor.orgId });
  if (!ctx.ability.can("create", own)) throw forbidden("Only buyers and admins add suppliers.");
}

/**
 * Invites the address to the buyer's supplier list, in the caller's
 * transaction (the route runs it through `once`). Refused beside the email
 * field: a supplier the organisation blocked (an admin lifts the block
 * first), one that declined the organisation (without its name, which the
 * buyer never learnt).
 */
export async function inviteSupplier(
  ctx: Ctx & { db: Trx },
  input: InviteSupplierInput,
): Promise<InviteSupplierOutcome> {
  assertMayInviteSuppliers(ctx);
  const { db: trx, actor, now: at } = ctx;
  const email = input.email.trim().toLowerCase();
  const buyerOrgId = actor.orgId;
  // Two invitations of the same address at once (two buyers, two tabs): one after the other.
  await sql`select pg_advisory_xact_lock(hashtext(${`supplier-invitation:${buyerOrgId}:${email}`}))`.execute(trx);

  const account = await supplierAccount(trx, email);
  if (account) {
    const rel = await trx
      .selectFrom("supplier_relationships")
      .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
      .where("buyer_org_id", "=", buyerOrgId)
      .where("supplier_org_id", "=", account.orgId)
      .select([
        "supplier_relationships.id",
        "supplier_relationships.status",
        "supplier_relationships.qualification_status",
        "supplier_relationships.qualification_reason",
        "supplier_relationships.categories",
        "organisations.name",
      ])
      .forUpdate()
      .executeTakeFirst();
    if (rel?.qualification_status === "blocked") {
      // The name only where the buyer already knows it (the supplier had accepted).
      const why = qualificationRefusal(rel) ?? "";
      throw new FormError({
        email:
          rel.status === "active"
            ? msgWith(
                "{{supplier}} is blocked by your organisation ({{why}}). An admin lifts the block on its page before it is invited again.",
                { supplier: rel.name, why },
              )
            : msgWith(
                "The supplier at {{email}} is blocked by your organisation ({{why}}). An admin lifts the block on its page before it is invited again.",
                { email, why },
              ),
      });
    }
    if (rel?.status === "declined" || rel?.status === "blocked") {
      throw new FormError({
        email: msgWith("The supplier at {{email}} declined to work with your organisation, so it cannot be invited.", {
          email,
        }),
      });
    }
  }

  const row = await upsertInvitation(trx, buyerOrgId, email, input, actor.userId, at);

  if (account) {
    const buyerName = await organisationName(trx, buyerOrgId);
    const status = await requestSupplierRelationship(trx, {
      buyerOrgId,
      buyerName,
      supplierOrgId: account.orgId,
      email,
      requestedBy: actor.userId,
      rfqTitle: null,
      at,
      qualification: "pending",
      categories: input.categories,
    });
    await mergeCategories(trx, buyerOrgId, account.orgId, input.categories);
    await trx
      .updateTable("supplier_invitations")
      .set({ supplier_org_id: account.orgId })
      .where("id", "=", row.id)
      .execute();
    await audit(ctx, row.id, row.created ? "SUPPLIER_INVITED" : "SUPPLIER_REINVITED", {
      email,
      categories: input.categories,
      existingAccount: true,
    });
    if (status === "active") {
      const name = await organisationName(trx, account.orgId);
      return { outcome: "listed", email, supplierOrgId: account.orgId, name };
    }
    return { outcome: row.created ? "invited" : "already_invited", email };
  }

  const live = await trx
    .selectFrom("registration_tokens")
    .where("supplier_invitation_id", "=", row.id)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .select("id")
    .executeTakeFirst();
  if (live) {
    await audit(ctx, row.id, "SUPPLIER_REINVITED", { email, categories: input.categories, linkSent: false });
    return { outcome: "already_invited", email };
  }
  // A first invitation, or one whose link ran out: a fresh link, the old ones stay dead.
  const { url, expiresAt } = await newRegistrationLink(trx, { supplierInvitationId: row.id }, email, at);
  const buyerName = await organisationName(trx, buyerOrgId);
  const mail = supplierListInvitationMail(
    { buyerName, contactName: input.contactName ?? null, categories: row.categories, expiresAt, url },
    await mailReaderFor(trx, { email, orgId: buyerOrgId }),
  );
  await enqueueMail(trx, { orgId: buyerOrgId, to: email, ...mail });
  await audit(ctx, row.id, row.created ? "SUPPLIER_INVITED" : "SUPPLIER_REINVITED", {
    email,
    categories: input.categories,
    linkSent: true,
    expiresAt: expiresAt.toISOString(),
  });
  return { outcome: "invited", email };
}

/** The buyer's invitations whose address has not registered yet, newest first, with whether the link still works. */
export async function listWaitingSupplierInvitations(ctx: Ctx) {
  const own = subject("SupplierRelationship", { buyer_org_id: ctx.actor.orgId });
  if (!ctx.ability.can("read", own)) return [];
  const rows = await ctx.db
    .selectFrom("supplier_invitations")
    .where("buyer_org_id", "=", ctx.actor.orgId)
    .where("supplier_org_id", "is", null)
    .select((eb) => [
      "id",
      "email",
      "contact_name",
      "categories",
      "updated_at",
      eb
        .selectFrom("registration_tokens")
        .whereRef("registration_tokens.supplier_invitation_id", "=", "supplier_invitations.id")
        .select(sql<Date>`max(expires_at)`.as("e"))
        .as("expires_at"),
    ])
    .orderBy("updated_at", "desc")
    .orderBy("id")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    contactName: r.contact_name,
    categories: r.categories,
    expiresAt: r.expires_at,
    expired: r.expires_at !== null && new Date(r.expires_at).getTime() <= ctx.now.getTime(),
  }));
}

async function supplierAccount(trx: Trx, email: string) {
  const row = await trx
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .where((eb) => eb(eb.fn("lower", ["users.email"]), "=", email))
    .where("memberships.role", "=", "supplier")
    .where("users.disabled_at", "is", null)
    .select("memberships.org_id")
    // Someone in two supplier organisations: the one they joined first, as an RFQ invitation decides.
    .orderBy("memberships.created_at")
    .orderBy("memberships.org_id")
    .executeTakeFirst();
  return row ? { orgId: row.org_id } : null;
}

async function upsertInvitation(
  trx: Trx,
  buyerOrgId: string,
  email: string,
  input: InviteSupplierInput,
  userId: string,
  at: Date,
) {
  const existing = await trx
    .selectFrom("supplier_invitations")
    .where("buyer_org_id", "=", buyerOrgId)
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .select(["id", "categories", "contact_name"])
    .forUpdate()
    .executeTakeFirst();
  if (!existing) {
    const created = await trx
      .insertInto("supplier_invitations")
      .values({
        buyer_org_id: buyerOrgId,
        email,
        contact_name: input.contactName ?? null,
        categories: input.categories,
        invited_by: userId,
      })
      .returning(["id", "categories"])
      .executeTakeFirstOrThrow();
    return { ...created, created: true };
  }
  const categories = [...new Set([...existing.categories, ...input.categories])];
  await trx
    .updateTable("supplier_invitations")
    .set({ categories, contact_name: input.contactName ?? existing.contact_name, updated_at: at })
    .where("id", "=", existing.id)
    .execute();
  return { id: existing.id, categories, created: false };
}

/** Categories named again are added to the relationship's, never removed: the list invitation only adds. */
async function mergeCategories(trx: Trx, buyerOrgId: string, supplierOrgId: string, categories: string[]) {
  await trx
    .updateTable("supplier_relationships")
    .set({
      categories: sql<
        string[]
      >`array(select distinct c from unnest(categories || ${sql.val(categories)}::text[]) c order by c)`,
    })
    .where("buyer_org_id", "=", buyerOrgId)
    .where("supplier_org_id", "=", supplierOrgId)
    .execute();
}

async function organisationName(trx: Trx, orgId: string): Promise<string> {
  const org = await trx.selectFrom("organisations").where("id", "=", orgId).select("name").executeTakeFirstOrThrow();
  return org.name;
}

async function audit(ctx: Ctx & { db: Trx }, id: string, event: string, data: Record<string, unknown>) {
  await appendAuditEvent(ctx.db, {
    orgId: ctx.actor.orgId,
    actorId: ctx.actor.userId,
    entityType: "supplier_invitation",
    entityId: id,
    event,
    data,
  });
}
