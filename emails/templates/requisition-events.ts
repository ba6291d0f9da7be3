/**
 * Mails about a requisition: to its requester at each step (approved,
 * rejected, ordered, received, invoiced) and to the people asked to approve
 * it. One short paragraph and the link to the requisition; the sentence,
 * marked with `msgWith`, is told in the reader's words.
 */
import { translated } from "../../app/i18n/config";

import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

export function requisitionMail(
  input: { recipientName: string; subject: string; text: string; url: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: translated(t, input.subject),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [translated(t, input.text)],
      action: { label: t("Open the requisition"), url: input.url },
    },
    reader,
  );
}
