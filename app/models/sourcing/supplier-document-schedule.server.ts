/**
 * Scheduled work on qualification documents, run by the job queue and at
 * start-up as the system (no person, no ability): the supplier's people are
 * mailed 30 and 7 days before an approved document expires (once each; a
 * document sent with less than a week left gets the 7-day mail only), and on
 * the day after its last one the buyers are told and, when the organisation
 * says so ("Suspend suppliers when a required document expires"), an
 * approved supplier is suspended through its machine. Each document is
 * handled once, marked in its own row, so running twice tells no one twice.
 * A document already renewed (another approved one of the same type lasts
 * longer) is left alone.
 */
import { sql } from "kysely";

import type { Db } from "../../../db/client.server";
import { supplierQualificationMail } from "../../../emails/templates/supplier-qualification";
import { runTransition } from "../../../workflows/run-transition.server";
import { supplierQualificationWorkflow } from "../../../workflows/supplier-qualification.machine";
import { step } from "../../../workflows/workflow";
import { msg, msgWith } from "../../i18n/config";
import { linkTo, notify } from "../shared/notify.server";
import { dayOf, requiredTypes } from "./supplier-documents.server";

const DAY_MS = 86_400_000;
const dayPlus = (at: Date, days: number) => dayOf(new Date(at.getTime() + days * DAY_MS));

/** No approved document of the same type for the same pair lasts longer: this one is the one in force. */
const notRenewed = sql<boolean>`not exists (
  select 1 from supplier_documents newer
  where newer.buyer_org_id = supplier_documents.buyer_org_id
    and newer.supplier_org_id = supplier_documents.supplier_org_id
    and lower(newer.document_type) = lower(supplier_documents.document_type)
    and newer.status = 'approved'
    and newer.expires_on > supplier_documents.expires_on)`;

export async function sendDocumentExpiryReminders(db: Db, at: Date): Promise<string[]> {
  const today = dayOf(at);
  const due = await db
    .selectFrom("supplier_documents")
    .where("status", "=", "approved")
    .where("expires_on", ">=", today)
    .where("expires_on", "<=", dayPlus(at, 30))
    .where((eb) =>
      eb.or([
        eb("reminded_30_at", "is", null),
        eb.and([eb("reminded_7_at", "is", null), eb("expires_on", "<=", dayPlus(at, 7))]),
      ]),
    )
    .where(notRenewed)
    .select("id")
    .orderBy("expires_on")
    .limit(500)
    .execute();
  const sent: string[] = [];
  for (const { id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      const doc = await trx
        .selectFrom("supplier_documents")
        .innerJoin("organisations", "organisations.id", "supplier_documents.buyer_org_id")
        .where("supplier_documents.id", "=", id)
        .select([
          "supplier_documents.supplier_org_id",
          "supplier_documents.document_type",
          "supplier_documents.expires_on",
          "supplier_documents.reminded_30_at",
          "supplier_documents.reminded_7_at",
          "organisations.name as buyerName",
        ])
        .forUpdate(["supplier_documents"])
        .skipLocked()
        .executeTakeFirst();
      if (!doc) return false;
      const week = doc.expires_on <= dayPlus(at, 7);
      // Checked again under the lock: another server may have sent it a moment ago.
      if (week ? doc.reminded_7_at !== null : doc.reminded_30_at !== null) return false;
      const expiring = { type: doc.document_type, buyer: doc.buyerName, date: { date: doc.expires_on } };
      const text = msgWith("Your {{type}} for {{buyer}} expires on {{date}}: send a renewed one.", expiring);
      await notify(trx, {
        kind: "supplier_qualification",
        audience: { orgId: doc.supplier_org_id, roles: ["supplier"] },
        path: "/relationships",
        text,
        mail: (person, reader) =>
          supplierQualificationMail(
            {
              recipientName: person.name,
              subject: msgWith("Your {{type}} for {{buyer}} expires on {{date}}", expiring),
              paragraphs: [
                text,
                msgWith("{{buyer}} may stop inviting you and ordering from you once it has expired.", expiring),
              ],
              actionLabel: msg("Send a renewed document"),
              url: linkTo("/relationships"),
            },
            reader,
          ),
        at,
      });
      await trx
        .updateTable("supplier_documents")
        // The 7-day mail covers the 30-day one: a document sent late gets one mail, not two at once.
        .set(week ? { reminded_7_at: at, reminded_30_at: doc.reminded_30_at ?? at } : { reminded_30_at: at })
        .where("id", "=", id)
        .execute();
      return true;
    });
    if (done) sent.push(id);
  }
  return sent;
}

