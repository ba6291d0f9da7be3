import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

/** Sent to every invited supplier when the buyer cancels a published RFQ. */
export function rfqCancelledMail(
  input: {
    recipientName: string;
    buyerName: string;
    title: string;
    reference: string;
    reason: string;
    /** Left out for an address that never registered: it has nothing to open. */
    url: string | null;
  },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const values = { buyer: input.buyerName, title: input.title, reference: input.reference };
  return renderMail(
    {
      subject: t("RFQ cancelled: {{title}} ({{reference}})", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{buyer}} has cancelled “{{title}}” ({{reference}}). No quote will be awarded.", values),
        t("Reason given: {{reason}}", { reason: input.reason }),
      ],
      ...(input.url ? { action: { label: t("View the request for quotation"), url: input.url } } : {}),
    },
    reader,
  );
}
