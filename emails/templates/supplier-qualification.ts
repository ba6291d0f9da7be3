import { renderMail, type MailContent } from "./layout";

/**
 * Mails about a supplier's qualification with one buying organisation: a
 * document to decide on (to the buyers), a decision on it, a document about
 * to expire, a suspension after one expired (to the supplier). Each names
 * only the two organisations concerned.
 */
export function supplierQualificationMail(input: {
  recipientName: string;
  subject: string;
  paragraphs: string[];
  actionLabel: string;
  url: string;
}): MailContent {
  return renderMail({
    subject: input.subject,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: input.paragraphs,
    action: { label: input.actionLabel, url: input.url },
  });
}
