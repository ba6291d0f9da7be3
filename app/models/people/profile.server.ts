/**
 * A person's own profile: the name colleagues see, the time zone instants
 * are shown in, and the password. Only the signed-in person's own row is
 * ever read or written (the actor's id), so there is nothing of anyone
 * else's to authorize.
 */
import { appendAuditEvent } from "../../../workflows/audit.server";
import { checkNewPassword, hashPassword, verifyPassword } from "../../auth/password.server";
import { FormError } from "../../utils/errors";
import { inTransaction, type Ctx } from "../shared/context.server";

import { spendTokens } from "./account-tokens.server";
import type { ProfileInput } from "./profile.schema";
import { msg } from "../../i18n/config";

export async function getProfile(ctx: Ctx) {
  const me = await ctx.db
    .selectFrom("users")
    .innerJoin("organisations", (join) => join.on("organisations.id", "=", ctx.actor.orgId))
    .where("users.id", "=", ctx.actor.userId)
    .select((eb) => [
      "users.name",
      "users.email",
      // The zone the person reads instants in: their own, or else their organisation's, which saving makes their own.
      eb.fn.coalesce("users.time_zone", "organisations.default_time_zone").as("timeZone"),
      "users.totp_enabled_at",
    ])
    .executeTakeFirstOrThrow();
  const { totp_enabled_at: enabledAt, ...rest } = me;
  return { ...rest, twoFactor: enabledAt !== null };
}

export async function updateProfile(ctx: Ctx, { name, timeZone }: Omit<ProfileInput, "intent">): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const before = await trx
      .selectFrom("users")
      .where("id", "=", ctx.actor.userId)
      .select(["name", "time_zone"])
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (before.name === name && before.time_zone === timeZone) return;
    await trx.updateTable("users").set({ name, time_zone: timeZone }).where("id", "=", ctx.actor.userId).execute();
    await appendAuditEvent(trx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.userId,
      entityType: "user",
      entityId: ctx.actor.userId,
      event: "PROFILE_UPDATED",
      data: { from: { name: before.name, timeZone: before.time_zone }, to: { name, timeZone } },
    });
  });
}

/**
 * A new password, given the current one. Every other session of the person
 * ends (a device signed in with the old password is out); the one that
 * made the change stays. Open reset links are spent too.
 */
export async function changePassword(
  ctx: Ctx,
  args: { currentPassword: string; newPassword: string; keepSessionId: string },
): Promise<void> {
  const me = await ctx.db
    .selectFrom("users")
    .where("id", "=", ctx.actor.userId)
    .select(["email", "password_hash"])
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(me.password_hash, args.currentPassword)))
    throw new FormError({ currentPassword: msg("That is not your current password.") });
  const weak = checkNewPassword(args.newPassword, me.email);
  if (weak) throw new FormError({ newPassword: weak });
  const passwordHash = await hashPassword(args.newPassword);
  await inTransaction(ctx, async (trx) => {
    await trx.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", ctx.actor.userId).execute();
    const ended = await trx
      .deleteFrom("sessions")
      .where("user_id", "=", ctx.actor.userId)
      .where("id", "<>", args.keepSessionId)
      .executeTakeFirst();
    await spendTokens(trx, { userId: ctx.actor.userId, purpose: "reset_password", at: ctx.now });
    await appendAuditEvent(trx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.userId,
      entityType: "user",
      entityId: ctx.actor.userId,
      event: "PASSWORD_CHANGED",
      data: { otherSessionsEnded: Number(ended.numDeletedRows) },
    });
  });
}
