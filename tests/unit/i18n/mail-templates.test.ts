/**
 * Every mail rendered in the pseudo-locale: each word of its subject, text
 * and HTML must come bracketed from the catalogue or the formatter, or be
 * one of the values handed in (names, titles, links). A literal left in a
 * template fails here with its words. In English the same mails read as the
 * catalogue's sentences, with times in the reader's zone.
 */
import { describe, expect, it } from "vitest";

import { msg, msgWith } from "~/i18n/config";
import { PSEUDO_LOCALE } from "~/i18n/pseudo";

import * as account from "../../../emails/templates/account";
import * as agreements from "../../../emails/templates/agreement-events";
import { approvalNeededMail } from "../../../emails/templates/approval-needed";
import * as bank from "../../../emails/templates/bank-details";
import * as invoices from "../../../emails/templates/invoice-events";
import { sentenceMail, type MailContent } from "../../../emails/templates/layout";
import * as orders from "../../../emails/templates/purchase-order-events";
import { purchaseOrderIssuedMail } from "../../../emails/templates/purchase-order-issued";
import { quoteResultMail } from "../../../emails/templates/quote-result";
import { mailReader, type MailReader } from "../../../emails/templates/reader";
import { rfqAnswerPublishedMail } from "../../../emails/templates/rfq-answer-published";
import { rfqCancelledMail } from "../../../emails/templates/rfq-cancelled";
import { rfqDeadlineExtendedMail } from "../../../emails/templates/rfq-deadline-extended";
import { rfqDeadlineReminderMail } from "../../../emails/templates/rfq-deadline-reminder";
import { rfqInvitationMail, supplierRegistrationMail } from "../../../emails/templates/rfq-invitation";
import { rfqQuestionAskedMail } from "../../../emails/templates/rfq-question-asked";
import { rfqQuoteSubmittedMail } from "../../../emails/templates/rfq-quote-submitted";
import { supplierQualificationMail } from "../../../emails/templates/supplier-qualification";
import * as relationships from "../../../emails/templates/supplier-relationship";
import { unmarked } from "../../support/unmarked";

// What people typed or the system numbered: left as it is in any language.
const NAME = "Ada Lovelace";
const BUYER = "Acme Manufacturing";
const SUPPLIER = "Northwind Components";
const TITLE = "Hex nuts";
const URL = "https://quotient.test/rfqs/1";
const REASON = "Prices changed";
const DATA = [
  NAME,
  BUYER,
  SUPPLIER,
  TITLE,
  URL,
  REASON,
  "RFQ-2026-0007",
  "Hex nut M8",
  "pcs",
  "Clause",
  "DE89 **** 3000",
  "COBADEFFXXX",
  "Wrong quantity",
];

/** Differences as the three-way match stores them: a stored English one from before, and a message with money. */
const DIFFERENCES = [
  "Wrong quantity",
  msgWith("Line {{line}} ({{item}}): {{invoiced}} invoiced, {{ordered}} on the purchase order.", {
    line: 2,
    item: "Hex nut M8",
    invoiced: { money: "1250", currency: "EUR" },
    ordered: { money: "1200", currency: "EUR" },
  }),
];

const at = new Date("2026-12-07T08:00:00Z");
const deadline = new Date("2026-12-10T16:00:00Z");
const later = new Date("2026-12-21T09:30:00Z");
const bankValues = { accountHolder: SUPPLIER, iban: "DE89 **** 3000", bic: "COBADEFFXXX" };
const po = { recipientName: NAME, poNumber: "PO-2026-000012", reason: REASON, url: URL };
const invoice = { recipientName: NAME, invoiceNumber: "INV-2026-000004", poNumber: "PO-2026-000012", url: URL };
const agreement = { recipientName: NAME, number: "AG-2026-000003", title: TITLE, url: URL };
const rfq = { recipientName: NAME, buyerName: BUYER, title: TITLE, reference: "RFQ-2026-0007", url: URL };

