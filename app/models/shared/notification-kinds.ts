/**
 * The events a person can be told of, in the order the settings page lists
 * them, each with the words that page uses (catalogue keys). Pure: the settings form and its
 * schema read it in the browser, `notify.server.ts` on the server.
 */
import { msg } from "../../i18n/config";

export const NOTIFICATION_KINDS = [
  "rfq_invited",
  "rfq_deadline_extended",
  "rfq_deadline_reminder",
  "rfq_cancelled",
  "question_asked",
  "question_answered",
  "quote_submitted",
  "quote_result",
  "po_approval_needed",
  "po_approved",
  "po_rejected",
  "po_issued",
  "po_acknowledged",
  "po_declined",
  "po_cancelled",
  "change_order",
  "goods_received",
  "invoice_submitted",
  "invoice_disputed",
  "invoice_approved",
  "invoice_paid",
  "supplier_relationship",
  "bank_details_changed",
  "supplier_qualification",
  "requisition_approval_needed",
  "requisition_decided",
  "requisition_ordered",
  "requisition_received",
  "requisition_invoiced",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  rfq_invited: msg("Invited to an RFQ"),
  rfq_deadline_extended: msg("An RFQ's deadline is extended"),
  rfq_deadline_reminder: msg("An RFQ's deadline is near"),
  rfq_cancelled: msg("An RFQ is cancelled"),
  question_asked: msg("A supplier asks a question"),
  question_answered: msg("A question is answered"),
  quote_submitted: msg("A quote is submitted"),
  quote_result: msg("The result of a quote (award)"),
  po_approval_needed: msg("A purchase order waits for approval"),
  po_approved: msg("A purchase order you raised is approved (and so issued)"),
  po_rejected: msg("A purchase order or change order is rejected"),
  po_issued: msg("A purchase order is issued"),
  po_acknowledged: msg("A purchase order is acknowledged"),
  po_declined: msg("A purchase order is declined"),
  po_cancelled: msg("A purchase order is cancelled"),
  change_order: msg("A change order is issued"),
  goods_received: msg("Goods are received"),
  invoice_submitted: msg("An invoice is submitted"),
  invoice_disputed: msg("An invoice is disputed"),
  invoice_approved: msg("An invoice is approved"),
  invoice_paid: msg("An invoice is paid"),
  bank_details_changed: msg("A supplier's bank details change, or a change waits for your confirmation"),
  supplier_relationship: msg("A buying organisation asks to work with you, or gets an answer"),
  supplier_qualification: msg("Qualification documents to renew or decide on, and suspensions"),
  requisition_approval_needed: msg("A requisition waits for your approval"),
  requisition_decided: msg("Your requisition is approved or rejected"),
  requisition_ordered: msg("Your requisition's lines are ordered"),
  requisition_received: msg("Goods you asked for are received"),
  requisition_invoiced: msg("Goods you asked for are invoiced"),
};

/**
 * Who can be told of each kind, by role: the settings page offers a person
 * only the events that can reach them. Notify never reads this; it tells
 * whom each event names.
 */
export const NOTIFICATION_KIND_ROLES: Record<NotificationKind, readonly string[]> = {
  rfq_invited: ["supplier"],
  rfq_deadline_extended: ["supplier"],
  rfq_deadline_reminder: ["supplier"],
  rfq_cancelled: ["supplier"],
  question_asked: ["buyer"],
  question_answered: ["supplier"],
  quote_submitted: ["buyer"],
  quote_result: ["supplier"],
  po_approval_needed: ["finance"],
  po_approved: ["buyer"],
  po_rejected: ["buyer"],
  po_issued: ["buyer", "supplier"],
  po_acknowledged: ["buyer"],
  po_declined: ["buyer"],
  po_cancelled: ["supplier"],
  change_order: ["supplier"],
  goods_received: ["buyer", "supplier"],
  invoice_submitted: ["buyer", "finance"],
  invoice_disputed: ["supplier"],
  invoice_approved: ["supplier"],
  invoice_paid: ["supplier"],
  supplier_relationship: ["buyer", "supplier"],
  bank_details_changed: ["finance", "supplier"],
  supplier_qualification: ["buyer", "supplier"],
  requisition_approval_needed: ["buyer", "finance", "admin"],
  requisition_decided: ["requester"],
  requisition_ordered: ["requester"],
  requisition_received: ["requester"],
  requisition_invoiced: ["requester"],
};
