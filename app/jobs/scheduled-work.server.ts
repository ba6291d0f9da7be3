/**
 * The scheduled work every server asks for on each tick (one server runs a
 * tick, see queue.server.ts): each task takes the clock and does what has
 * come due since, so a missed tick is caught up by the next. Add a line per
 * task.
 */
import type { Db } from "../../db/client.server";
import { expireDueAgreements, sendAgreementExpiryReminders } from "../models/agreements/agreement-schedule.server";
import { runDueReorders } from "../models/requisitions/reorder-job.server";
import { orderDueRequisitionLines } from "../models/requisitions/requisition-ordering.server";
import { sweepFormTokens } from "../models/shared/form-token.server";
import { closeDueRfqs, sendDeadlineReminders } from "../models/sourcing/rfq-schedule.server";
import {
  handleExpiredDocuments,
  sendDocumentExpiryReminders,
} from "../models/sourcing/supplier-document-schedule.server";

export function scheduledWork(db: Db): ((now: Date) => Promise<unknown>)[] {
  return [
    (now) => closeDueRfqs(db, now),
    (now) => sendDeadlineReminders(db, now),
    (now) => expireDueAgreements(db, now),
    (now) => sendAgreementExpiryReminders(db, now),
    // Each organisation's daily reorder run, at 06:00 in its zone; after downtime, the latest day due, once.
    (now) => runDueReorders(db, now),
    (now) => handleExpiredDocuments(db, now),
    (now) => sendDocumentExpiryReminders(db, now),
    // Approved catalogue lines whose ordering window has come become POs.
    (now) => orderDueRequisitionLines(db, now),
    // One-time form tokens are kept a day to answer repeats, then only take room (decision 019).
    (now) => sweepFormTokens(db, now),
  ];
}
