import type { Db } from "../../db/client.server";
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
  await settleSignInAttempt(db, reserved.attemptId);
  if (!user.confirmed) return { outcome: "unconfirmed" };
  return { outcome: "signed-in", userId: user.id };
}