/** Every template, in each of its shapes, with sample values. */
const MAILS: Record<string, (r: MailReader) => MailContent> = {
  confirmAddress: (r) =>
    account.confirmAddressMail({ name: NAME, organisationName: BUYER, url: URL, expiresAt: later, at }, r),
  signupAddressTaken: (r) => account.signupAddressTakenMail({ name: "", signInUrl: URL, resetUrl: URL }, r),
  passwordReset: (r) =>
    account.passwordResetMail({ name: NAME, url: URL, expiresAt: new Date(at.getTime() + 3600_000), at }, r),
  invitation: (r) =>
    account.invitationMail(
      {
        organisationName: BUYER,
        inviterName: NAME,
        roles: [msg("Buyer"), msg("Finance")],
        url: URL,
        expiresAt: later,
        at,
      },
      r,
    ),
  twoFactorReset: (r) =>
    account.twoFactorResetMail(
      { name: NAME, adminName: NAME, organisationName: BUYER, required: true, signInUrl: URL },
      r,
    ),
  agreementSent: (r) =>
    agreements.agreementSentMail({ ...agreement, buyerName: BUYER, validFrom: "2026-12-01", validTo: "2027-11-30" }, r),
  agreementAcknowledged: (r) =>
    agreements.agreementAnsweredMail({ ...agreement, supplierName: SUPPLIER, answer: "acknowledged" }, r),
  agreementDeclined: (r) =>
    agreements.agreementAnsweredMail({ ...agreement, supplierName: SUPPLIER, answer: "declined", reason: REASON }, r),
  agreementCancelled: (r) =>
    agreements.agreementEndedMail({ ...agreement, buyerName: BUYER, how: "cancelled", reason: REASON }, r),
  agreementClosed: (r) =>
    agreements.agreementEndedMail({ ...agreement, buyerName: BUYER, how: "closed", reason: REASON }, r),
  agreementValueConsumed: (r) =>
    agreements.agreementConsumptionMail({ ...agreement, percent: 80, cap: { kind: "value" } }, r),
  agreementLineConsumed: (r) =>
    agreements.agreementConsumptionMail({ ...agreement, percent: 95, cap: { kind: "line", item: "Hex nut M8" } }, r),
  agreementExpiring: (r) => agreements.agreementExpiringMail({ ...agreement, validTo: "2026-12-27", days: 20 }, r),
  approvalNeeded: (r) =>
    approvalNeededMail(
      { recipientName: NAME, poNumber: "PO-2026-000012", total: "9340", currency: "EUR", url: URL },
      r,
    ),
  bankChangeLink: (r) =>
    bank.bankChangeLinkMail(
      {
        recipientName: NAME,
        organisationName: SUPPLIER,
        proposedBy: NAME,
        next: bankValues,
        url: URL,
        expiresAt: later,
      },
      r,
    ),
  bankChangeToConfirm: (r) =>
    bank.bankChangeToConfirmMail(
      { recipientName: NAME, organisationName: SUPPLIER, proposedBy: NAME, next: bankValues, url: URL },
      r,
    ),
  bankChangedForFinance: (r) =>
    bank.bankChangedForFinanceMail(
      { recipientName: NAME, supplierName: SUPPLIER, previous: null, next: bankValues, changedAt: at, url: URL },
      r,
    ),
  invoiceDisputedForFinance: (r) =>
    invoices.invoiceDisputedForFinanceMail(
      { ...invoice, supplierName: SUPPLIER, differences: DIFFERENCES, resubmitted: true },
      r,
    ),
  invoiceAwaitingApproval: (r) =>
    invoices.invoiceAwaitingApprovalMail(
      { ...invoice, supplierName: SUPPLIER, total: "9340", currency: "EUR", resubmitted: false },
      r,
    ),
  invoiceDisputedForSupplier: (r) =>
    invoices.invoiceDisputedForSupplierMail({ ...invoice, buyerName: BUYER, differences: DIFFERENCES }, r),
  invoiceApproved: (r) =>
    invoices.invoiceApprovedMail({ ...invoice, buyerName: BUYER, total: "9340", currency: "EUR" }, r),
  invoiceSubmitted: (r) =>
    invoices.invoiceSubmittedForBuyerMail(
      { ...invoice, supplierName: SUPPLIER, total: "9340", currency: "EUR", disputed: true },
      r,
    ),
  invoicePaid: (r) =>
    invoices.invoicePaidMail(
      {
        ...invoice,
        buyerName: BUYER,
        total: "9340",
        currency: "EUR",
        paidOn: "2026-12-08",
        reference: "PO-2026-000012",
      },
      r,
    ),
  poRejected: (r) => orders.purchaseOrderRejectedMail({ ...po, approverName: NAME }, r),
  poChangeRejected: (r) =>
    orders.purchaseOrderChangeRejectedMail({ ...po, approverName: NAME, revision: 3, previousRevision: 2 }, r),
  poDeclined: (r) => orders.purchaseOrderDeclinedMail({ ...po, supplierName: SUPPLIER }, r),
  poCancelled: (r) => orders.purchaseOrderCancelledMail({ ...po, buyerName: BUYER }, r),
  poUpdate: (r) =>
    sentenceMail(
      {
        recipientName: NAME,
        subject: msgWith("Goods received: {{number}}", { number: "PO-2026-000012" }),
        text: msgWith("Purchase order {{number}} ({{total}}) was issued to {{supplier}}.", {
          number: "PO-2026-000012",
          total: { money: "9340", currency: "EUR" },
          supplier: SUPPLIER,
        }),
        url: URL,
      },
      msg("Open the purchase order"),
      r,
    ),
  poIssued: (r) =>
    purchaseOrderIssuedMail(
      {
        poNumber: "PO-2026-000012",
        buyerName: BUYER,
        supplierName: SUPPLIER,
        total: "9340",
        currency: "EUR",
        url: URL,
      },
      r,
    ),
  changeOrderIssued: (r) =>
    purchaseOrderIssuedMail(
      {
        poNumber: "PO-2026-000012",
        buyerName: BUYER,
        supplierName: SUPPLIER,
        total: "9340",
        currency: "EUR",
        url: URL,
        revision: 2,
        changeReason: REASON,
      },
      r,
    ),
  ...Object.fromEntries(
    (["awarded", "partially_awarded", "not_awarded"] as const).map((outcome) => [
      `quote ${outcome}`,
      (r: MailReader) =>
        quoteResultMail(
          { ...rfq, outcome, awardedLines: [{ position: 1, item: "Hex nut M8", quantity: "500.000", unit: "pcs" }] },
          r,
        ),
    ]),
  ),
  requisition: (r) =>
    sentenceMail(
      {
        recipientName: NAME,
        subject: msgWith("Approval needed: {{number}}", { number: "REQ-2026-000001" }),
        text: msg("Its prices stay sealed until the deadline."),
        url: URL,
      },
      msg("Open the requisition"),
      r,
    ),
  rfqAnswerPublished: (r) => rfqAnswerPublishedMail({ ...rfq, question: TITLE, answer: TITLE }, r),
  rfqCancelled: (r) => rfqCancelledMail({ ...rfq, reason: REASON }, r),
  rfqDeadlineExtended: (r) => rfqDeadlineExtendedMail({ ...rfq, previousDeadline: deadline, deadline: later }, r),
  rfqDeadlineReminder: (r) => rfqDeadlineReminderMail({ ...rfq, deadline }, r),
  rfqInvitation: (r) => rfqInvitationMail({ ...rfq, deadline }, r),
  supplierRegistration: (r) =>
    supplierRegistrationMail(
      { buyerName: BUYER, title: TITLE, reference: rfq.reference, deadline, expiresAt: later, url: URL },
      r,
    ),
  rfqQuestionAsked: (r) => rfqQuestionAskedMail({ ...rfq, question: TITLE }, r),
  rfqQuoteSubmitted: (r) => rfqQuoteSubmittedMail({ ...rfq, supplierName: SUPPLIER, revision: 2 }, r),
  supplierQualification: (r) =>
    supplierQualificationMail(
      {
        recipientName: NAME,
        subject: msgWith("Approval needed: {{number}}", { number: "RFQ-2026-0007" }),
        paragraphs: [msg("Its prices stay sealed until the deadline.")],
        actionLabel: msg("Open Quotient"),
        url: URL,
      },
      r,
    ),
  relationshipRequest: (r) =>
    relationships.supplierRelationshipRequestMail(
      { recipientName: NAME, buyerName: BUYER, rfqTitle: TITLE, url: URL },
      r,
    ),
  relationshipAccepted: (r) =>
    relationships.supplierRelationshipDecidedMail(
      { recipientName: NAME, email: "sales@northwind.test", url: URL, accepted: true, supplierName: SUPPLIER },
      r,
    ),
  relationshipDeclined: (r) =>
    relationships.supplierRelationshipDecidedMail(
      { recipientName: NAME, email: "sales@northwind.test", url: URL, accepted: false, reason: REASON },
      r,
    ),
  supplierListInvitation: (r) =>
    relationships.supplierListInvitationMail(
      { buyerName: BUYER, contactName: null, categories: [TITLE], expiresAt: later, url: URL },
      r,
    ),
};

