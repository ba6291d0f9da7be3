import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

/**
 * Tells the buyer who posted an RFQ that a supplier answered it. No price:
 * quotes stay sealed until the deadline, in mail as on the page.
 */
export function rfqQuoteSubmittedMail(
  input: {
    recipientName: string;
    supplierName: string;
    title: string;
    reference: string;
    revision: number;
    url: string;
  },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const values = {
    supplier: input.supplierName,
    title: input.title,
    reference: input.reference,
    revision: input.revision,
  };
  return renderMail(
    {
      subject: t("Quote received: {{title}} ({{reference}})", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        input.revision > 1
          ? t("{{supplier}} submitted revision {{revision}} of its quote for “{{title}}”.", values)
          : t("{{supplier}} submitted a quote for “{{title}}”.", values),
        t("Its prices stay sealed until the deadline."),
      ],
      action: { label: t("Open the RFQ"), url: input.url },
    },
    reader,
  );
}