/**
 * Approved documents whose last day is over, each handled once: the buyers
 * are told, and the supplier is suspended (automatically, so approving a
 * renewed document reinstates it) when the type is still required of it, it
 * is approved, and its buying organisation suspends on expiry.
 * Returns the ids of the relationships it suspended.
 */
export async function handleExpiredDocuments(db: Db, at: Date): Promise<string[]> {
  const due = await db
    .selectFrom("supplier_documents")
    .where("status", "=", "approved")
    .where("expires_on", "<", dayOf(at))
    .where("expiry_handled_at", "is", null)
    .where(notRenewed)
    .select("id")
    .orderBy("expires_on")
    .limit(500)
    .execute();
  const suspended: string[] = [];
  for (const { id } of due) {
    const rel = await db.transaction().execute(async (trx) => {
      const doc = await trx
        .selectFrom("supplier_documents")
        .where("id", "=", id)
        .where("expiry_handled_at", "is", null)
        .selectAll()
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!doc) return null;
      await trx.updateTable("supplier_documents").set({ expiry_handled_at: at }).where("id", "=", id).execute();
      const relationship = await trx
        .selectFrom("supplier_relationships")
        .innerJoin("organisations as buyer", "buyer.id", "supplier_relationships.buyer_org_id")
        .innerJoin("organisations as supplier", "supplier.id", "supplier_relationships.supplier_org_id")
        .where("supplier_relationships.buyer_org_id", "=", doc.buyer_org_id)
        .where("supplier_relationships.supplier_org_id", "=", doc.supplier_org_id)
        .select([
          "supplier_relationships.id",
          "supplier_relationships.categories",
          "supplier_relationships.qualification_status",
          "buyer.suspend_on_document_expiry",
          "buyer.name as buyerName",
          "supplier.name as supplierName",
        ])
        .executeTakeFirst();
      if (!relationship) return null;
      const required = (await requiredTypes(trx, doc.buyer_org_id, relationship.categories)).some(
        (t) => t.toLowerCase() === doc.document_type.toLowerCase(),
      );
      const reason = `${doc.document_type} expired on ${doc.expires_on}`;
      const event = { type: "SUSPEND", at: at.toISOString(), reason, automatic: true } as const;
      const context = { suspendedAutomatically: false, documentsInOrder: false };
      const suspend =
        required &&
        relationship.suspend_on_document_expiry &&
        step(supplierQualificationWorkflow, relationship.qualification_status, context, event).ok;
      if (suspend) {
        await runTransition(trx, {
          workflow: supplierQualificationWorkflow,
          table: "supplier_relationships",
          id: relationship.id,
          event,
          actor: { userId: null, orgId: doc.buyer_org_id },
          columns: { status: "qualification_status", workflowVersion: "qualification_workflow_version" },
          context: () => context,
          changes: () => ({
            qualification_reason: reason,
            qualification_changed_at: at,
            suspended_automatically: true,
          }),
          auditData: { supplierOrgId: doc.supplier_org_id, documentId: doc.id },
        });
      }
      const path = `/suppliers/${doc.supplier_org_id}`;
      const expired = {
        supplier: relationship.supplierName,
        buyer: relationship.buyerName,
        type: doc.document_type,
        date: { date: doc.expires_on },
      };
      const text = suspend
        ? msgWith("{{supplier}} is suspended: its {{type}} expired on {{date}}.", expired)
        : msgWith("{{supplier}}'s {{type}} expired on {{date}}.", expired);
      await notify(trx, {
        kind: "supplier_qualification",
        audience: { orgId: doc.buyer_org_id, roles: ["buyer"] },
        path,
        text,
        mail: (person, reader) =>
          supplierQualificationMail(
            {
              recipientName: person.name,
              subject: text,
              paragraphs: [text],
              actionLabel: msg("Open the supplier"),
              url: linkTo(path),
            },
            reader,
          ),
        at,
      });
      if (suspend) {
        const told = msgWith(
          "{{buyer}} suspended your organisation as a supplier: your {{type}} expired on {{date}}. Send a renewed one to be reinstated.",
          expired,
        );
        await notify(trx, {
          kind: "supplier_qualification",
          audience: { orgId: doc.supplier_org_id, roles: ["supplier"] },
          path: "/relationships",
          text: told,
          mail: (person, reader) =>
            supplierQualificationMail(
              {
                recipientName: person.name,
                subject: msgWith("{{buyer}} suspended your organisation: {{type}} expired on {{date}}", expired),
                paragraphs: [told],
                actionLabel: msg("Send a renewed document"),
                url: linkTo("/relationships"),
              },
              reader,
            ),
          at,
        });
      }
      return suspend ? relationship.id : null;
    });
    if (rel) suspended.push(rel);
  }
  return suspended;
}
