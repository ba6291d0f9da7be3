/**
 * A buying organisation's admin keeps its people: the list with roles and
 * last sign-in, invitations by address with one or more roles, role
 * changes, deactivation and a fresh invitation link. A person holds one
 * membership row per role. Everything is scoped to the admin's own
 * organisation: someone else's people are a 404 (`loadUserFor`).
 *
 * Changes to an organisation's people lock the organisation's row first, so
 * two admins acting at once cannot together leave it without an admin.
 */
import type { Trx } from "../../../db/client.server";
import type { OrgKind, Role } from "../../../db/schema";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { invitationMail } from "../../../emails/templates/account";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { roleLabel, roleLabels, subject, type Action } from "../../auth/ability";
import { authorize } from "../../auth/authorize.server";
import { absoluteUrl } from "../../env.server";
import { FormError } from "../../utils/errors";
import { forbidden, notFound } from "../../utils/http.server";
import { inTransaction, type Ctx } from "../shared/context.server";

import { issueToken, spendTokens } from "./account-tokens.server";
import { msg } from "../../i18n/config";

export type PersonStatus = "invited" | "unconfirmed" | "active" | "deactivated";

const STATUS_LABELS: Record<PersonStatus, string> = {
  invited: msg("Invited"),
  unconfirmed: msg("Address not confirmed"),
  active: msg("Active"),
  deactivated: msg("Deactivated"),
};

function statusOf(user: { disabled_at: Date | null; email_confirmed_at: Date | null; invited_at: Date | null }) {
  if (user.disabled_at) return "deactivated" as const;
  if (user.email_confirmed_at) return "active" as const;
  return user.invited_at ? ("invited" as const) : ("unconfirmed" as const);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

/**
 * A person of the actor's organisation, for `action`: 404 when they belong
 * to another organisation (or to none), 403 when the actor may see but not
 * do this.
 */
export async function loadUserFor(ctx: Ctx, id: string, action: Action) {
  const rows = await ctx.db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .where("users.id", "=", id)
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.disabled_at",
      "users.email_confirmed_at",
      "users.invited_at",
      "memberships.org_id",
      "memberships.role",
    ])
    .orderBy("memberships.created_at")
    .orderBy("memberships.role")
    .execute();
  const first = rows[0];
  if (!first) throw notFound("No such user.");
  authorize(ctx.ability, action, subject("User", { org_id: first.org_id }), "user");
  const { role: _role, ...person } = first;
  return { ...person, roles: rows.filter((r) => r.org_id === first.org_id).map((r) => r.role) };
}

/** Locks the organisation's row: people changes of one organisation happen one at a time. Returns its kind. */
async function lockOrganisation(trx: Trx, orgId: string): Promise<OrgKind> {
  const org = await trx
    .selectFrom("organisations")
    .where("id", "=", orgId)
    .select(["id", "kind"])
    .forUpdate()
    .executeTakeFirstOrThrow();
  return org.kind;
}

const ROLES_OF: Record<OrgKind, readonly Role[]> = {
  buyer: ["buyer", "finance", "admin"],
  supplier: ["supplier", "admin"],
};

/**
 * The roles as stored for an organisation of this kind: only its own kind's
 * roles, and everyone of a supplier organisation holds the supplier role
 * (its abilities read "admin" beside "supplier" as the supplier's admin).
 */
function rolesOfKind(kind: OrgKind, roles: readonly Role[]): Role[] {
  if (roles.some((r) => !ROLES_OF[kind].includes(r)))
    throw new FormError({ roles: msg("Choose roles from the list.") });
  return kind === "supplier" && !roles.includes("supplier") ? ["supplier", ...roles] : [...roles];
}

