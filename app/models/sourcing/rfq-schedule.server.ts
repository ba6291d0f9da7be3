/**
 * Scheduled work on RFQs, run by the job queue and at start-up: closing
 * RFQs whose deadline passed, and reminding suppliers a day before it.
 */
import type { Db } from "../../../db/client.server";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import type { MailReader } from "../../../emails/templates/reader";
import { rfqDeadlineReminderMail } from "../../../emails/templates/rfq-deadline-reminder";
import { msgWith } from "../../i18n/config";
import { linkTo, notify } from "../shared/notify.server";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { newRegistrationLink } from "./registration.server";
import { rfqHeader } from "./rfq-header.server";
import { transitionRfq } from "./rfq.server";

/**
 * Closes every open RFQ whose deadline has passed. Run by the scheduler and
 * at start-up, so a deadline reached while the server was down still closes.
 */
export async function closeDueRfqs(db: Db, at: Date): Promise<string[]> {
  const due = await db
    .selectFrom("rfqs")
    .where("status", "=", "open")
    .where("deadline", "<=", at)
    .select("id")
    .orderBy("deadline")
    .limit(500)
    .execute();
  const closed: string[] = [];
  for (const { id } of due) if (await closeRfqIfDue(db, id, at)) closed.push(id);
  return closed;
}

/**
 * Closes this one RFQ if it is open and its deadline has passed, as the
 * system (no person closes it). False when it is not due, no longer open, or
 * another process is closing it right now (its row is locked: skipped, not
 * waited for).
 */
export async function closeRfqIfDue(db: Db, id: string, at: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("rfqs")
      .where("id", "=", id)
      .select(["status", "deadline"])
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (row?.status !== "open" || new Date(row.deadline).getTime() > at.getTime()) return false;
    await transitionRfq(
      trx,
      { userId: null, orgId: null },
      id,
      { type: "DEADLINE_REACHED", at: at.toISOString() },
      { changes: { closed_at: at } },
    );
    return true;
  });
}

const REMINDER_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Mails invited suppliers that have neither quoted nor declined when an open
 * RFQ's deadline is 24 hours away or less. Idempotent: each invitation
 * records the deadline it was reminded of, so running again (or twice at
 * once) sends nothing more, while an extended deadline earns a new reminder.
 * Returns how many invitations were reminded.
 */
export async function sendDeadlineReminders(db: Db, at: Date): Promise<number> {
  const due = await db
    .selectFrom("rfq_invitations")
    .innerJoin("rfqs", "rfqs.id", "rfq_invitations.rfq_id")
    .where("rfqs.status", "=", "open")
    .where("rfqs.deadline", ">", at)
    .where("rfqs.deadline", "<=", new Date(at.getTime() + REMINDER_WINDOW_MS))
    .where("rfq_invitations.status", "in", ["invited", "viewed"])
    .where((eb) =>
      eb.or([
        eb("rfq_invitations.reminded_for_deadline", "is", null),
        eb("rfq_invitations.reminded_for_deadline", "!=", eb.ref("rfqs.deadline")),
      ]),
    )
    .select(["rfq_invitations.id"])
    .limit(1000)
    .execute();
  let sent = 0;
  for (const { id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      // Re-read under a lock: another process may have reminded it, or the supplier answered meanwhile.
      const row = await trx
        .selectFrom("rfq_invitations")
        .innerJoin("rfqs", "rfqs.id", "rfq_invitations.rfq_id")
        .where("rfq_invitations.id", "=", id)
        .select([
          "rfq_invitations.rfq_id",
          "rfq_invitations.supplier_org_id",
          "rfq_invitations.invited_email",
          "rfq_invitations.buyer_org_id",
          "rfq_invitations.status",
          "rfq_invitations.reminded_for_deadline",
          "rfqs.deadline",
          "rfqs.status as rfqStatus",
        ])
        .forUpdate("rfq_invitations")
        .skipLocked()
        .executeTakeFirst();
      if (!row || row.rfqStatus !== "open") return false;
      if (row.status !== "invited" && row.status !== "viewed") return false;
      const deadline = new Date(row.deadline);
      if (row.reminded_for_deadline && new Date(row.reminded_for_deadline).getTime() === deadline.getTime())
        return false;
      const rfq = await rfqHeader(trx, row.rfq_id);
      const mail = (recipientName: string, url: string, reader: MailReader) =>
        rfqDeadlineReminderMail(
          { recipientName, buyerName: rfq.buyerName, title: rfq.title, reference: rfq.reference, deadline, url },
          reader,
        );
      if (row.supplier_org_id) {
        const path = `/rfqs/${row.rfq_id}`;
        await notify(trx, {
          kind: "rfq_deadline_reminder",
          audience: { orgId: row.supplier_org_id, roles: ["supplier"] },
          path,
          // The deadline in each reader's own zone, as the mail states it.
          text: msgWith("{{buyer}} waits for your answer to {{reference}} “{{title}}” by {{deadline}}.", {
            buyer: rfq.buyerName,
            reference: rfq.reference,
            title: rfq.title,
            deadline: { instant: deadline.toISOString() },
          }),
          mail: (person, reader) => mail(person.name, linkTo(path), reader),
          at,
        });
      } else if (row.invited_email) {
        // An address that has not registered yet is reminded too, with a fresh link to register.
        const link = await newRegistrationLink(trx, id, row.invited_email, at);
        await enqueueMail(trx, {
          orgId: row.buyer_org_id,
          to: row.invited_email,
          ...mail(
            row.invited_email,
            link.url,
            await mailReaderFor(trx, { email: row.invited_email, orgId: row.buyer_org_id }),
          ),
        });
      }
      await trx.updateTable("rfq_invitations").set({ reminded_for_deadline: deadline }).where("id", "=", id).execute();
      await appendAuditEvent(trx, {
        orgId: null,
        actorId: null,
        entityType: "rfq",
        entityId: row.rfq_id,
        event: "DEADLINE_REMINDER_SENT",
        data: { invitationId: id, deadline: deadline.toISOString() },
      });
      return true;
    });
    if (done) sent += 1;
  }
  return sent;
}
