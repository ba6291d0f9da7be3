/**
 * Mails about a supplier's bank details: the link that confirms a change
 * when the supplier has nobody else to confirm it, a colleague asked to
 * confirm, and the flag to each buying organisation's finance people once a
 * change is confirmed. IBANs arrive already masked: a mail is no place for
 * a whole account number.
 */
import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

export interface BankValues {
  accountHolder: string;
  iban: string;
  bic: string;
}

function describe({ t }: MailReader, values: BankValues | null): string {
  if (!values) return t("none on file");
  return t("{{holder}}, IBAN {{iban}}, BIC {{bic}}", {
    holder: values.accountHolder,
    iban: values.iban,
    bic: values.bic,
  });
}

export function bankChangeLinkMail(
  input: {
    recipientName: string;
    organisationName: string;
    proposedBy: string;
    next: BankValues;
    url: string;
    expiresAt: Date;
  },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  return renderMail(
    {
      subject: t("Confirm the new bank details of {{organisation}}", { organisation: input.organisationName }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{person}} asked to change the bank details of {{organisation}} to: {{details}}.", {
          person: input.proposedBy,
          organisation: input.organisationName,
          details: describe(reader, input.next),
        }),
        t("Nothing changes until the change is confirmed. The link works once, until {{time}}.", {
          time: format.instant(input.expiresAt),
        }),
        t("If you did not ask for this, do not open the link, and withdraw the change from the company page."),
      ],
      action: { label: t("Review and confirm"), url: input.url },
    },
    reader,
  );
}

export function bankChangeToConfirmMail(
  input: { recipientName: string; organisationName: string; proposedBy: string; next: BankValues; url: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: t("Bank details of {{organisation}} to confirm", { organisation: input.organisationName }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{person}} proposed new bank details for {{organisation}}: {{details}}.", {
          person: input.proposedBy,
          organisation: input.organisationName,
          details: describe(reader, input.next),
        }),
        t(
          "A second person must confirm them before they are used. Check them with the person who proposed them, by phone if you can.",
        ),
      ],
      action: { label: t("Review the change"), url: input.url },
    },
    reader,
  );
}

export function bankChangedForFinanceMail(
  input: {
    recipientName: string;
    supplierName: string;
    previous: BankValues | null;
    next: BankValues;
    changedAt: Date;
    url: string;
  },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  return renderMail(
    {
      subject: t("{{supplier}} changed its bank details: payments held", { supplier: input.supplierName }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{supplier}} changed its bank details on {{date}}.", {
          supplier: input.supplierName,
          date: format.date(input.changedAt),
        }),
        t("Before: {{details}}.", { details: describe(reader, input.previous) }),
        t("After: {{details}}.", { details: describe(reader, input.next) }),
        t(
          "Payments to this supplier are held until someone in finance acknowledges the change. Check it with the supplier through a contact you already know before you do.",
        ),
      ],
      action: { label: t("Review the change"), url: input.url },
    },
    reader,
  );
}
