import { renderMail, type MailContent } from "./layout";

/**
 * Sent to a supplier's address when a buying organisation it does not work
 * with yet invites it: it decides on its relationships page before it sees
 * the RFQ.
 */
export function supplierRelationshipRequestMail(input: {
  recipientName: string;
  buyerName: string;
  /** The RFQ the request came with, if any. */
  rfqTitle: string | null;
  url: string;
}): MailContent {
  return renderMail({
    subject: `${input.buyerName} asks to work with you on Quotient`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      input.rfqTitle
        ? `${input.buyerName} would like to add your organisation to its suppliers and invited you to quote for “${input.rfqTitle}”.`
        : `${input.buyerName} would like to add your organisation to its suppliers.`,
      `Until you accept, ${input.buyerName} does not see your organisation's name and cannot send you purchase orders. Once you accept, the RFQs it invited you to appear among your invitations.`,
    ],
    action: { label: "Accept or decline", url: input.url },
  });
}

/**
 * Sent to the buying organisation's buyers when the supplier decides. A
 * decline names only the address the buyer typed: the supplier's name stays
 * its own.
 */
export function supplierRelationshipDecidedMail(
  input: { recipientName: string; email: string; url: string } & (
    { accepted: true; supplierName: string } | { accepted: false; reason: string | null }
  ),
): MailContent {
  if (input.accepted) {
    return renderMail({
      subject: `${input.supplierName} accepted to work with you`,
      greeting: `Hello ${input.recipientName},`,
      paragraphs: [
        `The supplier you invited at ${input.email} is ${input.supplierName}, and it accepted to work with your organisation.`,
        `It is now on your supplier list: you may invite it to RFQs and send it purchase orders. RFQs you already invited it to are open to it.`,
      ],
      action: { label: "Open Quotient", url: input.url },
    });
  }
  return renderMail({
    subject: `Your invitation to ${input.email} was declined`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `The supplier at ${input.email} declined to work with your organisation. It will not see your RFQs and cannot receive your purchase orders.`,
      ...(input.reason ? [`Reason given: ${input.reason}`] : []),
    ],
    action: { label: "Open Quotient", url: input.url },
  });
}

/**
 * Sent to an address a buying organisation adds to its supplier list
 * without an RFQ, when the address has no account yet: registering with the
 * link creates the supplier's organisation and its consent to that buyer.
 */
export function supplierListInvitationMail(input: {
  buyerName: string;
  contactName: string | null;
  categories: readonly string[];
  expiresAt: Date;
  url: string;
}): MailContent {
  const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return renderMail({
    subject: `${input.buyerName} invites you to join its suppliers on Quotient`,
    greeting: input.contactName ? `Hello ${input.contactName},` : "Hello,",
    paragraphs: [
      input.categories.length > 0
        ? `${input.buyerName} would like to add your company to its suppliers for ${input.categories.join(", ")}.`
        : `${input.buyerName} would like to add your company to its suppliers.`,
      "Register your company with the link below; registering tells them you agree to work with them.",
      `The link works once and until ${utc(input.expiresAt)}.`,
    ],
    action: { label: "Register your company", url: input.url },
  });
}
