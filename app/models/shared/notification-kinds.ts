/**
 * The events a person can be told of, in the order the settings page lists
 * them, each with the words that page uses. Pure: the settings form and its
 * schema read it in the browser, `notify.server.ts` on the server.
 */
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
  "supplier_relationship",
  "requisition_approval_needed",
  "requisition_decided",
  "requisition_ordered",
  "requisition_received",
  "requisition_invoiced",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  rfq_invited: "Invited to an RFQ",
  rfq_deadline_extended: "An RFQ's deadline is extended",
  rfq_deadline_reminder: "An RFQ's deadline is near",
  rfq_cancelled: "An RFQ is cancelled",
  question_asked: "A supplier asks a question",
  question_answered: "A question is answered",
  quote_submitted: "A quote is submitted",
  quote_result: "The result of a quote (award)",
  po_approval_needed: "A purchase order waits for approval",
  po_approved: "A purchase order you raised is approved (and so issued)",
  po_rejected: "A purchase order or change order is rejected",
  po_issued: "A purchase order is issued",
  po_acknowledged: "A purchase order is acknowledged",
  po_declined: "A purchase order is declined",
  po_cancelled: "A purchase order is cancelled",
  change_order: "A change order is issued",
  goods_received: "Goods are received",
  invoice_submitted: "An invoice is submitted",
  invoice_disputed: "An invoice is disputed",
  invoice_approved: "An invoice is approved",
  supplier_relationship: "A buying organisation asks to work with you, or gets an answer",
  requisition_approval_needed: "A requisition waits for your approval",
  requisition_decided: "Your requisition is approved or rejected",
  requisition_ordered: "Your requisition's lines are ordered",
  requisition_received: "Goods you asked for are received",
  requisition_invoiced: "Goods you asked for are invoiced",
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
  supplier_relationship: ["buyer", "supplier"],
  requisition_approval_needed: ["buyer", "finance", "admin"],
  requisition_decided: ["requester"],
  requisition_ordered: ["requester"],
  requisition_received: ["requester"],
  requisition_invoiced: ["requester"],
};
