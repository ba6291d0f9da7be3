import { renderMail, type MailContent } from "./layout";

/** Sent to every invited supplier when the buyer cancels a published RFQ. */
export function rfqCancelledMail(input: {
  recipientName: string;
  buyerName: string;
  title: string;
  reference: string;
  reason: string;
  /** Left out for an address that never registered: it has nothing to open. */
  url: string | null;
}): MailContent {
  return renderMail({
    subject: `RFQ cancelled: ${input.title} (${input.reference})`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} has cancelled “${input.title}” (${input.reference}). No quote will be awarded.`,
      `Reason given: ${input.reason}`,
    ],
    ...(input.url ? { action: { label: "View the request for quotation", url: input.url } } : {}),
  });
}
