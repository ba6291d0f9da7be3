import { renderMail, type MailContent } from "./layout";
import { zonedTime } from "./time";

export function rfqInvitationMail(input: {
  recipientName: string;
  buyerName: string;
  title: string;
  reference: string;
  deadline: Date;
  timeZone: string;
  url: string;
}): MailContent {
  const deadline = zonedTime(input.deadline, input.timeZone);
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

/** An invitation to an address with no account yet: the link registers the supplier and opens the RFQ. */
export function supplierRegistrationMail(input: {
  buyerName: string;
  title: string;
  reference: string;
  deadline: Date;
  expiresAt: Date;
  url: string;
}): MailContent {
  const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return renderMail({
    subject: `Invitation to quote: ${input.title} (${input.reference})`,
    greeting: "Hello,",
    paragraphs: [
      `${input.buyerName} invites you to quote on “${input.title}” (${input.reference}) through Quotient.`,
      "Register your company with the link below; it takes a minute, and you land on the request right after.",
      `Quotes are sealed until the deadline: ${utc(input.deadline)}. The link works once and until ${utc(input.expiresAt)}.`,
    ],
    action: { label: "Register and open the request for quotation", url: input.url },
  });
}
