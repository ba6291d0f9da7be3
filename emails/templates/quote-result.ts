import { renderMail, type MailContent } from "./layout";

export type QuoteOutcome = "awarded" | "partially_awarded" | "not_awarded";

/**
 * The result sent to each bidder: its own outcome and the lines it won, and
 * nothing about anyone else: no competitor's name or price, and no count of
 * bidders.
 */
export function quoteResultMail(input: {
  recipientName: string;
  buyerName: string;
  title: string;
  reference: string;
  outcome: QuoteOutcome;
  /** The RFQ lines awarded to this bidder, in RFQ order. */
  awardedLines: { position: number; item: string; quantity: string }[];
  url: string;
}): MailContent {
  const rfq = `“${input.title}”`;
  // One paragraph per line, so the HTML part lists them as the text part does.
  const lineList = input.awardedLines.map((l) => `Line ${l.position}: ${l.item}, ${l.quantity}`);
  const poFollows = "A purchase order will follow once it is approved.";
  const content: Record<QuoteOutcome, { subject: string; paragraphs: string[] }> = {
    awarded: {
      subject: `Your quote was awarded: ${input.title} (${input.reference})`,
      paragraphs: [`${input.buyerName} has awarded ${rfq} to you, every line you quoted:`, ...lineList, poFollows],
    },
    partially_awarded: {
      subject: `Your quote was partially awarded: ${input.title} (${input.reference})`,
      paragraphs: [
        `${input.buyerName} has awarded part of ${rfq} to you. These lines of your quote were awarded:`,
        ...lineList,
        `The other lines of your quote were not awarded. ${poFollows}`,
      ],
    },
    not_awarded: {
      subject: `Result of ${input.title} (${input.reference})`,
      paragraphs: [`${input.buyerName} has awarded ${rfq} to another supplier. Thank you for your quote.`],
    },
  };
  const { subject, paragraphs } = content[input.outcome];
  return renderMail({
    subject,
    greeting: `Hello ${input.recipientName},`,
    paragraphs,
    action: { label: "View the request for quotation", url: input.url },
  });
}
