import { renderMail, type MailContent } from "./layout";
import { zonedTime } from "./time";

/** Sent to every invited supplier when the buyer moves an open RFQ's deadline later. */
export function rfqDeadlineExtendedMail(input: {
  recipientName: string;
  buyerName: string;
  title: string;
  reference: string;
  previousDeadline: Date;
  deadline: Date;
  timeZone: string;
  url: string;
}): MailContent {
  return renderMail({
    subject: `Deadline extended: ${input.title} (${input.reference})`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} has extended the deadline for “${input.title}” (${input.reference}).`,
      `New deadline: ${zonedTime(input.deadline, input.timeZone)}; it was ${zonedTime(input.previousDeadline, input.timeZone)}. You can submit or revise your quote until then.`,
    ],
    action: { label: "Open the request for quotation", url: input.url },
  });
}