/** The lines a person reads: the subject, the plain text, and the HTML without its tags. */
function readable(mail: MailContent): string[] {
  const html = mail.html
    .replace(/<[^>]*>/g, "\n")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
  return [mail.subject, ...mail.text.split("\n"), ...html.split("\n")].map((l) => l.trim()).filter(Boolean);
}

describe("mails in the pseudo-locale", () => {
  const reader = mailReader({ locale: PSEUDO_LOCALE, timeZone: "Asia/Shanghai" });

  it.each(Object.keys(MAILS))("%s has no word that skipped the catalogue", (name) => {
    const left = readable(MAILS[name](reader))
      .map((line) => unmarked(line, DATA))
      .filter((line) => line !== null);
    expect(left).toEqual([]);
  });

  it("sees a word left out of the catalogue", () => {
    expect(unmarked("⟦Ĥéĺĺó⟧ Ada, see you", ["Ada"])).toBe("⟦Ĥéĺĺó⟧ Ada, see you");
  });
});

describe("mails in English", () => {
  it("state a deadline in the reader's zone, named, and money grouped", () => {
    const shanghai = MAILS.rfqInvitation(mailReader({ timeZone: "Asia/Shanghai" }));
    expect(shanghai.text).toContain("Quotes are sealed until the deadline: 2026-12-11 00:00 Asia/Shanghai.");
    const berlin = MAILS.rfqDeadlineReminder(mailReader({ timeZone: "Europe/Berlin" }));
    expect(berlin.subject).toBe(`Reminder: quotes due 2026-12-10 17:00 Europe/Berlin for ${TITLE} (RFQ-2026-0007)`);
    expect(MAILS.approvalNeeded(mailReader()).text).toContain("for 9,340.00 EUR is waiting for your approval.");
  });

  it("say a stored sentence in the reader's words, its amounts through their formatter, and an old English one as stored", () => {
    const update = MAILS.poUpdate(mailReader());
    expect(update.subject).toBe("Goods received: PO-2026-000012");
    expect(update.text).toContain(`Purchase order PO-2026-000012 (9,340.00 EUR) was issued to ${SUPPLIER}.`);
    expect(update.text).toContain("Open the purchase order: https://quotient.test/rfqs/1");
    expect(MAILS.requisition(mailReader()).text).toContain("Open the requisition: ");
    const disputed = MAILS.invoiceDisputedForSupplier(mailReader());
    expect(disputed.text).toContain("- Wrong quantity\n");
    expect(disputed.text).toContain(
      "- Line 2 (Hex nut M8): 1,250.00 EUR invoiced, 1,200.00 EUR on the purchase order.",
    );
  });

  it("count days and hours in the catalogue's plural forms", () => {
    expect(MAILS.passwordReset(mailReader()).text).toContain("The link works once, for one hour.");
    expect(MAILS.confirmAddress(mailReader()).text).toContain("The link works once, for 14 days.");
    const oneDay = agreements.agreementExpiringMail({ ...agreement, validTo: "2026-12-08", days: 1 }, mailReader());
    expect(oneDay.subject).toBe("Ends in 1 day: AG-2026-000003");
  });
});
