/**
 * The one place that decides who is told of an event and how: each event
 * names its audience (people of an organisation by role, or named people),
 * and this resolves them to the active users, leaves out whoever caused the
 * event, writes one notification row per person and, unless that person
 * turned the kind off, one outbox mail, all in the caller's transaction, so
 * the change, the notice and the mail commit together or not at all.
 *
 * The audience's organisation is the one whose people are told: a
 * supplier's audience is only ever its own organisation, so nobody learns
 * of another supplier's business. Addresses without an account (the
 * registration link to an invited address) have no one to notify and stay
 * mail only, in their own use case.
 */
import type { Trx } from "../../../db/client.server";
import type { OutboxAttachment, Role } from "../../../db/schema";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import type { MailContent } from "../../../emails/templates/layout";
import type { MailReader } from "../../../emails/templates/reader";
import { absoluteUrl } from "../../env.server";
import type { NotificationKind } from "./notification-kinds";

export interface Person {
  userId: string;
  email: string;
  name: string;
}

/** Who is told: everyone active with one of the roles in the organisation, or the named people of it. */
export type Audience = { orgId: string; roles: readonly Role[] } | { orgId: string; userIds: readonly string[] };

export interface NotifiedEvent {
  kind: NotificationKind;
  audience: Audience | readonly Audience[];
  /** Who caused it: never told of their own act. */
  actorId?: string | null;
  /** Others to leave out (the creator of a PO is not asked to approve it). */
  except?: readonly string[];
  /** Where the notification and the mail's link lead, a path inside the app. */
  path: string;
  /** One short line for the notification list. */
  text: string;
  /** The mail for one person, in their words and time zone; null when the event is told in the app only. */
  mail: ((person: Person, reader: MailReader) => MailContent) | null;
  /** Files the mail carries (the issued PO's PDF), rendered when it is sent. */
  attachments?: OutboxAttachment[];
  at: Date;
}

async function resolve(trx: Trx, audience: Audience): Promise<Person[]> {
  let query = trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.org_id", "=", audience.orgId)
    .where("users.disabled_at", "is", null)
    .select(["users.id as userId", "users.email", "users.name"])
    .distinct()
    .orderBy("users.email");
  if ("roles" in audience) {
    if (audience.roles.length === 0) return [];
    query = query.where("memberships.role", "in", [...audience.roles]);
  } else {
    if (audience.userIds.length === 0) return [];
    query = query.where("users.id", "in", [...audience.userIds]);
  }
  return query.execute();
}

/** Tells the event's audience, in the app and by mail as each person chose; returns who was told. */
export async function notify(trx: Trx, event: NotifiedEvent): Promise<Person[]> {
  const audiences: readonly Audience[] = Array.isArray(event.audience)
    ? (event.audience as readonly Audience[])
    : [event.audience as Audience];
  const left = new Set<string>([...(event.except ?? []), ...(event.actorId ? [event.actorId] : [])]);
  const told: (Person & { orgId: string })[] = [];
  for (const audience of audiences) {
    for (const person of await resolve(trx, audience)) {
      if (left.has(person.userId)) continue;
      left.add(person.userId);
      told.push({ ...person, orgId: audience.orgId });
    }
  }
  if (told.length === 0) return [];
  await trx
    .insertInto("notifications")
    .values(
      told.map((p) => ({
        user_id: p.userId,
        org_id: p.orgId,
        kind: event.kind,
        path: event.path,
        text: event.text,
        created_at: event.at,
      })),
    )
    .execute();
  if (event.mail) {
    const optedOut = new Set(
      (
        await trx
          .selectFrom("notification_mail_opt_outs")
          .where("kind", "=", event.kind)
          .where(
            "user_id",
            "in",
            told.map((p) => p.userId),
          )
          .select("user_id")
          .execute()
      ).map((r) => r.user_id),
    );
    for (const person of told) {
      if (optedOut.has(person.userId)) continue;
      await enqueueMail(trx, {
        orgId: person.orgId,
        to: person.email,
        ...event.mail(person, await mailReaderFor(trx, { userId: person.userId, orgId: person.orgId })),
        attachments: event.attachments,
      });
    }
  }
  return told.map(({ orgId: _org, ...p }) => p);
}

/** The absolute address of a path, for the mail's one link. */
export function linkTo(path: string): string {
  return absoluteUrl(path);
}
