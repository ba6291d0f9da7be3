import { translated } from "../../app/i18n/config";

import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

/**
 * Mails about a supplier's qualification with one buying organisation: a
 * document to decide on (to the buyers), a decision on it, a document about
 * to expire, a suspension after one expired (to the supplier). Each names
 * only the two organisations concerned. The sentences come from the use
 * case, marked with `msg` or `msgWith`, and are told in the reader's words.
 */
export function supplierQualificationMail(
  input: { recipientName: string; subject: string; paragraphs: string[]; actionLabel: string; url: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  return renderMail(
    {
      subject: translated(t, input.subject, format),
      greeting: greeting(reader, input.recipientName),
      paragraphs: input.paragraphs.map((p) => translated(t, p, format)),
      action: { label: translated(t, input.actionLabel, format), url: input.url },
    },
    reader,
  );
}
