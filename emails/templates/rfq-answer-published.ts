import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

/**
 * Sent to every invited supplier when the buyer answers a question. It never
 * says who asked: that would tell suppliers who else is bidding.
 */
export function rfqAnswerPublishedMail(
  input: {
    recipientName: string;
    buyerName: string;
    title: string;
    reference: string;
    question: string;
    answer: string;
    url: string;
  },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: t("New answer on {{title}} ({{reference}})", { title: input.title, reference: input.reference }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{buyer}} has answered a question about “{{title}}”. Every invited supplier receives the same answer.", {
          buyer: input.buyerName,
          title: input.title,
        }),
        t("Question: {{question}}", { question: input.question }),
        t("Answer: {{answer}}", { answer: input.answer }),
      ],
      action: { label: t("Read all questions and answers"), url: input.url },
    },
    reader,
  );
}
