import { sql, type Kysely } from "kysely";

/**
 * A person's time zone becomes their own choice or nothing: null means they
 * read instants in their organisation's default zone, so a colleague invited
 * into a company in São Paulo does not start in UTC. Rows keep the zone they
 * hold. Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("users")
    .alterColumn("time_zone", (c) => c.dropNotNull())
    .alterColumn("time_zone", (c) => c.dropDefault())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  // Each person who followed the organisation keeps the zone they were shown.
  await sql`update users u set time_zone = coalesce(
    (select o.default_time_zone from memberships m join organisations o on o.id = m.org_id
      where m.user_id = u.id order by m.created_at limit 1), 'UTC')
    where u.time_zone is null`.execute(db);
  await db.schema
    .alterTable("users")
    .alterColumn("time_zone", (c) => c.setDefault("UTC"))
    .alterColumn("time_zone", (c) => c.setNotNull())
    .execute();
}
