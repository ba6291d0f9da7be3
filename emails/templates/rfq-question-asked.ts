import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

/** Tells the buyer's organisation that a supplier asked something about its RFQ. */
export function rfqQuestionAskedMail(
  input: { recipientName: string; title: string; reference: string; question: string; url: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: t("Question on {{title}} ({{reference}})", { title: input.title, reference: input.reference }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("A supplier has asked a question about “{{title}}”.", { title: input.title }),
        t("Question: {{question}}", { question: input.question }),
        t("Your answer is published to every invited supplier, without saying who asked."),
      ],
      action: { label: t("Answer the question"), url: input.url },
    },
    reader,
  );
}
