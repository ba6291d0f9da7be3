/**
 * Suppliers invited by email: the registration link mailed when an RFQ that
 * names their address is published (or the address is added to an open
 * one), or when a buyer adds the address to its supplier list without an
 * RFQ (`supplier-invitation.server.ts`), and the one registration that turns
 * the address into a supplier organisation, whichever link it came by. A
 * link is a random token, usable once, until it expires; only its SHA-256 is
 * stored.
 */
import { createHash, randomBytes } from "node:crypto";

import { sql } from "kysely";

import type { Db } from "../../../db/client.server";
import type { Trx } from "../../../db/client.server";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { rfqInvitationMail, supplierRegistrationMail } from "../../../emails/templates/rfq-invitation";
import { supplierRelationshipDecidedMail } from "../../../emails/templates/supplier-relationship";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { checkNewPassword, hashPassword } from "../../auth/password.server";
import { createSessionInTransaction } from "../../auth/session.server";
import { absoluteUrl } from "../../env.server";
import { FormError } from "../../utils/errors";
import { msgWith } from "../../i18n/config";
import { linkTo, notify } from "../shared/notify.server";

import type { RegistrationInput } from "./registration.schema";
import { rfqHeader, type RfqHeader } from "./rfq-header.server";
import { requestSupplierRelationship } from "./supplier-relationship.server";

export const REGISTRATION_LINK_DAYS = 14;

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Mails a registration link to every address invited to this RFQ that has
 * no organisation yet and no link for it, inside the caller's transaction.
 * Returns how many were sent.
 */
export async function mailRegistrationLinks(trx: Trx, rfqId: string, at: Date): Promise<number> {
  const pending = await trx
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "is", null)
    .where("invited_email", "is not", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("registration_tokens")
            .whereRef("registration_tokens.invitation_id", "=", "rfq_invitations.id")
            .select("id"),
        ),
      ),
    )
    .select(["id", "invited_email"])
    .execute();
  if (pending.length === 0) return 0;
  const rfq = await rfqHeader(trx, rfqId);
  for (const invitation of pending) {
    const email = invitation.invited_email as string;
    if (await inviteExistingSupplier(trx, rfq, invitation.id, email, at)) continue;
    const { url, expiresAt } = await newRegistrationLink(trx, invitation.id, email, at);
    const mail = supplierRegistrationMail(
      {
        buyerName: rfq.buyerName,
        title: rfq.title,
        reference: rfq.reference,
        deadline: new Date(rfq.deadline),
        expiresAt,
        url,
      },
      await mailReaderFor(trx, { email, orgId: rfq.org_id }),
    );
    await enqueueMail(trx, { orgId: rfq.org_id, to: email, ...mail });
    await appendAuditEvent(trx, {
      orgId: rfq.org_id,
      actorId: null,
      entityType: "rfq",
      entityId: rfqId,
      event: "REGISTRATION_LINK_SENT",
      data: { invitationId: invitation.id, email, expiresAt: expiresAt.toISOString() },
    });
  }
  return pending.length;
}

/**
 * An address that already belongs to a supplier on the platform needs no
 * registration. A supplier that works with the buyer gets the invitation
 * bound to its organisation and the usual mail. One that does not yet is
 * only asked (`requestSupplierRelationship`): the invitation stays an
 * address, so the buyer sees no name and the supplier no RFQ, until the
 * supplier accepts on its relationships page, which binds it.
 * Returns false when the address has no supplier account.
 */
