/**
 * Forgotten passwords: a reset link mailed to the address (single use, one
 * hour, only its SHA-256 stored), and the new password set through it. The
 * reply to asking never says whether the address has an account. Setting a
 * new password ends every session of the person: whoever had the old one
 * is out. Public flows: the token is the credential.
 */
import type { Db } from "../../../db/client.server";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { passwordResetMail } from "../../../emails/templates/account";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { checkNewPassword, hashPassword, verifyAgainstNothing } from "../../auth/password.server";
import { absoluteUrl } from "../../env.server";
import { FormError } from "../../utils/errors";

import {
  issueToken,
  mayIssueToken,
  readToken,
  spendToken,
  spendTokens,
  type TokenState,
} from "./account-tokens.server";
import { orgOfUser } from "./membership.server";

/** Mails a reset link when the address belongs to an active account; does nothing otherwise. */
export async function requestPasswordReset(db: Db, { email }: { email: string }, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom("users")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
      .where("disabled_at", "is", null)
      // An invited person who never set a password has nothing to reset: the admin invites again.
      .where("password_hash", "<>", "")
      .select(["id", "name", "email"])
      .executeTakeFirst();
    if (!account) return;
    if (!(await mayIssueToken(trx, { userId: account.id, purpose: "reset_password", at }))) return;
    const { token, expiresAt } = await issueToken(trx, { userId: account.id, purpose: "reset_password", at });
    const mail = passwordResetMail(
      { name: account.name, url: absoluteUrl(`/reset-password/${token}`), expiresAt, at },
      await mailReaderFor(trx, { userId: account.id }),
    );
    await enqueueMail(trx, { to: account.email, ...mail });
    await appendAuditEvent(trx, {
      orgId: await orgOfUser(trx, account.id),
      actorId: null,
      entityType: "user",
      entityId: account.id,
      event: "PASSWORD_RESET_REQUESTED",
      data: { expiresAt: expiresAt.toISOString() },
    });
  });
}

/** What a reset link leads to, without spending it. */
export async function readResetLink(db: Db, token: string, at: Date): Promise<{ state: TokenState; email?: string }> {
  const found = await readToken(db, { token, purpose: "reset_password", at });
  return { state: found.state, email: found.email };
}

/**
 * Sets the new password through the link: the link is spent (with every
 * other reset link of the person), every session ends, and the address
 * counts as confirmed (the link reached it). A password against the rules
 * is a FormError and spends nothing.
 */
export async function resetPassword(
  db: Db,
  token: string,
  { password }: { password: string },
  at: Date,
): Promise<{ done: true } | { done: false; state: TokenState }> {
  const link = await readResetLink(db, token, at);
  if (link.state !== "ready" || !link.email) {
    await verifyAgainstNothing(password);
    return { done: false, state: link.state };
  }
  const weak = checkNewPassword(password, link.email);
  if (weak) throw new FormError({ password: weak });
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const spent = await spendToken(trx, { token, purpose: "reset_password", at });
    if (!spent.ok) return { done: false as const, state: spent.state };
    const user = await trx
      .updateTable("users")
      .set((eb) => ({
        password_hash: passwordHash,
        email_confirmed_at: eb.fn.coalesce("email_confirmed_at", eb.val(at)),
      }))
      .where("id", "=", spent.userId)
      .where("disabled_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!user) return { done: false as const, state: "unknown" as const };
    await spendTokens(trx, { userId: spent.userId, purpose: "reset_password", at });
    await trx.deleteFrom("sessions").where("user_id", "=", spent.userId).execute();
    await appendAuditEvent(trx, {
      orgId: await orgOfUser(trx, spent.userId),
      actorId: spent.userId,
      entityType: "user",
      entityId: spent.userId,
      event: "PASSWORD_RESET",
    });
    return { done: true as const };
  });
}
