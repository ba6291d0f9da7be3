/**
 * Who may be invited to an RFQ (suppliers on the organisation's active list,
 * or addresses not yet on the platform), writing the invitations, and who is
 * told when the RFQ changes.
 */
import { msg, msgWith } from "../../i18n/config";
import type { Trx } from "../../../db/client.server";
import { FormError } from "../../utils/errors";
import { orgRecipients } from "../shared/recipients.server";
import { qualificationRefusal } from "../shared/supplier-standing.server";

/**
 * Every active user of every invited supplier organisation, and every
 * address invited by email that has not registered yet (`invitationId` set:
 * it has no account, so a link must come with the mail).
 */
export async function invitedRecipients(trx: Trx, rfqId: string) {
  const invitations = await trx
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", rfqId)
    .select(["id", "supplier_org_id", "invited_email", "buyer_org_id"])
    .execute();
  const out: { orgId: string; email: string; name: string; invitationId: string | null }[] = [];
  for (const invitation of invitations) {
    const orgId = invitation.supplier_org_id;
    if (orgId) {
      for (const r of await orgRecipients(trx, orgId, ["supplier"]))
        out.push({ orgId, email: r.email, name: r.name, invitationId: null });
    } else if (invitation.invited_email) {
      // Filed under the buyer, as the invitation itself was: there is no supplier organisation yet.
      out.push({
        orgId: invitation.buyer_org_id,
        email: invitation.invited_email,
        name: invitation.invited_email,
        invitationId: invitation.id,
      });
    }
  }
  return out;
}

/**
 * An RFQ's invited supplier organisations, each its own audience (its
 * people are told, nothing of the others), and the addresses invited
 * without an account, which have no one to notify and are mailed alone.
 */
export async function invitedAudiences(trx: Trx, rfqId: string) {
  const recipients = await invitedRecipients(trx, rfqId);
  const orgIds = [...new Set(recipients.filter((r) => !r.invitationId).map((r) => r.orgId))];
  return {
    audiences: orgIds.map((orgId) => ({ orgId, roles: ["supplier"] as const })),
    addresses: recipients.filter((r) => r.invitationId !== null) as (RecipientRow & { invitationId: string })[],
  };
}

type RecipientRow = Awaited<ReturnType<typeof invitedRecipients>>[number];

export async function allowedSuppliers(trx: Trx, buyerOrgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return trx
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
    .where("supplier_relationships.buyer_org_id", "=", buyerOrgId)
    .where("supplier_relationships.status", "=", "active")
    .where("supplier_relationships.supplier_org_id", "in", [...ids])
    .select([
      "organisations.id",
      "organisations.name",
      "supplier_relationships.qualification_status",
      "supplier_relationships.qualification_reason",
    ])
    .execute();
}

/**
 * The chosen suppliers, all of which must be on the organisation's active
 * supplier list and approved by it; the refusal names the first that is not
 * and says why (its suspension's or block's reason).
 */
export async function invitableSuppliers(trx: Trx, buyerOrgId: string, ids: readonly string[]) {
  const suppliers = await allowedSuppliers(trx, buyerOrgId, ids);
  if (suppliers.length !== new Set(ids).size) {
    throw new FormError({ supplierIds: msg("Invite only suppliers from your organisation's supplier list.") });
  }
  for (const s of [...suppliers].sort((a, b) => a.name.localeCompare(b.name))) {
    const why = qualificationRefusal(s);
    if (why)
      throw new FormError({
        supplierIds: msgWith("{{supplier}} cannot be invited. {{why}}", { supplier: s.name, why }),
      });
  }
  return suppliers.map(({ id, name }) => ({ id, name }));
}

/**
 * Addresses to invite by email. One that already belongs to a supplier on
 * the organisation's own list is pointed back to the list: that supplier is
 * invited by ticking it, so its quotes land in the organisation it has. One
 * whose supplier was asked and has not answered may be invited again (it
 * waits with the rest); one whose supplier declined is refused, without its
 * name, which the buyer never learnt.
 */
export async function invitableEmails(trx: Trx, buyerOrgId: string, typed: readonly string[]) {
  // Addresses are compared and stored lower-case, whoever calls.
  const emails = [...new Set(typed.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (emails.length === 0) return [];
  const known = await trx
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .innerJoin("supplier_relationships", "supplier_relationships.supplier_org_id", "memberships.org_id")
    .innerJoin("organisations", "organisations.id", "memberships.org_id")
    .where("supplier_relationships.buyer_org_id", "=", buyerOrgId)
    .where("supplier_relationships.status", "!=", "invited")
    .where((eb) => eb(eb.fn("lower", ["users.email"]), "in", [...emails]))
    .select([
      "users.email",
      "organisations.name",
      "supplier_relationships.status",
      "supplier_relationships.qualification_status",
      "supplier_relationships.qualification_reason",
    ])
    .orderBy("users.email")
    .executeTakeFirst();
  const unqualified = known?.status === "active" ? qualificationRefusal(known) : null;
  if (known && unqualified) {
    throw new FormError({
      inviteEmails: msgWith("{{email}} works for {{supplier}}, which cannot be invited. {{why}}", {
        email: known.email,
        supplier: known.name,
        why: unqualified,
      }),
    });
  }
  if (known?.status === "active") {
    throw new FormError({
      inviteEmails: msgWith(
        "{{email}} already works for {{supplier}}, which is on your supplier list: tick it there instead.",
        { email: known.email, supplier: known.name },
      ),
    });
  }
  if (known) {
    throw new FormError({
      inviteEmails: msgWith(
        "The supplier at {{email}} declined to work with your organisation, so it cannot be invited.",
        { email: known.email },
      ),
    });
  }
  return emails;
}

export async function insertInvitations(
  trx: Trx,
  orgId: string,
  rfqId: string,
  suppliers: readonly { id: string }[],
  emails: readonly string[] = [],
) {
  const rows = [
    ...suppliers.map((s) => ({ rfq_id: rfqId, buyer_org_id: orgId, supplier_org_id: s.id })),
    ...emails.map((email) => ({ rfq_id: rfqId, buyer_org_id: orgId, invited_email: email })),
  ];
  if (rows.length === 0) return;
  await trx.insertInto("rfq_invitations").values(rows).execute();
}
