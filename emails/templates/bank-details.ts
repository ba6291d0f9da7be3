/**
 * Mails about a supplier's bank details: the link that confirms a change
 * when the supplier has nobody else to confirm it, a colleague asked to
 * confirm, and the flag to each buying organisation's finance people once a
 * change is confirmed. IBANs arrive already masked: a mail is no place for
 * a whole account number.
 */
import { renderMail, type MailContent } from "./layout";

export interface BankValues {
  accountHolder: string;
  iban: string;
  bic: string;
}

function describe(values: BankValues | null): string {
  if (!values) return "none on file";
  return `${values.accountHolder}, IBAN ${values.iban}, BIC ${values.bic}`;
}

export function bankChangeLinkMail(input: {
  recipientName: string;
  organisationName: string;
  proposedBy: string;
  next: BankValues;
  url: string;
  expiresAt: string;
}): MailContent {
  return renderMail({
    subject: `Confirm the new bank details of ${input.organisationName}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.proposedBy} asked to change the bank details of ${input.organisationName} to: ${describe(input.next)}.`,
      `Nothing changes until the change is confirmed. The link works once, until ${input.expiresAt}.`,
      "If you did not ask for this, do not open the link, and withdraw the change from the company page.",
    ],
    action: { label: "Review and confirm", url: input.url },
  });
}

export function bankChangeToConfirmMail(input: {
  recipientName: string;
  organisationName: string;
  proposedBy: string;
  next: BankValues;
  url: string;
}): MailContent {
  return renderMail({
    subject: `Bank details of ${input.organisationName} to confirm`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.proposedBy} proposed new bank details for ${input.organisationName}: ${describe(input.next)}.`,
      "A second person must confirm them before they are used. Check them with the person who proposed them, by phone if you can.",
    ],
    action: { label: "Review the change", url: input.url },
  });
}

export function bankChangedForFinanceMail(input: {
  recipientName: string;
  supplierName: string;
  previous: BankValues | null;
  next: BankValues;
  changedOn: string;
  url: string;
}): MailContent {
  return renderMail({
    subject: `${input.supplierName} changed its bank details: payments held`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.supplierName} changed its bank details on ${input.changedOn}.`,
      `Before: ${describe(input.previous)}.`,
      `After: ${describe(input.next)}.`,
      "Payments to this supplier are held until someone in finance acknowledges the change. Check it with the supplier through a contact you already know before you do.",
    ],
    action: { label: "Review the change", url: input.url },
  });
}
