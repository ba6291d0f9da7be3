import { renderMail, type MailContent } from "./layout";

/**
 * Sent to every invited supplier when the buyer answers a question. It never
 * says who asked: that would tell suppliers who else is bidding.
 */
export function rfqAnswerPublishedMail(input: {
  recipientName: string;
  buyerName: string;
  title: string;
  reference: string;
  question: string;
  answer: string;
  url: string;
}): MailContent {
  return renderMail({
    subject: `New answer on ${input.title} (${input.reference})`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} has answered a question about “${input.title}”. Every invited supplier receives the same answer.`,
      `Question: ${input.question}`,
      `Answer: ${input.answer}`,
    ],
    action: { label: "Read all questions and answers", url: input.url },
  });
}
