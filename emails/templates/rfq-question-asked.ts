import { renderMail, type MailContent } from "./layout";

/** Tells the buyer's organisation that a supplier asked something about its RFQ. */
export function rfqQuestionAskedMail(input: {
  recipientName: string;
  title: string;
  reference: string;
  question: string;
  url: string;
}): MailContent {
  return renderMail({
    subject: `Question on ${input.title} (${input.reference})`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `A supplier has asked a question about “${input.title}”.`,
      `Question: ${input.question}`,
      "Your answer is published to every invited supplier, without saying who asked.",
    ],
    action: { label: "Answer the question", url: input.url },
  });
}
