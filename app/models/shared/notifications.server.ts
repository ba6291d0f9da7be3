/**
 * A person's notification centre: the unread count the header shows, the
 * list (newest first, keyset paged), following one (which marks it read),
 * marking all read, and the choice of which events also come by mail.
 * Every read and write is the person's own, asked of the ability
 * (`Notification` with `user_id` = the person) and filtered in SQL by it.
 */
import { subject } from "../../auth/ability";
import { accessibleWhere } from "../../auth/accessible.server";
import { authorize } from "../../auth/authorize.server";
import { notFound } from "../../utils/http.server";
import { safeRedirect } from "../../utils/safe-redirect";
import type { Db } from "../../../db/client.server";
import { inTransaction, type Ctx } from "./context.server";
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KIND_ROLES,
  type NotificationKind,
} from "./notification-kinds";
import type { MailChoicesInput } from "./notification.schema";
import { decodeKeysetCursor, encodeKeysetCursor } from "./sql.server";

const PAGE_SIZE = 25;

/**
 * The header's unread count: one count on the partial index of unread rows.
 * Takes the signed-in user's own id, never one from a request.
 */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listNotifications(ctx: Ctx, { cursor }: { cursor?: string }) {
  const where = accessibleWhere(ctx.ability, "read", "Notification");
  if (!where) return { rows: [], nextCursor: null, unread: 0, can: { markAllRead: false } };
  let query = ctx.db
    .selectFrom("notifications")
    .where((eb) => where(eb))
    .where("user_id", "=", ctx.actor.userId)
    .select(["id", "kind", "text", "created_at as createdAt", "read_at as readAt"])
    .select((eb) => eb.cast<string>("created_at", "text").as("sortKey"))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(PAGE_SIZE + 1);
  const after = decodeKeysetCursor(cursor);
  if (after) {
    query = query.where((eb) =>
      eb(
        eb.refTuple("created_at", "id"),
        "<",
        eb.tuple(eb.cast<Date>(eb.val(after.key), "timestamptz"), eb.cast<string>(eb.val(after.id), "uuid")),
      ),
    );
  }
  const rows = await query.execute();
  const more = rows.length > PAGE_SIZE;
  const page = more ? rows.slice(0, PAGE_SIZE) : rows;
  const last = page[page.length - 1];
  const unread = await unreadCount(ctx.db, ctx.actor.userId);
  return {
    rows: page.map(({ sortKey: _key, kind, ...row }) => ({
      ...row,
      kindLabel: NOTIFICATION_KIND_LABELS[kind as NotificationKind] ?? "",
      read: row.readAt !== null,
    })),
    nextCursor: more && last ? encodeKeysetCursor(last.sortKey, last.id) : null,
    unread,
    can: { markAllRead: unread > 0 && ctx.ability.can("update", "Notification") },
  };
}

async function loadNotificationFor(ctx: Ctx, id: string, action: "read" | "update") {
  // A malformed id is no notification: Postgres would refuse it as a uuid.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw notFound("No such notification.");
  }
  const row = await ctx.db.selectFrom("notifications").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("No such notification.");
  authorize(ctx.ability, action, subject("Notification", row), "notification");
  return row;
}

/** Following a notification marks it read and answers where it leads (a path inside the app). */
export async function openNotification(ctx: Ctx, { id }: { id: string }): Promise<string> {
  const row = await loadNotificationFor(ctx, id, "update");
  if (row.read_at === null) {
    await ctx.db
      .updateTable("notifications")
      .set({ read_at: ctx.now })
      .where("id", "=", id)
      .where("read_at", "is", null)
      .execute();
  }
  return safeRedirect(row.path, "/notifications");
}

/** Marks every unread notification of the person read; how many were. */
export async function markAllRead(ctx: Ctx): Promise<number> {
  if (!ctx.ability.can("update", "Notification")) return 0;
  const result = await ctx.db
    .updateTable("notifications")
    .set({ read_at: ctx.now })
    .where("user_id", "=", ctx.actor.userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The kinds that can reach this person, and whether each also comes by mail. */
export async function getMailChoices(ctx: Ctx) {
  const off = new Set(
    (
      await ctx.db
        .selectFrom("notification_mail_opt_outs")
        .where("user_id", "=", ctx.actor.userId)
        .select("kind")
        .execute()
    ).map((r) => r.kind),
  );
  return {
    kinds: NOTIFICATION_KINDS.filter((kind) =>
      ctx.actor.roles.some((role) => NOTIFICATION_KIND_ROLES[kind].includes(role)),
    ).map((kind) => ({
      kind,
      label: NOTIFICATION_KIND_LABELS[kind],
      byMail: !off.has(kind),
    })),
    can: { update: ctx.ability.can("update", "Notification") },
  };
}

/**
 * Keeps the person's choice: every kind offered to them and not ticked is
 * told in the app only. Saving the same choice twice changes nothing.
 */
export async function saveMailChoices(ctx: Ctx, { byMail }: Pick<MailChoicesInput, "byMail">) {
  if (!ctx.ability.can("update", "Notification")) throw notFound("No such page.");
  const offered = NOTIFICATION_KINDS.filter((kind) =>
    ctx.actor.roles.some((role) => NOTIFICATION_KIND_ROLES[kind].includes(role)),
  );
  const wanted = new Set<string>(byMail);
  const off = offered.filter((kind) => !wanted.has(kind));
  await inTransaction(ctx, async (trx) => {
    await trx
      .deleteFrom("notification_mail_opt_outs")
      .where("user_id", "=", ctx.actor.userId)
      .where("kind", "in", offered)
      .execute();
    if (off.length > 0) {
      await trx
        .insertInto("notification_mail_opt_outs")
        .values(off.map((kind) => ({ user_id: ctx.actor.userId, kind })))
        // The same choice saved twice at once: the second finds the rows there.
        .onConflict((oc) => oc.columns(["user_id", "kind"]).doNothing())
        .execute();
    }
  });
  return { byMail: offered.filter((kind) => wanted.has(kind)) };
}
