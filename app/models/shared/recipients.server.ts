import type { Db } from "../../../db/client.server";

import type { Role } from "../../../db/schema";

/** Email addresses of an organisation's active users with one of the roles. */
export async function orgRecipients(
  db: Db,
  orgId: string,
  roles: readonly Role[],
): Promise<{ email: string; name: string; userId: string }[]> {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.org_id", "=", orgId)
    .where("memberships.role", "in", [...roles])
    .where("users.disabled_at", "is", null)
    .select(["users.email", "users.name", "users.id as userId"])
    .distinct()
    .orderBy("users.email")
    .execute();
}
