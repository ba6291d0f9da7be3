/**
 * Mails about a requisition: to its requester at each step (approved,
 * rejected, ordered, received, invoiced) and to the people asked to approve
 * it. One short paragraph and the link to the requisition.
 */
import { renderMail, type MailContent } from "./layout";

export function requisitionMail(input: {
  recipientName: string;
  subject: string;
  text: string;
  url: string;
}): MailContent {
  return renderMail({
    // One line: a line break in a typed reason must not reach the Subject header.
    subject: input.subject.replace(/[\r\n]+/g, " ").trim(),
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [input.text],
    action: { label: "Open the requisition", url: input.url },
  });
}
