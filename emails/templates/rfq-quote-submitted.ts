import { renderMail, type MailContent } from "./layout";

/**
 * Tells the buyer who posted an RFQ that a supplier answered it. No price:
 * quotes stay sealed until the deadline, in mail as on the page.
 */
export function rfqQuoteSubmittedMail(input: {
  recipientName: string;
  supplierName: string;
  title: string;
  reference: string;
  revision: number;
  url: string;
}): MailContent {
  return renderMail({
    subject: `Quote received: ${input.title} (${input.reference})`.replace(/[\r\n]+/g, " ").trim(),
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      input.revision > 1
        ? `${input.supplierName} submitted revision ${input.revision} of its quote for “${input.title}”.`
        : `${input.supplierName} submitted a quote for “${input.title}”.`,
      "Its prices stay sealed until the deadline.",
    ],
    action: { label: "Open the RFQ", url: input.url },
  });
}
