/**
 * Scheduled work on agreements, run by the job queue and at start-up:
 * agreements past their last day expire (also those whose day passed while
 * the server was down), and the buyers hear 30 days before an active
 * agreement ends, once. Runs as the system: no person, no ability.
 */
import type { Db } from "../../../db/client.server";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { agreementExpiringMail } from "../../../emails/templates/agreement-events";
import { absoluteUrl } from "../../env.server";
import { orgRecipients } from "../shared/recipients.server";

import { transitionAgreement } from "./agreement.server";
import { EXPIRY_WARNING_DAYS } from "./terms";

const DAY_MS = 86_400_000;
const day = (at: Date, plusDays = 0) => new Date(at.getTime() + plusDays * DAY_MS).toISOString().slice(0, 10);

/**
 * Expires every sent or active agreement whose last day is over. Each in its
 * own transaction; a row another server is expiring right now is skipped,
 * not waited for, and one already moved is left alone.
 */
export async function expireDueAgreements(db: Db, at: Date): Promise<string[]> {
  const due = await db
    .selectFrom("agreements")
    .where("status", "in", ["active", "sent"])
    .where("valid_to", "<", day(at))
    .select("id")
    .orderBy("valid_to")
    .limit(500)
    .execute();
  const expired: string[] = [];
  for (const { id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("agreements")
        .where("id", "=", id)
        .select(["status", "valid_to", "buyer_org_id"])
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row || (row.status !== "active" && row.status !== "sent") || row.valid_to >= day(at)) return false;
      await transitionAgreement(
        trx,
        { userId: null, orgId: row.buyer_org_id },
        id,
        { type: "EXPIRE", at: at.toISOString() },
        { changes: { ended_at: at } },
      );
      return true;
    });
    if (done) expired.push(id);
  }
  return expired;
}

/** Mails the buyers of every active agreement that ends within 30 days, once per agreement. */
export async function sendAgreementExpiryReminders(db: Db, at: Date): Promise<string[]> {
  const due = await db
    .selectFrom("agreements")
    .where("status", "=", "active")
    .where("expiry_mailed_at", "is", null)
    .where("valid_to", ">=", day(at))
    .where("valid_to", "<=", day(at, EXPIRY_WARNING_DAYS))
    .select("id")
    .limit(500)
    .execute();
  const reminded: string[] = [];
  for (const { id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("agreements")
        .where("id", "=", id)
        .selectAll()
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row || row.status !== "active" || row.expiry_mailed_at !== null) return false;
      const days = Math.round((Date.parse(`${row.valid_to}T00:00:00Z`) - Date.parse(`${day(at)}T00:00:00Z`)) / DAY_MS);
      for (const recipient of await orgRecipients(trx, row.buyer_org_id, ["buyer"])) {
        await enqueueMail(trx, {
          orgId: row.buyer_org_id,
          to: recipient.email,
          ...agreementExpiringMail(
            {
              recipientName: recipient.name,
              number: row.number,
              title: row.title,
              validTo: row.valid_to,
              days,
              url: absoluteUrl(`/agreements/${row.id}`),
            },
            await mailReaderFor(trx, { userId: recipient.userId, orgId: row.buyer_org_id }),
          ),
        });
      }
      await trx.updateTable("agreements").set({ expiry_mailed_at: at }).where("id", "=", id).execute();
      return true;
    });
    if (done) reminded.push(id);
  }
  return reminded;
}
