/** Small reads about a person's membership that several people use cases share. */
import type { Db, Trx } from "../../../db/client.server";

/** The organisation a person belongs to (the first they joined), or null. */
export async function orgOfUser(db: Db | Trx, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom("memberships")
    .where("user_id", "=", userId)
    .select("org_id")
    .orderBy("created_at")
    .executeTakeFirst();
  return row?.org_id ?? null;
}
