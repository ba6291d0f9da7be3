/**
 * The reader of a mail before it is written: a person with an account reads
 * times in their own zone, or their organisation's when they chose none; an address without an account reads them in the zone of the
 * organisation that writes to it.
 */
import { sql } from "kysely";

import type { Db } from "../db/client.server";

import { mailReader, type MailReader } from "./templates/reader";

/** Where nobody says otherwise. */
const FALLBACK_ZONE = "UTC";

export async function recipientZone(
  db: Db,
  to: { userId?: string; email?: string; orgId?: string | null },
): Promise<string> {
  if (to.userId || to.email) {
    let query = db
      .selectFrom("users")
      .leftJoin("memberships", "memberships.user_id", "users.id")
      .leftJoin("organisations", "organisations.id", "memberships.org_id")
      .select(["users.time_zone", "organisations.default_time_zone"])
      .orderBy("memberships.created_at")
      .limit(1);
    query = to.userId
      ? query.where("users.id", "=", to.userId)
      : query.where(sql<string>`lower(users.email)`, "=", (to.email ?? "").trim().toLowerCase());
    const user = await query.executeTakeFirst();
    if (user) {
      if (user.time_zone) return user.time_zone;
      if (user.default_time_zone) return user.default_time_zone;
    }
  }
  if (to.orgId) {
    const org = await db
      .selectFrom("organisations")
      .where("id", "=", to.orgId)
      .select("default_time_zone")
      .executeTakeFirst();
    if (org) return org.default_time_zone;
  }
  return FALLBACK_ZONE;
}

/**
 * The reader of a mail to a person (`userId`) or an address (`email`); `orgId`
 * is the organisation writing, whose zone an address without an account gets.
 */
export async function mailReaderFor(
  db: Db,
  to: { userId?: string; email?: string; orgId?: string | null },
): Promise<MailReader> {
  return mailReader({ timeZone: await recipientZone(db, to) });
}