async function inviteExistingSupplier(
  trx: Trx,
  rfq: RfqHeader,
  invitationId: string,
  email: string,
  at: Date,
): Promise<boolean> {
  const account = await trx
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .where((eb) => eb(eb.fn("lower", ["users.email"]), "=", email.toLowerCase()))
    .where("memberships.role", "=", "supplier")
    .where("users.disabled_at", "is", null)
    .select(["users.name", "memberships.org_id"])
    // Someone in two supplier organisations: the one they joined first, the same every time.
    .orderBy("memberships.created_at")
    .orderBy("memberships.org_id")
    .executeTakeFirst();
  if (!account) return false;
  const status = await requestSupplierRelationship(trx, {
    buyerOrgId: rfq.org_id,
    buyerName: rfq.buyerName,
    supplierOrgId: account.org_id,
    email,
    requestedBy: rfq.created_by,
    rfqTitle: rfq.title,
    at,
  });
  // Not (yet) agreed: the invitation waits as an address; accepting binds it.
  if (status !== "active") return true;
  const alreadyInvited = await trx
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", rfq.id)
    .where("supplier_org_id", "=", account.org_id)
    .select("id")
    .executeTakeFirst();
  if (alreadyInvited) {
    // Another address of the same organisation was invited first: one invitation per supplier.
    await trx.deleteFrom("rfq_invitations").where("id", "=", invitationId).execute();
  } else {
    await trx
      .updateTable("rfq_invitations")
      .set({ supplier_org_id: account.org_id })
      .where("id", "=", invitationId)
      .execute();
    const mail = rfqInvitationMail(
      {
        recipientName: account.name,
        buyerName: rfq.buyerName,
        title: rfq.title,
        reference: rfq.reference,
        deadline: new Date(rfq.deadline),
        url: absoluteUrl(`/rfqs/${rfq.id}`),
      },
      await mailReaderFor(trx, { email, orgId: account.org_id }),
    );
    await enqueueMail(trx, { orgId: account.org_id, to: email, ...mail });
  }
  await appendAuditEvent(trx, {
    orgId: rfq.org_id,
    actorId: null,
    entityType: "rfq",
    entityId: rfq.id,
    event: "INVITED_EXISTING_SUPPLIER",
    data: { invitationId, email, supplierOrgId: account.org_id },
  });
  return true;
}

/**
 * A new registration link for an invitation by email, valid for
 * REGISTRATION_LINK_DAYS. Later mails about the RFQ (a deadline moved) carry
 * one too, since the address has no account to sign in with.
 */
export async function newRegistrationLink(
  trx: Trx,
  invitation: string | { supplierInvitationId: string },
  email: string,
  at: Date,
): Promise<{ url: string; expiresAt: Date }> {
  const expiresAt = new Date(at.getTime() + REGISTRATION_LINK_DAYS * 86_400_000);
  const token = randomBytes(32).toString("base64url");
  const owner =
    typeof invitation === "string"
      ? { invitation_id: invitation }
      : { supplier_invitation_id: invitation.supplierInvitationId };
  await trx
    .insertInto("registration_tokens")
    .values({ ...owner, email, token_hash: hashToken(token), expires_at: expiresAt })
    .execute();
  return { url: absoluteUrl(`/register/${token}`), expiresAt };
}

export type RegistrationLink =
  | { state: "unknown" }
  | {
      state: "used" | "expired" | "account_exists" | "ready";
      email: string;
      buyerName: string;
      /** The RFQ the link was mailed for; null for a supplier added to the buyer's list without one. */
      rfqTitle: string | null;
      rfqId: string | null;
    };

/** What a registration link leads to. Never says more than the link's own invitation. */
export async function readRegistrationLink(db: Db | Trx, token: string, at: Date): Promise<RegistrationLink> {
  // A link is 43 base64url characters; anything else is not one of ours.
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: "unknown" };
  const row = await db
    .selectFrom("registration_tokens")
    .leftJoin("rfq_invitations", "rfq_invitations.id", "registration_tokens.invitation_id")
    .leftJoin("rfqs", "rfqs.id", "rfq_invitations.rfq_id")
    .leftJoin("supplier_invitations", "supplier_invitations.id", "registration_tokens.supplier_invitation_id")
    .innerJoin("organisations", (join) =>
      join.on(sql<boolean>`organisations.id = coalesce(rfqs.org_id, supplier_invitations.buyer_org_id)`),
    )
    .where("registration_tokens.token_hash", "=", hashToken(token))
    .select([
      "registration_tokens.email",
      "registration_tokens.expires_at",
      "registration_tokens.used_at",
      "rfqs.id as rfqId",
      "rfqs.title as rfqTitle",
      "organisations.name as buyerName",
    ])
    .executeTakeFirst();
  if (!row) return { state: "unknown" };
  const base = { email: row.email, buyerName: row.buyerName, rfqTitle: row.rfqTitle, rfqId: row.rfqId };
  if (row.used_at) return { state: "used", ...base };
  if (new Date(row.expires_at).getTime() <= at.getTime()) return { state: "expired", ...base };
  if (await accountExists(db, row.email)) return { state: "account_exists", ...base };
  return { state: "ready", ...base };
}

