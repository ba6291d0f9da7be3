import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

export function rfqInvitationMail(
  input: { recipientName: string; buyerName: string; title: string; reference: string; deadline: Date; url: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = { buyer: input.buyerName, title: input.title, reference: input.reference };
  return renderMail(
    {
      subject: t("Invitation to quote: {{title}} ({{reference}})", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{buyer}} invites you to quote on “{{title}}” ({{reference}}).", values),
        t("Quotes are sealed until the deadline: {{deadline}}. Quotes received after it are not accepted.", {
          deadline: format.instant(input.deadline),
        }),
      ],
      action: { label: t("Open the request for quotation"), url: input.url },
    },
    reader,
  );
}

/** An invitation to an address with no account yet: the link registers the supplier and opens the RFQ. */
export function supplierRegistrationMail(
  input: { buyerName: string; title: string; reference: string; deadline: Date; expiresAt: Date; url: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = { buyer: input.buyerName, title: input.title, reference: input.reference };
  return renderMail(
    {
      subject: t("Invitation to quote: {{title}} ({{reference}})", values),
      greeting: greeting(reader),
      paragraphs: [
        t("{{buyer}} invites you to quote on “{{title}}” ({{reference}}) through Quotient.", values),
        t("Register your company with the link below; it takes a minute, and you land on the request right after."),
        t("Quotes are sealed until the deadline: {{deadline}}. The link works once and until {{expires}}.", {
          deadline: format.instant(input.deadline),
          expires: format.instant(input.expiresAt),
        }),
      ],
      action: { label: t("Register and open the request for quotation"), url: input.url },
    },
    reader,
  );
}
