import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

/** Sent to every invited supplier when the buyer moves an open RFQ's deadline later. */
export function rfqDeadlineExtendedMail(
  input: {
    recipientName: string;
    buyerName: string;
    title: string;
    reference: string;
    previousDeadline: Date;
    deadline: Date;
    url: string;
  },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = { buyer: input.buyerName, title: input.title, reference: input.reference };
  return renderMail(
    {
      subject: t("Deadline extended: {{title}} ({{reference}})", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{buyer}} has extended the deadline for “{{title}}” ({{reference}}).", values),
        t("New deadline: {{deadline}}; it was {{previous}}. You can submit or revise your quote until then.", {
          deadline: format.instant(input.deadline),
          previous: format.instant(input.previousDeadline),
        }),
      ],
      action: { label: t("Open the request for quotation"), url: input.url },
    },
    reader,
  );
}