async function accountExists(db: Db | Trx, email: string): Promise<boolean> {
  const user = await db
    .selectFrom("users")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .select("id")
    .executeTakeFirst();
  return user !== undefined;
}

/** A refusal of the link itself (not of the form), with the page state to show. */
export class RegistrationLinkError extends Error {
  constructor(readonly link: RegistrationLink) {
    super(`registration link is ${link.state}`);
    this.name = "RegistrationLinkError";
  }
}

/**
 * Registers the supplier invited by this link, in one transaction: the
 * organisation, the user with the supplier role, an active supplier
 * relationship with every buying organisation that invited the address (to
 * an RFQ: approved, the buyer chose it; to its list: pending, the buyer
 * still judges it, with the categories it named), every pending invitation
 * for the address bound to the new organisation (their links spent), a
 * fresh session, and the audit trail. Returns the session id and the RFQ to
 * land on (none when every link was a list invitation).
 */
export async function registerSupplier(
  db: Db,
  token: string,
  input: RegistrationInput,
  at: Date,
  previousSessionId?: string | null,
): Promise<{ sessionId: string; rfqId: string | null; userId: string; orgId: string }> {
  const link = await readRegistrationLink(db, token, at);
  if (link.state !== "ready") throw new RegistrationLinkError(link);
  const weak = checkNewPassword(input.password, link.email);
  if (weak) throw new FormError({ password: weak });
  // Hashing takes a moment; done before the transaction so no lock waits for it.
  const passwordHash = await hashPassword(input.password);

  try {
    return await registerInTransaction(db, token, link, input, passwordHash, at, previousSessionId);
  } catch (error) {
    // The same address registered from another link at the same moment: the unique email index decided.
    if (isUniqueViolation(error)) throw new RegistrationLinkError(await readRegistrationLink(db, token, at));
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

async function registerInTransaction(
  db: Db,
  token: string,
  link: { email: string; rfqId: string | null },
  input: RegistrationInput,
  passwordHash: string,
  at: Date,
  previousSessionId: string | null | undefined,
) {
  return db.transaction().execute(async (trx) => {
    // Every link of the address is locked, in one order, before anything is written: a second
    // registration of the same address (same link or another) waits here, then finds it spent,
    // instead of deadlocking with this one over the links it is about to mark used.
    const links = await trx
      .selectFrom("registration_tokens")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", link.email.toLowerCase()))
      .select(["id", "used_at", "token_hash"])
      .orderBy("id")
      .forUpdate()
      .execute();
    const locked = links.find((l) => l.token_hash === hashToken(token));
    if (!locked) throw new RegistrationLinkError({ state: "unknown" });
    const again = await readRegistrationLink(trx, token, at);
    if (locked.used_at || again.state !== "ready") throw new RegistrationLinkError(again);
    const email = link.email.toLowerCase();

    const org = await trx
      .insertInto("organisations")
      .values({ name: input.organisationName, kind: "supplier", address: input.address, tax_id: input.taxId ?? null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const user = await trx
      .insertInto("users")
      .values({ email, name: input.name, password_hash: passwordHash })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The first person of a supplier organisation is also its admin: keeps its profile and invites colleagues.
    await trx
      .insertInto("memberships")
      .values([
        { user_id: user.id, org_id: org.id, role: "supplier" },
        { user_id: user.id, org_id: org.id, role: "admin" },
      ])
      .execute();

    const invitations = await trx
      .selectFrom("rfq_invitations")
      .where((eb) => eb(eb.fn("lower", ["invited_email"]), "=", email))
      .where("supplier_org_id", "is", null)
      // Only invitations the address was actually sent: one on a buyer's unpublished draft binds
      // (to the organisation registered now) when that draft is published.
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("registration_tokens")
            .whereRef("registration_tokens.invitation_id", "=", "rfq_invitations.id")
            .select("registration_tokens.id"),
        ),
      )
      .select(["id", "rfq_id", "buyer_org_id"])
      .forUpdate()
      .execute();
    const listed = await trx
      .selectFrom("supplier_invitations")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
      .where("supplier_org_id", "is", null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("registration_tokens")
            .whereRef("registration_tokens.supplier_invitation_id", "=", "supplier_invitations.id")
            .select("registration_tokens.id"),
        ),
      )
      .select(["id", "buyer_org_id", "categories"])
      .forUpdate()
      .execute();
    const byRfq = new Set(invitations.map((i) => i.buyer_org_id));
    for (const buyerOrgId of new Set([...byRfq, ...listed.map((l) => l.buyer_org_id)])) {
      await trx
        .insertInto("supplier_relationships")
        .values({
          buyer_org_id: buyerOrgId,
          supplier_org_id: org.id,
          // Registering through the buyer's link is the supplier's consent (decision 016).
          status: "active",
          // The buyer chose this address for an RFQ: its invitation is its approval (decision 027). Added to
          // the list alone, it waits for the buyer's judgement like any other new supplier.
          qualification_status: byRfq.has(buyerOrgId) ? "approved" : "pending",
          categories: listed.find((l) => l.buyer_org_id === buyerOrgId)?.categories ?? [],
          contact_email: email,
        })
        .execute();
    }
    if (listed.length > 0) {
      const ids = listed.map((l) => l.id);
      await trx
        .updateTable("supplier_invitations")
        .set({ supplier_org_id: org.id, updated_at: at })
        .where("id", "in", ids)
        .execute();
      await trx
        .updateTable("registration_tokens")
        .set({ used_at: at })
        .where("supplier_invitation_id", "in", ids)
        .where("used_at", "is", null)
        .execute();
    }
    if (invitations.length > 0) {
      const ids = invitations.map((i) => i.id);
      await trx
        .updateTable("rfq_invitations")
        .set({ supplier_org_id: org.id, updated_at: at })
        .where("id", "in", ids)
        .execute();
      await trx.updateTable("registration_tokens").set({ used_at: at }).where("invitation_id", "in", ids).execute();
    }
    await trx.updateTable("registration_tokens").set({ used_at: at }).where("id", "=", locked.id).execute();

    await appendAuditEvent(trx, {
      orgId: org.id,
      actorId: user.id,
      entityType: "organisation",
      entityId: org.id,
      event: "SUPPLIER_REGISTERED",
      data: { email, invitations: invitations.length },
    });
    for (const invitation of invitations) {
      // The buyer's trail too: its invitation now names an organisation.
      await appendAuditEvent(trx, {
        orgId: invitation.buyer_org_id,
        actorId: user.id,
        entityType: "invitation",
        entityId: invitation.id,
        event: "INVITATION_ACCEPTED",
        data: { rfqId: invitation.rfq_id, supplierOrgId: org.id, email },
      });
    }
    for (const invitation of listed) {
      await appendAuditEvent(trx, {
        orgId: invitation.buyer_org_id,
        actorId: user.id,
        entityType: "supplier_invitation",
        entityId: invitation.id,
        event: "INVITATION_ACCEPTED",
        data: { supplierOrgId: org.id, email },
      });
      await notify(trx, {
        kind: "supplier_relationship",
        audience: { orgId: invitation.buyer_org_id, roles: ["buyer"] },
        path: `/suppliers/${org.id}`,
        text: msgWith("{{organisation}} ({{email}}) registered and joined your suppliers, waiting for your approval.", {
          organisation: input.organisationName,
          email,
        }),
        mail: (person, reader) =>
          supplierRelationshipDecidedMail(
            {
              recipientName: person.name,
              email,
              url: linkTo(`/suppliers/${org.id}`),
              accepted: true,
              supplierName: input.organisationName,
            },
            reader,
          ),
        at,
      });
    }
    const sessionId = await createSessionInTransaction(trx, user.id, previousSessionId);
    await appendAuditEvent(trx, {
      orgId: null,
      actorId: user.id,
      entityType: "session",
      entityId: null,
      event: "SIGN_IN",
      data: { via: "registration" },
    });
    return { sessionId, rfqId: link.rfqId, userId: user.id, orgId: org.id };
  });
}
