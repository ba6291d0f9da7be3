/**
 * The organisation admin's dashboard: how many people belong to the
 * organisation and how many mails gave up in the outbox. Each asked of the
 * ability as SQL, so only an admin's rules reach a query.
 */
import { accessibleWhere } from "../../auth/accessible.server";
import { msg, msgWith, shown } from "../../i18n/config";
import { type Ctx } from "./context.server";
import { QUEUE_ITEMS_SHOWN, type WorkQueue } from "./work-queue";
import { sql } from "kysely";

export async function adminQueues(ctx: Ctx): Promise<{ people: number | null; queues: WorkQueue[] }> {
  const { db, ability } = ctx;
  const members = accessibleWhere(ability, "manage", "User");
  const outbox = accessibleWhere(ability, "manage", "Outbox");
  const [people, failed] = await Promise.all([
    members
      ? db
          .selectFrom("memberships")
          .where((eb) => members(eb))
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      : null,
    outbox
      ? db
          .selectFrom("email_outbox")
          .where((eb) => outbox(eb))
          .where("email_outbox.status", "=", "failed")
          .select([
            "email_outbox.id",
            "email_outbox.subject",
            "email_outbox.to_address",
            "email_outbox.created_at",
            sql<string>`count(*) over ()`.as("total"),
          ])
          .orderBy("email_outbox.created_at", "desc")
          .orderBy("email_outbox.id")
          .limit(QUEUE_ITEMS_SHOWN)
          .execute()
      : null,
  ]);
  const queues: WorkQueue[] = failed
    ? [
        {
          key: "outbox-failed",
          title: msg("Mails that could not be sent"),
          count: failed.length === 0 ? 0 : Number(failed[0].total),
          items: failed.map((m) => ({
            id: m.id,
            href: "/admin/outbox",
            label: m.subject,
            detail: msgWith("to {{address}} · {{at}}", { address: m.to_address, at: shown.instant(m.created_at) }),
          })),
          empty: msg("Every mail went out. Nothing to retry."),
          more: { href: "/admin/outbox", label: msg("Open the outbox") },
        },
      ]
    : [];
  return { people: people ? Number(people.n) : null, queues };
}
