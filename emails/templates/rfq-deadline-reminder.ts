import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

/** Sent once per deadline, about 24 hours before it, to invited suppliers that have not answered. */
export function rfqDeadlineReminderMail(
  input: { recipientName: string; buyerName: string; title: string; reference: string; deadline: Date; url: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = {
    buyer: input.buyerName,
    title: input.title,
    reference: input.reference,
    deadline: format.instant(input.deadline),
  };
  return renderMail(
    {
      subject: t("Reminder: quotes due {{deadline}} for {{title}} ({{reference}})", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{buyer}} is waiting for your answer to “{{title}}” ({{reference}}).", values),
        t(
          "Quotes are due by {{deadline}}. Submit a quote or decline before then; nothing is accepted after it.",
          values,
        ),
      ],
      action: { label: t("Answer the request for quotation"), url: input.url },
    },
    reader,
  );
}
