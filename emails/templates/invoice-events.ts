/**
 * Mails about a supplier's invoice after the three-way match and finance's
 * decision: to the buying organisation's finance users when an invoice is
 * disputed or waits for their approval, and to the supplier when its invoice
 * is disputed or approved. Totals arrive as decimals and are formatted for
 * the reader.
 */
import { translated } from "../../app/i18n/config";

import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

interface InvoiceMailInput {
  recipientName: string;
  invoiceNumber: string;
  poNumber: string;
  url: string;
}

interface Total {
  /** Decimal string, e.g. "9340.00". */
  total: string;
  currency: string;
}

/** Each difference on its own line, so a long list stays readable in plain text. */
function listed({ t, format }: MailReader, differences: string[]): string {
  return differences.map((d) => `- ${translated(t, d, format)}`).join("\n");
}

function numbers(input: InvoiceMailInput & { supplierName?: string; buyerName?: string }) {
  return {
    invoice: input.invoiceNumber,
    po: input.poNumber,
    supplier: input.supplierName ?? "",
    buyer: input.buyerName ?? "",
  };
}

export function invoiceDisputedForFinanceMail(
  input: InvoiceMailInput & { supplierName: string; differences: string[]; resubmitted: boolean },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const values = numbers(input);
  return renderMail(
    {
      subject: t("Invoice disputed: {{invoice}} for {{po}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        input.resubmitted
          ? t(
              "The corrected invoice {{invoice}} from {{supplier}} for purchase order {{po}} does not match the order and its receipts:",
              values,
            )
          : t(
              "Invoice {{invoice}} from {{supplier}} for purchase order {{po}} does not match the order and its receipts:",
              values,
            ),
        listed(reader, input.differences),
        t("The supplier can correct and resubmit it, or you can approve it anyway with a reason."),
      ],
      action: { label: t("Open the invoice"), url: input.url },
    },
    reader,
  );
}

export function invoiceAwaitingApprovalMail(
  input: InvoiceMailInput & Total & { supplierName: string; resubmitted: boolean },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = { ...numbers(input), total: format.money(input.total, input.currency) };
  return renderMail(
    {
      subject: t("Invoice to approve: {{invoice}} for {{po}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        input.resubmitted
          ? t(
              "The corrected invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) matches the order and its receipts and is waiting for your approval.",
              values,
            )
          : t(
              "Invoice {{invoice}} from {{supplier}} for purchase order {{po}} ({{total}}) matches the order and its receipts and is waiting for your approval.",
              values,
            ),
      ],
      action: { label: t("Review the invoice"), url: input.url },
    },
    reader,
  );
}

export function invoiceDisputedForSupplierMail(
  input: InvoiceMailInput & { buyerName: string; differences: string[] },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const values = numbers(input);
  return renderMail(
    {
      subject: t("Invoice disputed: {{invoice}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t(
          "Your invoice {{invoice}} to {{buyer}} for purchase order {{po}} does not match the order and its receipts:",
          values,
        ),
        listed(reader, input.differences),
        t("You can correct the lines and resubmit the invoice."),
      ],
      action: { label: t("Correct the invoice"), url: input.url },
    },
    reader,
  );
}

export function invoiceApprovedMail(
  input: InvoiceMailInput & Total & { buyerName: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = { ...numbers(input), total: format.money(input.total, input.currency) };
  return renderMail(
    {
      subject: t("Invoice approved: {{invoice}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [t("{{buyer}} approved your invoice {{invoice}} for purchase order {{po}} ({{total}}).", values)],
      action: { label: t("Open the invoice"), url: input.url },
    },
    reader,
  );
}

/** To whoever raised the PO: the supplier billed it, and where the invoice stands after the match. */
export function invoiceSubmittedForBuyerMail(
  input: InvoiceMailInput & Total & { supplierName: string; disputed: boolean },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = { ...numbers(input), total: format.money(input.total, input.currency) };
  return renderMail(
    {
      subject: t("Invoice received: {{invoice}} for {{po}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{supplier}} sent invoice {{invoice}} ({{total}}) for purchase order {{po}}.", values),
        input.disputed
          ? t("It does not match the order and its receipts; finance and the supplier have been told the differences.")
          : t("It matches the order and its receipts and waits for finance's approval."),
      ],
      action: { label: t("Open the invoice"), url: input.url },
    },
    reader,
  );
}

/** To the supplier: the buying organisation recorded the payment of its invoice. `paidOn` is a calendar day. */
export function invoicePaidMail(
  input: InvoiceMailInput & Total & { buyerName: string; paidOn: string; reference: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  const values = {
    ...numbers(input),
    total: format.money(input.total, input.currency),
    date: format.date(input.paidOn),
    reference: input.reference,
  };
  return renderMail(
    {
      subject: t("Invoice paid: {{invoice}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t(
          "{{buyer}} paid your invoice {{invoice}} for purchase order {{po}} ({{total}}) on {{date}}, reference {{reference}}.",
          values,
        ),
      ],
      action: { label: t("Open the invoice"), url: input.url },
    },
    reader,
  );
}
