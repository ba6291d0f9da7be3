import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

export function approvalNeededMail(
  input: { recipientName: string; poNumber: string; total: string; currency: string; url: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  return renderMail(
    {
      subject: t("Approval needed: {{number}}", { number: input.poNumber }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("Purchase order {{number}} for {{total}} is waiting for your approval.", {
          number: input.poNumber,
          total: format.money(input.total, input.currency),
        }),
      ],
      action: { label: t("Review the purchase order"), url: input.url },
    },
    reader,
  );
}
