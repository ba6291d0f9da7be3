/**
 * An invited person accepts by the mailed link: chooses the name colleagues
 * see and a password, and is signed in. The link proves the address, so it
 * counts as confirmed. Public: the token is the credential.
 */
import type { Db } from "../../../db/client.server";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { checkNewPassword, hashPassword } from "../../auth/password.server";
import { createSessionInTransaction } from "../../auth/session.server";
import { FormError } from "../../utils/errors";

import { readToken, spendToken, type TokenState } from "./account-tokens.server";
import { orgOfUser } from "./membership.server";

export type InvitationLink = { state: TokenState; email?: string; organisationName?: string };

/** What an invitation link leads to, without spending it. */
export async function readInvitation(db: Db, token: string, at: Date): Promise<InvitationLink> {
  const found = await readToken(db, { token, purpose: "invitation", at });
  if (!found.userId) return { state: found.state };
  const org = await db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.org_id")
    .where("memberships.user_id", "=", found.userId)
    .select("organisations.name")
    .executeTakeFirst();
  return { state: found.state, email: found.email, organisationName: org?.name };
}

/**
 * Accepts: the link is spent, the person gets a name, a password and a
 * confirmed address, and a fresh session (the previous one, if any, ends).
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name: string; password: string },
  at: Date,
  previousSessionId?: string | null,
): Promise<{ accepted: true; sessionId: string } | { accepted: false; state: TokenState }> {
  const link = await readInvitation(db, token, at);
  if (link.state !== "ready" || !link.email) return { accepted: false, state: link.state };
  const weak = checkNewPassword(input.password, link.email);
  if (weak) throw new FormError({ password: weak });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const spent = await spendToken(trx, { token, purpose: "invitation", at });
    if (!spent.ok) return { accepted: false as const, state: spent.state };
    const user = await trx
      .updateTable("users")
      .set({ name: input.name, password_hash: passwordHash, email_confirmed_at: at })
      .where("id", "=", spent.userId)
      .where("disabled_at", "is", null)
      .where("email_confirmed_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!user) return { accepted: false as const, state: "used" as const };
    const orgId = await orgOfUser(trx, spent.userId);
    await appendAuditEvent(trx, {
      orgId,
      actorId: spent.userId,
      entityType: "user",
      entityId: spent.userId,
      event: "INVITATION_ACCEPTED",
      data: { name: input.name },
    });
    const sessionId = await createSessionInTransaction(trx, spent.userId, previousSessionId);
    await appendAuditEvent(trx, {
      orgId: null,
      actorId: spent.userId,
      entityType: "session",
      entityId: null,
      event: "SIGN_IN",
      data: { via: "invitation" },
    });
    return { accepted: true as const, sessionId };
  });
}
