import type { Db } from "../../db/client.server";
import type { Role } from "../../db/schema";

import { coveredByTwoFactorPolicy } from "./ability";
import { verifyAgainstNothing, verifyPassword } from "./password.server";
import { reserveSignInAttempt, settleSignInAttempt } from "./sign-in-throttle.server";

/**
 * The user id when email and password match an active account; never says
 * which was wrong. `confirmed` is false while a signed-up address awaits
 * its mailed link: only someone who knows the password learns that.
 */
export async function verifyLogin(
  db: Db,
  email: string,
  password: string,
): Promise<{ id: string; confirmed: boolean } | null> {
  const user = await db
    .selectFrom("users")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
    .where("disabled_at", "is", null)
    .select(["id", "password_hash", "email_confirmed_at"])
    .executeTakeFirst();
  if (!user) return verifyAgainstNothing(password).then(() => null);
  return (await verifyPassword(user.password_hash, password))
    ? { id: user.id, confirmed: user.email_confirmed_at !== null }
    : null;
}

export type SignInOutcome =
  | { outcome: "signed-in"; userId: string }
  | { outcome: "mismatch" }
  /** The password is right but the address is not confirmed yet: no session. */
  | { outcome: "unconfirmed" }
  /**
   * The password is right but a second step comes first, and no session
   * exists yet: `verify` asks for a code, `enrol` sets two-factor up (the
   * organisation requires it of this person). The attempt still counts as
   * a failure until the step passes, so password-then-guess cannot reset
   * the throttle.
   */
  | { outcome: "second-step"; userId: string; purpose: "verify" | "enrol" }
  | { outcome: "throttled"; retryAfterSeconds: number };

/**
 * One sign-in attempt from `address`, throttled per account and per address.
 * The attempt is counted before the password is checked, so attempts in
 * parallel cannot all slip under the limit while the slow hash runs.
 */
export async function attemptSignIn(
  db: Db,
  attempt: { email: string; password: string; address: string },
  now = new Date(),
): Promise<SignInOutcome> {
  const reserved = await reserveSignInAttempt(db, attempt, now);
  if (!reserved.attemptId) return { outcome: "throttled", retryAfterSeconds: reserved.retryAfterSeconds };
  const user = await verifyLogin(db, attempt.email, attempt.password);
  if (!user) return { outcome: "mismatch" };
  if (!user.confirmed) {
    await settleSignInAttempt(db, reserved.attemptId);
    return { outcome: "unconfirmed" };
  }
  const purpose = await secondStepOf(db, user.id);
  if (purpose) return { outcome: "second-step", userId: user.id, purpose };
  await settleSignInAttempt(db, reserved.attemptId);
  return { outcome: "signed-in", userId: user.id };
}

/**
 * Whether the person must pass a second step: `verify` when they turned
 * two-factor on, `enrol` when their organisation requires it of their roles
 * and they have not, null otherwise.
 */
export async function secondStepOf(db: Db, userId: string): Promise<"verify" | "enrol" | null> {
  const rows = await db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .innerJoin("organisations", "organisations.id", "memberships.org_id")
    .where("users.id", "=", userId)
    .select(["users.totp_enabled_at", "organisations.require_two_factor", "memberships.role"])
    .execute();
  const first = rows[0];
  if (!first) return null;
  if (first.totp_enabled_at) return "verify";
  const roles = rows.map((r) => r.role as Role);
  return first.require_two_factor && coveredByTwoFactorPolicy(roles) ? "enrol" : null;
}