/** Active admins of the organisation other than `exceptUserId`. */
async function otherActiveAdmins(trx: Trx, orgId: string, exceptUserId: string): Promise<number> {
  const row = await trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.org_id", "=", orgId)
    .where("memberships.role", "=", "admin")
    .where("users.disabled_at", "is", null)
    .where("users.email_confirmed_at", "is not", null)
    .where("users.id", "<>", exceptUserId)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The organisation's people, with roles, status and last sign-in. */
export async function listUsers(ctx: Ctx) {
  if (!ctx.ability.can("read", subject("User", { org_id: ctx.actor.orgId }))) throw forbidden();
  const rows = await ctx.db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .where("memberships.org_id", "=", ctx.actor.orgId)
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.disabled_at",
      "users.email_confirmed_at",
      "users.invited_at",
      "memberships.role",
    ])
    .orderBy("users.email")
    .orderBy("memberships.role")
    .execute();
  const ids = [...new Set(rows.map((r) => r.id))];
  // Sign-ins are audit events (the log keeps them for good); the newest per person.
  const signIns =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom("audit_events")
          .where("event", "=", "SIGN_IN")
          .where("actor_id", "in", ids)
          .groupBy("actor_id")
          .select((eb) => ["actor_id", eb.fn.max("created_at").as("at")])
          .execute();
  const lastSignIn = new Map(signIns.map((s) => [s.actor_id, s.at]));
  const people = new Map<string, { id: string; name: string; email: string; roles: Role[]; status: PersonStatus }>();
  for (const row of rows) {
    const known = people.get(row.id);
    if (known) known.roles.push(row.role);
    else people.set(row.id, { id: row.id, name: row.name, email: row.email, roles: [row.role], status: statusOf(row) });
  }
  return [...people.values()].map((p) => {
    const at = lastSignIn.get(p.id);
    return {
      ...p,
      rolesLabel: roleLabel(p),
      roleLabels: roleLabels(p),
      statusLabel: STATUS_LABELS[p.status],
      lastSignIn: at ? new Date(at).toISOString() : null,
    };
  });
}

/** One person's page for the admin: who, and what the admin may do about them now (with why not). */
export async function getUserPage(ctx: Ctx, { id }: { id: string }) {
  const user = await loadUserFor(ctx, id, "read");
  const status = statusOf(user);
  const mayUpdate = ctx.ability.can("update", subject("User", { org_id: user.org_id }));
  const self = user.id === ctx.actor.userId;
  const soleAdmin =
    user.roles.includes("admin") &&
    status === "active" &&
    (await inTransaction(ctx, (trx) => otherActiveAdmins(trx, user.org_id, user.id))) === 0;
  return {
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      roles: user.roles,
      rolesLabel: roleLabel(user),
      roleLabels: roleLabels(user),
      statusLabel: STATUS_LABELS[status],
    },
    can: {
      changeRoles: mayUpdate && status !== "deactivated",
      deactivate: mayUpdate && status !== "deactivated" && !self && !soleAdmin,
      reinvite: mayUpdate && status === "invited",
      reactivate: mayUpdate && status === "deactivated",
    },
    /** Why deactivating is not offered, when it would otherwise be. */
    deactivateNote:
      mayUpdate && status !== "deactivated"
        ? self
          ? msg("You cannot deactivate yourself; another admin can.")
          : soleAdmin
            ? msg("The organisation's last admin cannot be deactivated; make someone else admin first.")
            : null
        : null,
  };
}

async function mailInvitation(
  trx: Trx,
  ctx: Ctx,
  invitee: { id: string; email: string; roles: readonly Role[] },
): Promise<Date> {
  const [org, inviter] = await Promise.all([
    trx.selectFrom("organisations").where("id", "=", ctx.actor.orgId).select("name").executeTakeFirstOrThrow(),
    trx.selectFrom("users").where("id", "=", ctx.actor.userId).select("name").executeTakeFirstOrThrow(),
  ]);
  const { token, expiresAt } = await issueToken(trx, { userId: invitee.id, purpose: "invitation", at: ctx.now });
  const mail = invitationMail(
    {
      organisationName: org.name,
      inviterName: inviter.name,
      roles: roleLabels(invitee),
      url: absoluteUrl(`/invitation/${token}`),
      expiresAt,
      at: ctx.now,
    },
    await mailReaderFor(trx, { userId: invitee.id, orgId: ctx.actor.orgId }),
  );
  await enqueueMail(trx, { orgId: ctx.actor.orgId, to: invitee.email, ...mail });
  return expiresAt;
}

