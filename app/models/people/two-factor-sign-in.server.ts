/**
 * The second step of a sign-in, between a right password and a session.
 * The password step opens a challenge (a row named by a random token that
 * travels in a short-lived cookie; only its SHA-256 is stored) and nothing
 * else: no session exists until the challenge is answered.
 *
 * - `verify`: the person types a code from their app, or a recovery code.
 * - `enrol`: their organisation requires two-factor of their roles and they
 *   have none yet: they add the secret to an app and confirm it with a code,
 *   and are shown their recovery codes once, before anything else.
 *
 * A challenge lives ten minutes, is spent when it passes, and dies after
 * five wrong answers (back to the password). Every answer also takes a slot
 * of the sign-in throttle (per account and per address), so guessing codes
 * is as slow as guessing passwords. Each outcome is an audit event of the
 * person's organisation.
 */
import { randomBytes } from "node:crypto";

import type { Db, Trx } from "../../../db/client.server";
import type { SignInChallengePurpose } from "../../../db/schema";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { SIGN_IN_STEP_MINUTES } from "../../auth/session.server";
import { reserveSignInAttempt, settleSignInAttempt } from "../../auth/sign-in-throttle.server";
import {
  acceptTotpCode,
  checkSecondFactor,
  decryptSecret,
  encryptSecret,
  newTotpSecret,
  replaceRecoveryCodes,
  setupDetails,
  SIX_DIGITS,
} from "../../auth/totp.server";
import { safeRedirect } from "../../utils/safe-redirect";

import { hashToken, wellFormedToken } from "./account-tokens.server";
import { msg } from "../../i18n/config";

/** Wrong answers a challenge takes before the person must give the password again. */
export const MAX_STEP_FAILURES = 5;

async function orgOf(db: Db | Trx, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom("memberships")
    .where("user_id", "=", userId)
    .select("org_id")
    .orderBy("created_at")
    .executeTakeFirst();
  return row?.org_id ?? null;
}

/**
 * Opens the second step after a right password; returns the token for the
 * cookie. Earlier open steps of the person end. For `enrol`, a fresh secret
 * is kept (encrypted) for the person to add to their app.
 */
export async function openSignInStep(
  db: Db,
  args: { userId: string; purpose: SignInChallengePurpose; redirectTo: string; address: string },
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("sign_in_challenges")
      .set({ used_at: now })
      .where("user_id", "=", args.userId)
      .where("used_at", "is", null)
      .execute();
    if (args.purpose === "enrol")
      await trx
        .updateTable("users")
        .set({ totp_secret: encryptSecret(newTotpSecret()), totp_last_step: null })
        .where("id", "=", args.userId)
        .where("totp_enabled_at", "is", null)
        .execute();
    await trx
      .insertInto("sign_in_challenges")
      .values({
        user_id: args.userId,
        token_hash: hashToken(token),
        purpose: args.purpose,
        redirect_to: safeRedirect(args.redirectTo, "/dashboard"),
        address: args.address,
        expires_at: new Date(now.getTime() + SIGN_IN_STEP_MINUTES * 60_000),
        created_at: now,
      })
      .execute();
  });
  return token;
}

async function liveChallenge(db: Db | Trx, token: string | null, now: Date, lock = false) {
  if (!token || !wellFormedToken(token)) return null;
  let query = db
    .selectFrom("sign_in_challenges")
    .innerJoin("users", "users.id", "sign_in_challenges.user_id")
    .where("sign_in_challenges.token_hash", "=", hashToken(token))
    .where("sign_in_challenges.used_at", "is", null)
    .where("sign_in_challenges.expires_at", ">", now)
    .where("sign_in_challenges.failures", "<", MAX_STEP_FAILURES)
    .where("users.disabled_at", "is", null)
    .select([
      "sign_in_challenges.id",
      "sign_in_challenges.user_id as userId",
      "sign_in_challenges.purpose",
      "sign_in_challenges.redirect_to as redirectTo",
      "users.email",
      "users.totp_secret as secret",
      "users.totp_enabled_at as enabledAt",
    ]);
  if (lock) query = query.forUpdate(["sign_in_challenges"]);
  return (await query.executeTakeFirst()) ?? null;
}

/** What the second-step page shows, or null when the step is unknown, spent or expired (back to the password). */
export async function readSignInStep(db: Db, token: string | null, now = new Date()) {
  const step = await liveChallenge(db, token, now);
  if (!step) return null;
  if (step.purpose === "verify") return { purpose: "verify" as const, email: step.email, setup: null };
  const secret = step.secret && !step.enabledAt ? decryptSecret(step.secret) : null;
  if (!secret) return null;
  return { purpose: "enrol" as const, email: step.email, setup: await setupDetails(secret, step.email) };
}

