/**
 * A person's own two-factor sign-in, from their profile: set it up (a new
 * secret, shown as a QR code and as text, on only once a code from the app
 * confirms it), new recovery codes, and turning it off (password and a
 * code). Only the signed-in person's own row is read or written. Every
 * change is an audit event; codes typed here take a slot of the sign-in
 * throttle, so a stolen session cannot guess them quickly.
 *
 * Recovery codes are returned once, to be shown once; only their hashes are
 * kept. The secret is shown only while setting up.
 */
import { appendAuditEvent } from "../../../workflows/audit.server";
import type { Trx } from "../../../db/client.server";
import { coveredByTwoFactorPolicy } from "../../auth/ability";
import { verifyPassword } from "../../auth/password.server";
import { reserveSignInAttempt, settleSignInAttempt, throttleMessage } from "../../auth/sign-in-throttle.server";
import {
  acceptTotpCode,
  checkSecondFactor,
  decryptSecret,
  encryptSecret,
  newTotpSecret,
  replaceRecoveryCodes,
  setupDetails,
  unusedRecoveryCodes,
} from "../../auth/totp.server";
import { FormError } from "../../utils/errors";
import { inTransaction, type Ctx } from "../shared/context.server";
import { msg } from "../../i18n/config";

async function me(ctx: Ctx) {
  const [person, org] = await Promise.all([
    ctx.db
      .selectFrom("users")
      .where("id", "=", ctx.actor.userId)
      .select(["email", "password_hash", "totp_secret", "totp_enabled_at"])
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom("organisations")
      .where("id", "=", ctx.actor.orgId)
      .select("require_two_factor")
      .executeTakeFirstOrThrow(),
  ]);
  return { ...person, require_two_factor: org.require_two_factor };
}

/** Whether the person's organisation requires two-factor of them. */
function requiredOf(person: { require_two_factor: boolean }, ctx: Ctx): boolean {
  return person.require_two_factor && coveredByTwoFactorPolicy(ctx.actor.roles);
}

export async function getTwoFactorPage(ctx: Ctx) {
  const person = await me(ctx);
  const enabled = person.totp_enabled_at !== null;
  const pending = !enabled && person.totp_secret ? decryptSecret(person.totp_secret) : null;
  return {
    enabled,
    enabledAt: person.totp_enabled_at ? new Date(person.totp_enabled_at).toISOString() : null,
    required: requiredOf(person, ctx),
    unusedRecoveryCodes: enabled ? await unusedRecoveryCodes(ctx.db, ctx.actor.userId) : 0,
    setup: pending ? await setupDetails(pending, person.email) : null,
  };
}

function audit(trx: Trx, ctx: Ctx, event: string, data: Record<string, unknown> = {}) {
  return appendAuditEvent(trx, {
    orgId: ctx.actor.orgId,
    actorId: ctx.actor.userId,
    entityType: "user",
    entityId: ctx.actor.userId,
    event,
    data,
  });
}

/** A code typed on the profile counts against the sign-in throttle of the person and of the address. */
async function reserveCodeAttempt(ctx: Ctx, email: string): Promise<string> {
  const reserved = await reserveSignInAttempt(ctx.db, { email, address: ctx.origin?.address ?? "unknown" }, ctx.now);
  if (!reserved.attemptId) throw new FormError({ code: throttleMessage(reserved.retryAfterSeconds) });
  return reserved.attemptId;
}

/** Starts (or starts again) setting up: a fresh secret, kept encrypted, shown on the page until confirmed. */
export async function startTwoFactorSetup(ctx: Ctx): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const row = await trx
      .selectFrom("users")
      .where("id", "=", ctx.actor.userId)
      .select("totp_enabled_at")
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.totp_enabled_at) throw new FormError({ form: msg("Two-factor sign-in is already on.") });
    await trx
      .updateTable("users")
      .set({ totp_secret: encryptSecret(newTotpSecret()), totp_last_step: null })
      .where("id", "=", ctx.actor.userId)
      .execute();
    await audit(trx, ctx, "TWO_FACTOR_SETUP_STARTED");
  });
}

