/**
 * An admin resets another person's two-factor sign-in (a lost phone, no
 * recovery codes left): the secret and the recovery codes go, every session
 * of theirs ends, and they set it up again at their next sign-in when the
 * organisation requires it. The admin proves it is still them, with their
 * own password, or the current code of their own app when they use
 * two-factor themselves: a session left open must not be enough to strip
 * someone's second factor. Audited, and the person is mailed.
 */
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { twoFactorResetMail } from "../../../emails/templates/account";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { coveredByTwoFactorPolicy } from "../../auth/ability";
import { verifyPassword } from "../../auth/password.server";
import { reserveSignInAttempt, settleSignInAttempt, throttleMessage } from "../../auth/sign-in-throttle.server";
import { checkSecondFactor } from "../../auth/totp.server";
import { absoluteUrl } from "../../env.server";
import { FormError } from "../../utils/errors";
import { inTransaction, type Ctx } from "../shared/context.server";

import { loadUserFor } from "./users.server";
import { msg } from "../../i18n/config";

/** What the admin's page offers: whether the person has two-factor to reset, and what proof the admin gives. */
export async function twoFactorResetOffer(ctx: Ctx, { id }: { id: string }) {
  const user = await loadUserFor(ctx, id, "read");
  const [person, admin] = await Promise.all([
    ctx.db.selectFrom("users").where("id", "=", user.id).select(["totp_secret"]).executeTakeFirstOrThrow(),
    ctx.db.selectFrom("users").where("id", "=", ctx.actor.userId).select("totp_enabled_at").executeTakeFirstOrThrow(),
  ]);
  return {
    /** Someone else's, set up or half set up; one's own is turned off on one's profile. */
    available: person.totp_secret !== null && user.id !== ctx.actor.userId,
    proof: admin.totp_enabled_at ? ("code" as const) : ("password" as const),
  };
}

export async function resetTwoFactor(
  ctx: Ctx,
  { id, password, code }: { id: string; password?: string; code?: string },
): Promise<void> {
  const user = await loadUserFor(ctx, id, "update");
  if (user.id === ctx.actor.userId)
    throw new FormError({ form: msg("Turn your own two-factor sign-in off on your profile.") });
  const admin = await ctx.db
    .selectFrom("users")
    .where("id", "=", ctx.actor.userId)
    .select(["name", "email", "password_hash", "totp_enabled_at"])
    .executeTakeFirstOrThrow();
  const byCode = admin.totp_enabled_at !== null;
  if (byCode && !code?.trim()) throw new FormError({ code: msg("Type the code your app shows now.") });
  if (!byCode && !password) throw new FormError({ password: msg("Enter your current password.") });

  // Each try counts against the admin's sign-in throttle: a stolen session cannot guess quickly.
  const reserved = await reserveSignInAttempt(
    ctx.db,
    { email: admin.email, address: ctx.origin?.address ?? "unknown" },
    ctx.now,
  );
  if (!reserved.attemptId)
    throw new FormError({ [byCode ? "code" : "password"]: throttleMessage(reserved.retryAfterSeconds) });
  if (!byCode && !(await verifyPassword(admin.password_hash, password ?? "")))
    throw new FormError({ password: msg("That is not your current password.") });

  const refused = await inTransaction(ctx, async (trx): Promise<Record<string, string> | null> => {
    if (byCode) {
      const checked = await checkSecondFactor(trx, ctx.actor.userId, code ?? "", ctx.now);
      if (!checked.ok)
        return {
          code:
            checked.reason === "replayed"
              ? "That code was used already. Wait for the next code in your app."
              : "That code is not right. Type the six digits your app shows, or an unused recovery code.",
        };
    }
    const row = await trx
      .selectFrom("users")
      .where("id", "=", user.id)
      .select(["totp_secret", "totp_enabled_at"])
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.totp_secret === null) return { form: "This person has no two-factor sign-in to reset." };
    await trx
      .updateTable("users")
      .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
      .where("id", "=", user.id)
      .execute();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", user.id).execute();
    const ended = await trx.deleteFrom("sessions").where("user_id", "=", user.id).executeTakeFirst();
    const org = await trx
      .selectFrom("organisations")
      .where("id", "=", user.org_id)
      .select(["name", "require_two_factor"])
      .executeTakeFirstOrThrow();
    const required = org.require_two_factor && coveredByTwoFactorPolicy(user.roles);
    await appendAuditEvent(trx, {
      orgId: user.org_id,
      actorId: ctx.actor.userId,
      entityType: "user",
      entityId: user.id,
      event: "TWO_FACTOR_RESET",
      data: {
        email: user.email,
        wasEnabled: row.totp_enabled_at !== null,
        sessionsEnded: Number(ended.numDeletedRows),
        proof: byCode ? "code" : "password",
      },
    });
    const mail = twoFactorResetMail(
      {
        name: user.name,
        adminName: admin.name,
        organisationName: org.name,
        required,
        signInUrl: absoluteUrl("/login"),
      },
      await mailReaderFor(trx, { userId: user.id, orgId: user.org_id }),
    );
    await enqueueMail(trx, { orgId: user.org_id, to: user.email, ...mail });
    return null;
  });
  if (refused) throw new FormError(refused);
  await settleSignInAttempt(ctx.db, reserved.attemptId);
}