/**
 * Invites an address with one or more roles: the person exists at once (so
 * the list shows them as invited) but cannot sign in until they accept the
 * mailed link and choose a password.
 */
export async function inviteUser(ctx: Ctx, { email, roles: chosen }: { email: string; roles: readonly Role[] }) {
  if (!ctx.ability.can("create", subject("User", { org_id: ctx.actor.orgId }))) throw forbidden();
  const address = email.trim().toLowerCase();
  try {
    return await inTransaction(ctx, async (trx) => {
      const roles = rolesOfKind(await lockOrganisation(trx, ctx.actor.orgId), chosen);
      const existing = await trx
        .selectFrom("users")
        .leftJoin("memberships", (join) =>
          join.onRef("memberships.user_id", "=", "users.id").on("memberships.org_id", "=", ctx.actor.orgId),
        )
        .where((eb) => eb(eb.fn("lower", ["users.email"]), "=", address))
        .select(["users.id", "memberships.org_id"])
        .executeTakeFirst();
      if (existing?.org_id) throw new FormError({ email: msg("This person is already in your organisation.") });
      if (existing)
        throw new FormError({
          email: msg("This address already has a Quotient account elsewhere; ask the person for another work address."),
        });
      const user = await trx
        .insertInto("users")
        .values({ email: address, name: "", password_hash: "", email_confirmed_at: null, invited_at: ctx.now })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const role of roles)
        await trx.insertInto("memberships").values({ user_id: user.id, org_id: ctx.actor.orgId, role }).execute();
      const expiresAt = await mailInvitation(trx, ctx, { id: user.id, email: address, roles });
      await appendAuditEvent(trx, {
        orgId: ctx.actor.orgId,
        actorId: ctx.actor.userId,
        entityType: "user",
        entityId: user.id,
        event: "USER_INVITED",
        data: { email: address, roles: [...roles], expiresAt: expiresAt.toISOString() },
      });
      return { id: user.id };
    });
  } catch (error) {
    // The same address invited at the same moment: the unique index decided.
    if (isUniqueViolation(error)) throw new FormError({ email: msg("This person is already in your organisation.") });
    throw error;
  }
}

/** Sets a person's roles (one or more). The organisation always keeps an active admin. */
export async function changeRoles(ctx: Ctx, { id, roles: chosen }: { id: string; roles: readonly Role[] }) {
  const user = await loadUserFor(ctx, id, "update");
  if (chosen.length === 0) throw new FormError({ roles: msg("Choose at least one role.") });
  await inTransaction(ctx, async (trx) => {
    const roles = rolesOfKind(await lockOrganisation(trx, user.org_id), chosen);
    const current = await trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .where("memberships.user_id", "=", id)
      .where("memberships.org_id", "=", user.org_id)
      .select(["memberships.role", "users.disabled_at"])
      .execute();
    if (current.some((m) => m.disabled_at))
      throw new FormError({ form: msg("A deactivated person's roles stay as they were.") });
    const had = current.map((m) => m.role);
    if (had.includes("admin") && !roles.includes("admin") && (await otherActiveAdmins(trx, user.org_id, id)) === 0)
      throw new FormError({ roles: msg("The organisation needs an admin: make someone else admin first.") });
    const removed = had.filter((r) => !roles.includes(r));
    const added = roles.filter((r) => !had.includes(r));
    if (removed.length === 0 && added.length === 0) return;
    if (removed.length > 0)
      await trx
        .deleteFrom("memberships")
        .where("user_id", "=", id)
        .where("org_id", "=", user.org_id)
        .where("role", "in", removed)
        .execute();
    for (const role of added)
      await trx.insertInto("memberships").values({ user_id: id, org_id: user.org_id, role }).execute();
    await appendAuditEvent(trx, {
      orgId: user.org_id,
      actorId: ctx.actor.userId,
      entityType: "user",
      entityId: id,
      event: "ROLES_CHANGED",
      data: { from: had, to: [...roles] },
    });
  });
}

