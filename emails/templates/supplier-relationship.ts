import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

/**
 * Sent to a supplier's address when a buying organisation it does not work
 * with yet invites it: it decides on its relationships page before it sees
 * the RFQ.
 */
export function supplierRelationshipRequestMail(
  input: {
    recipientName: string;
    buyerName: string;
    /** The RFQ the request came with, if any. */
    rfqTitle: string | null;
    url: string;
  },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const values = { buyer: input.buyerName, title: input.rfqTitle ?? "" };
  return renderMail(
    {
      subject: t("{{buyer}} asks to work with you on Quotient", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        input.rfqTitle
          ? t(
              "{{buyer}} would like to add your organisation to its suppliers and invited you to quote for “{{title}}”.",
              values,
            )
          : t("{{buyer}} would like to add your organisation to its suppliers.", values),
        t(
          "Until you accept, {{buyer}} does not see your organisation's name and cannot send you purchase orders. Once you accept, the RFQs it invited you to appear among your invitations.",
          values,
        ),
      ],
      action: { label: t("Accept or decline"), url: input.url },
    },
    reader,
  );
}

/**
 * Sent to the buying organisation's buyers when the supplier decides. A
 * decline names only the address the buyer typed: the supplier's name stays
 * its own.
 */
export function supplierRelationshipDecidedMail(
  input: { recipientName: string; email: string; url: string } & (
    { accepted: true; supplierName: string } | { accepted: false; reason: string | null }
  ),
  reader: MailReader,
): MailContent {
  const { t } = reader;
  if (input.accepted) {
    const values = { supplier: input.supplierName, email: input.email };
    return renderMail(
      {
        subject: t("{{supplier}} accepted to work with you", values),
        greeting: greeting(reader, input.recipientName),
        paragraphs: [
          t(
            "The supplier you invited at {{email}} is {{supplier}}, and it accepted to work with your organisation.",
            values,
          ),
          t(
            "It is now on your supplier list: you may invite it to RFQs and send it purchase orders. RFQs you already invited it to are open to it.",
          ),
        ],
        action: { label: t("Open Quotient"), url: input.url },
      },
      reader,
    );
  }
  return renderMail(
    {
      subject: t("Your invitation to {{email}} was declined", { email: input.email }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t(
          "The supplier at {{email}} declined to work with your organisation. It will not see your RFQs and cannot receive your purchase orders.",
          { email: input.email },
        ),
        ...(input.reason ? [t("Reason given: {{reason}}", { reason: input.reason })] : []),
      ],
      action: { label: t("Open Quotient"), url: input.url },
    },
    reader,
  );
}

/**
 * Sent to an address a buying organisation adds to its supplier list
 * without an RFQ, when the address has no account yet: registering with the
 * link creates the supplier's organisation and its consent to that buyer.
 */
export function supplierListInvitationMail(
  input: { buyerName: string; contactName: string | null; categories: readonly string[]; expiresAt: Date; url: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  return renderMail(
    {
      subject: t("{{buyer}} invites you to join its suppliers on Quotient", { buyer: input.buyerName }),
      greeting: greeting(reader, input.contactName),
      paragraphs: [
        input.categories.length > 0
          ? t("{{buyer}} would like to add your company to its suppliers for {{categories}}.", {
              buyer: input.buyerName,
              categories: input.categories.join(", "),
            })
          : t("{{buyer}} would like to add your company to its suppliers.", { buyer: input.buyerName }),
        t("Register your company with the link below; registering tells them you agree to work with them."),
        t("The link works once and until {{expires}}.", { expires: format.instant(input.expiresAt) }),
      ],
      action: { label: t("Register your company"), url: input.url },
    },
    reader,
  );
}