/** Confirms the setup with a code from the app: two-factor is on, and ten recovery codes come back to show once. */
export async function confirmTwoFactor(ctx: Ctx, { code }: { code: string }): Promise<{ recoveryCodes: string[] }> {
  const person = await me(ctx);
  if (person.totp_enabled_at) throw new FormError({ form: msg("Two-factor sign-in is already on.") });
  if (!person.totp_secret) throw new FormError({ form: msg("Start the setup first.") });
  const attemptId = await reserveCodeAttempt(ctx, person.email);
  const result = await inTransaction(ctx, async (trx): Promise<{ refused: string } | { recoveryCodes: string[] }> => {
    const verdict = await acceptTotpCode(trx, ctx.actor.userId, code, ctx.now);
    if (verdict === "replayed")
      return { refused: msg("That code was used already. Wait for the next code in your app.") };
    if (verdict === "wrong")
      return { refused: msg("That code is not right. Check that the app shows Quotient and type its newest code.") };
    const enabled = await trx
      .updateTable("users")
      .set({ totp_enabled_at: ctx.now })
      .where("id", "=", ctx.actor.userId)
      .where("totp_enabled_at", "is", null)
      .executeTakeFirst();
    if (Number(enabled.numUpdatedRows) !== 1) return { refused: msg("Two-factor sign-in is already on.") };
    const recoveryCodes = await replaceRecoveryCodes(trx, ctx.actor.userId);
    await audit(trx, ctx, "TWO_FACTOR_ENABLED", { during: "profile" });
    return { recoveryCodes };
  });
  if ("refused" in result) throw new FormError({ code: result.refused });
  await settleSignInAttempt(ctx.db, attemptId);
  return result;
}

/** Ten new recovery codes for a code from the app; the earlier ones stop working. */
export async function regenerateRecoveryCodes(
  ctx: Ctx,
  { code }: { code: string },
): Promise<{ recoveryCodes: string[] }> {
  const person = await me(ctx);
  if (!person.totp_enabled_at) throw new FormError({ form: msg("Two-factor sign-in is off.") });
  const attemptId = await reserveCodeAttempt(ctx, person.email);
  const result = await inTransaction(ctx, async (trx): Promise<{ refused: string } | { recoveryCodes: string[] }> => {
    const verdict = await acceptTotpCode(trx, ctx.actor.userId, code, ctx.now);
    if (verdict !== "ok")
      return {
        refused:
          verdict === "replayed"
            ? msg("That code was used already. Wait for the next code in your app.")
            : msg("That code is not right. Type the six digits your app shows now."),
      };
    const recoveryCodes = await replaceRecoveryCodes(trx, ctx.actor.userId);
    await audit(trx, ctx, "RECOVERY_CODES_REGENERATED");
    return { recoveryCodes };
  });
  if ("refused" in result) throw new FormError({ code: result.refused });
  await settleSignInAttempt(ctx.db, attemptId);
  return result;
}

/** Turns two-factor off, given the password and a code (or a recovery code); refused while the organisation requires it. */
export async function disableTwoFactor(ctx: Ctx, { password, code }: { password: string; code: string }) {
  const person = await me(ctx);
  if (!person.totp_enabled_at) throw new FormError({ form: msg("Two-factor sign-in is already off.") });
  if (requiredOf(person, ctx))
    throw new FormError({
      form: msg("Your organisation requires two-factor sign-in for finance and admin, so it stays on."),
    });
  const attemptId = await reserveCodeAttempt(ctx, person.email);
  if (!(await verifyPassword(person.password_hash, password)))
    throw new FormError({ password: msg("That is not your current password.") });
  const refused = await inTransaction(ctx, async (trx) => {
    const checked = await checkSecondFactor(trx, ctx.actor.userId, code, ctx.now);
    if (!checked.ok)
      return checked.reason === "replayed"
        ? msg("That code was used already. Wait for the next code in your app.")
        : msg("That code is not right. Type the six digits your app shows, or an unused recovery code.");
    await trx
      .updateTable("users")
      .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
      .where("id", "=", ctx.actor.userId)
      .execute();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", ctx.actor.userId).execute();
    await audit(trx, ctx, "TWO_FACTOR_DISABLED", { with: checked.method });
    return null;
  });
  if (refused) throw new FormError({ code: refused });
  await settleSignInAttempt(ctx.db, attemptId);
}
