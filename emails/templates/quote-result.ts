import { renderMail, type MailContent } from "./layout";

/** The result sent to each bidder: its own outcome only, no competitor's name or price. */
export function quoteResultMail(input: {
  recipientName: string;
  buyerName: string;
  title: string;
  reference: string;
  awarded: boolean;
  url: string;
}): MailContent {
  return renderMail({
    subject: input.awarded
      ? `Your quote was awarded: ${input.title} (${input.reference})`
      : `Result of ${input.title} (${input.reference})`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: input.awarded
      ? [`${input.buyerName} has awarded “${input.title}” to you. A purchase order will follow once it is approved.`]
      : [`${input.buyerName} has awarded “${input.title}” to another supplier. Thank you for your quote.`],
    action: { label: "View the request for quotation", url: input.url },
  });
}
