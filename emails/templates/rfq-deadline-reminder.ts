import { renderMail, type MailContent } from "./layout";
import { zonedTime } from "./time";

/** Sent once per deadline, about 24 hours before it, to invited suppliers that have not answered. */
export function rfqDeadlineReminderMail(input: {
  recipientName: string;
  buyerName: string;
  title: string;
  reference: string;
  deadline: Date;
  /** The RFQ's own zone, named beside the time. */
  timeZone?: string;
  url: string;
}): MailContent {
  const deadline = zonedTime(input.deadline, input.timeZone);
  return renderMail({
    subject: `Reminder: quotes due ${deadline} for ${input.title} (${input.reference})`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} is waiting for your answer to “${input.title}” (${input.reference}).`,
      `Quotes are due by ${deadline}. Submit a quote or decline before then; nothing is accepted after it.`,
    ],
    action: { label: "Answer the request for quotation", url: input.url },
  });
}
