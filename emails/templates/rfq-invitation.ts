import { renderMail, type MailContent } from "./layout";

export function rfqInvitationMail(input: {
  recipientName: string;
  buyerName: string;
  title: string;
  reference: string;
  deadline: Date;
  timeZone: string;
  url: string;
}): MailContent {
  const deadline = `${input.deadline.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return renderMail({
    subject: `Invitation to quote: ${input.title} (${input.reference})`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} invites you to quote on “${input.title}” (${input.reference}).`,
      `Quotes are sealed until the deadline: ${deadline}. Quotes received after it are not accepted.`,
    ],
    action: { label: "Open the request for quotation", url: input.url },
  });
}
