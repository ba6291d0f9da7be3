/**
 * Mails about a supplier's invoice after the three-way match and finance's
 * decision: to the buying organisation's finance users when an invoice is
 * disputed or waits for their approval, and to the supplier when its invoice
 * is disputed or approved. Amounts arrive already formatted.
 */
import { renderMail, type MailContent } from "./layout";

interface InvoiceMailInput {
  recipientName: string;
  invoiceNumber: string;
  poNumber: string;
  url: string;
}

/** Each difference on its own line, so a long list stays readable in plain text. */
function listed(differences: string[]): string {
  return differences.map((d) => `- ${d}`).join("\n");
}

export function invoiceDisputedForFinanceMail(
  input: InvoiceMailInput & { supplierName: string; differences: string[]; resubmitted: boolean },
): MailContent {
  return renderMail({
    subject: `Invoice disputed: ${input.invoiceNumber} for ${input.poNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.resubmitted ? "The corrected invoice" : "Invoice"} ${input.invoiceNumber} from ${input.supplierName} for purchase order ${input.poNumber} does not match the order and its receipts:`,
      listed(input.differences),
      "The supplier can correct and resubmit it, or you can approve it anyway with a reason.",
    ],
    action: { label: "Open the invoice", url: input.url },
  });
}

export function invoiceAwaitingApprovalMail(
  input: InvoiceMailInput & { supplierName: string; total: string; resubmitted: boolean },
): MailContent {
  return renderMail({
    subject: `Invoice to approve: ${input.invoiceNumber} for ${input.poNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.resubmitted ? "The corrected invoice" : "Invoice"} ${input.invoiceNumber} from ${input.supplierName} for purchase order ${input.poNumber} (${input.total}) matches the order and its receipts and is waiting for your approval.`,
    ],
    action: { label: "Review the invoice", url: input.url },
  });
}

export function invoiceDisputedForSupplierMail(
  input: InvoiceMailInput & { buyerName: string; differences: string[] },
): MailContent {
  return renderMail({
    subject: `Invoice disputed: ${input.invoiceNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `Your invoice ${input.invoiceNumber} to ${input.buyerName} for purchase order ${input.poNumber} does not match the order and its receipts:`,
      listed(input.differences),
      "You can correct the lines and resubmit the invoice.",
    ],
    action: { label: "Correct the invoice", url: input.url },
  });
}

export function invoiceApprovedMail(input: InvoiceMailInput & { buyerName: string; total: string }): MailContent {
  return renderMail({
    subject: `Invoice approved: ${input.invoiceNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} approved your invoice ${input.invoiceNumber} for purchase order ${input.poNumber} (${input.total}).`,
    ],
    action: { label: "Open the invoice", url: input.url },
  });
}

/** To whoever raised the PO: the supplier billed it, and where the invoice stands after the match. */
export function invoiceSubmittedForBuyerMail(
  input: InvoiceMailInput & { supplierName: string; total: string; disputed: boolean },
): MailContent {
  return renderMail({
    subject: `Invoice received: ${input.invoiceNumber} for ${input.poNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.supplierName} sent invoice ${input.invoiceNumber} (${input.total}) for purchase order ${input.poNumber}.`,
      input.disputed
        ? "It does not match the order and its receipts; finance and the supplier have been told the differences."
        : "It matches the order and its receipts and waits for finance's approval.",
    ],
    action: { label: "Open the invoice", url: input.url },
  });
}

/** To the supplier: the buying organisation recorded the payment of its invoice. */
export function invoicePaidMail(
  input: InvoiceMailInput & { buyerName: string; total: string; paidOn: string; reference: string },
): MailContent {
  return renderMail({
    subject: `Invoice paid: ${input.invoiceNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `${input.buyerName} paid your invoice ${input.invoiceNumber} for purchase order ${input.poNumber} (${input.total}) on ${input.paidOn}, reference ${input.reference}.`,
    ],
    action: { label: "Open the invoice", url: input.url },
  });
}