/**
 * Whether this step was just passed by setting two-factor up. The page that
 * answered it shows the recovery codes, and the server renders that page
 * (its loader too) after the step is spent; any other use of it goes back
 * to the password.
 */
export async function justEnrolled(db: Db, token: string | null, now = new Date()): Promise<boolean> {
  if (!token || !wellFormedToken(token)) return false;
  const row = await db
    .selectFrom("sign_in_challenges")
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "=", "enrol")
    .where("used_at", ">", new Date(now.getTime() - 60_000))
    .select("id")
    .executeTakeFirst();
  return row !== undefined;
}

export type StepAnswer =
  | { outcome: "signed-in"; userId: string; redirectTo: string; recoveryCodes: string[] | null }
  | { outcome: "expired" }
  | { outcome: "throttled"; retryAfterSeconds: number }
  | { outcome: "refused"; message: string };

const REFUSALS = {
  wrong: msg("That code is not right. Type the six digits your app shows now."),
  replayed: msg("That code was used already. Wait for the next code in your app."),
  recovery: msg("That is not a recovery code of yours, or it was used already."),
  enrolRecovery: msg("Type the six digits your app shows; recovery codes come after setup."),
} as const;

/**
 * Answers the second step with a code (or, for `verify`, a recovery code).
 * On success the challenge is spent and the caller creates the session;
 * for `enrol`, two-factor is on and the fresh recovery codes come back to
 * be shown once.
 */
export async function answerSignInStep(
  db: Db,
  args: { token: string | null; code: string; address: string },
  now = new Date(),
): Promise<StepAnswer> {
  const step = await liveChallenge(db, args.token, now);
  if (!step) return { outcome: "expired" };
  const reserved = await reserveSignInAttempt(db, { email: step.email, address: args.address }, now);
  if (!reserved.attemptId) return { outcome: "throttled", retryAfterSeconds: reserved.retryAfterSeconds };
  const orgId = await orgOf(db, step.userId);
  const answer = await db.transaction().execute(async (trx): Promise<StepAnswer> => {
    // Locked, and read again: two answers at once are taken one after the other.
    const locked = await liveChallenge(trx, args.token, now, true);
    if (!locked) return { outcome: "expired" };
    const audit = (event: string, data: Record<string, unknown>) =>
      appendAuditEvent(trx, {
        orgId,
        actorId: locked.userId,
        entityType: "user",
        entityId: locked.userId,
        event,
        data,
      });
    let refusal: keyof typeof REFUSALS | null = null;
    let method: "totp" | "recovery" = "totp";
    if (locked.purpose === "enrol") {
      if (!SIX_DIGITS.test(args.code.trim())) refusal = "enrolRecovery";
      else {
        const verdict = await acceptTotpCode(trx, locked.userId, args.code, now);
        if (verdict !== "ok") refusal = verdict;
      }
    } else {
      const checked = await checkSecondFactor(trx, locked.userId, args.code, now);
      if (checked.ok) method = checked.method;
      else refusal = checked.reason;
    }
    if (refusal) {
      await trx
        .updateTable("sign_in_challenges")
        .set((eb) => ({ failures: eb("failures", "+", 1) }))
        .where("id", "=", locked.id)
        .execute();
      await audit("TWO_FACTOR_FAILED", { reason: refusal === "enrolRecovery" ? "wrong" : refusal });
      return { outcome: "refused", message: REFUSALS[refusal] };
    }
    await trx.updateTable("sign_in_challenges").set({ used_at: now }).where("id", "=", locked.id).execute();
    let recoveryCodes: string[] | null = null;
    if (locked.purpose === "enrol") {
      await trx.updateTable("users").set({ totp_enabled_at: now }).where("id", "=", locked.userId).execute();
      recoveryCodes = await replaceRecoveryCodes(trx, locked.userId);
      await audit("TWO_FACTOR_ENABLED", { during: "sign-in", required: true });
    } else if (method === "recovery") {
      await audit("RECOVERY_CODE_USED", {});
    }
    return { outcome: "signed-in", userId: locked.userId, redirectTo: locked.redirectTo, recoveryCodes };
  });
  if (answer.outcome === "signed-in") await settleSignInAttempt(db, reserved.attemptId);
  return answer;
}