/**
 * Deactivates a person: no sign-in, every session ends at once, open links
 * are spent. The row stays, so every record they touched keeps their name.
 * Nobody deactivates themselves, and the last admin stays.
 */
export async function deactivateUser(ctx: Ctx, { id }: { id: string }) {
  const user = await loadUserFor(ctx, id, "update");
  if (user.id === ctx.actor.userId)
    throw new FormError({ form: msg("You cannot deactivate yourself; another admin can.") });
  await inTransaction(ctx, async (trx) => {
    await lockOrganisation(trx, user.org_id);
    const row = await trx
      .selectFrom("users")
      .where("id", "=", id)
      .select(["disabled_at"])
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.disabled_at) throw new FormError({ form: msg("This person is already deactivated.") });
    if (user.roles.includes("admin") && (await otherActiveAdmins(trx, user.org_id, id)) === 0)
      throw new FormError({ form: msg("The organisation's last admin cannot be deactivated.") });
    await trx.updateTable("users").set({ disabled_at: ctx.now }).where("id", "=", id).execute();
    const ended = await trx.deleteFrom("sessions").where("user_id", "=", id).executeTakeFirst();
    await spendTokens(trx, { userId: id, at: ctx.now });
    await appendAuditEvent(trx, {
      orgId: user.org_id,
      actorId: ctx.actor.userId,
      entityType: "user",
      entityId: id,
      event: "USER_DEACTIVATED",
      data: { name: user.name, email: user.email, sessionsEnded: Number(ended.numDeletedRows) },
    });
  });
}

/** A fresh invitation link for someone who has not accepted yet; the older links stop working. */
export async function reinviteUser(ctx: Ctx, { id }: { id: string }) {
  const user = await loadUserFor(ctx, id, "update");
  await inTransaction(ctx, async (trx) => {
    await lockOrganisation(trx, user.org_id);
    const row = await trx
      .selectFrom("users")
      .where("id", "=", id)
      .select(["disabled_at", "email_confirmed_at", "invited_at"])
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (statusOf(row) !== "invited")
      throw new FormError({ form: msg("Only someone who has not accepted an invitation yet can be invited again.") });
    const expiresAt = await mailInvitation(trx, ctx, { id, email: user.email, roles: user.roles });
    await appendAuditEvent(trx, {
      orgId: user.org_id,
      actorId: ctx.actor.userId,
      entityType: "user",
      entityId: id,
      event: "USER_REINVITED",
      data: { email: user.email, expiresAt: expiresAt.toISOString() },
    });
  });
}

/**
 * Lets a deactivated person back in: they sign in with their own password
 * again (every session ended at deactivation, so they start afresh) and
 * keep the roles they had. Someone deactivated before accepting an
 * invitation is invited again (their earlier link was spent), so the admin
 * can send a new one.
 */
export async function reactivateUser(ctx: Ctx, { id }: { id: string }) {
  const user = await loadUserFor(ctx, id, "update");
  await inTransaction(ctx, async (trx) => {
    await lockOrganisation(trx, user.org_id);
    const row = await trx
      .selectFrom("users")
      .where("id", "=", id)
      .select(["disabled_at", "email_confirmed_at", "invited_at"])
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!row.disabled_at) throw new FormError({ form: msg("This person is already active.") });
    await trx.updateTable("users").set({ disabled_at: null }).where("id", "=", id).execute();
    await appendAuditEvent(trx, {
      orgId: user.org_id,
      actorId: ctx.actor.userId,
      entityType: "user",
      entityId: id,
      event: "USER_REACTIVATED",
      data: {
        name: user.name,
        email: user.email,
        roles: [...user.roles],
        deactivatedAt: new Date(row.disabled_at).toISOString(),
        status: statusOf({ ...row, disabled_at: null }),
      },
    });
  });
}
