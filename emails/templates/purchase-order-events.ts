/**
 * Mails about a purchase order after it was submitted: rejected by finance
 * (to the buyer who raised it, or who made the rejected change order), declined by the supplier (to the buyer),
 * cancelled by the buyer (to the supplier, when it had been issued).
 */
import { renderMail, type MailContent } from "./layout";

interface PoMailInput {
  recipientName: string;
  poNumber: string;
  reason: string;
  url: string;
}

export function purchaseOrderRejectedMail(input: PoMailInput & { approverName: string }): MailContent {
  return renderMail({
    subject: `Rejected: ${input.poNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.approverName} rejected purchase order ${input.poNumber}.`,
      `Reason: ${input.reason}`,
      "You can revise the purchase order and submit it for approval again.",
    ],
    action: { label: "Open the purchase order", url: input.url },
  });
}

/** A change order finance rejected: the PO is back at the revision the supplier has. */
export function purchaseOrderChangeRejectedMail(
  input: PoMailInput & { approverName: string; revision: number; previousRevision: number },
): MailContent {
  return renderMail({
    subject: `Change order rejected: ${input.poNumber} revision ${input.revision}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.approverName} rejected your change order to purchase order ${input.poNumber} (revision ${input.revision}).`,
      `Reason: ${input.reason}`,
      `The purchase order is back at revision ${input.previousRevision}, as the supplier has it. You can make a new change order.`,
    ],
    action: { label: "Open the purchase order", url: input.url },
  });
}

export function purchaseOrderDeclinedMail(input: PoMailInput & { supplierName: string }): MailContent {
  return renderMail({
    subject: `Declined by ${input.supplierName}: ${input.poNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [`${input.supplierName} declined purchase order ${input.poNumber}.`, `Reason: ${input.reason}`],
    action: { label: "Open the purchase order", url: input.url },
  });
}

export function purchaseOrderCancelledMail(input: PoMailInput & { buyerName: string }): MailContent {
  return renderMail({
    subject: `Cancelled: ${input.poNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} cancelled purchase order ${input.poNumber}. Please do not ship it.`,
      `Reason: ${input.reason}`,
    ],
    action: { label: "Open the purchase order", url: input.url },
  });
}

/**
 * News about a PO for the buying side that needs no more than one sentence:
 * approved, issued, acknowledged (a change order answered), goods received.
 * The sentence is the same one the notification in the app shows.
 */
export function purchaseOrderUpdateMail(input: {
  recipientName: string;
  subject: string;
  text: string;
  url: string;
}): MailContent {
  return renderMail({
    // One line: a line break in a name must not reach the Subject header.
    subject: input.subject.replace(/[\r\n]+/g, " ").trim(),
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [input.text],
    action: { label: "Open the purchase order", url: input.url },
  });
}
