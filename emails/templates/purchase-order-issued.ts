/**
 * Tells a supplier that a purchase order has been issued to them; the
 * order's PDF travels as an outbox attachment
 * (`{ kind: "purchase_order_pdf", poId }`), rendered when the mail is sent.
 */
import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

export interface PurchaseOrderIssuedInput {
  poNumber: string;
  buyerName: string;
  supplierName: string;
  /** Decimal string, e.g. "12500.00". */
  total: string;
  /** ISO 4217 */
  currency: string;
  /** Link to the order in the portal. */
  url: string;
  /** Above 1 the mail is about a change order: the new revision replaces the previous one. */
  revision?: number;
  changeReason?: string | null;
}

export function purchaseOrderIssuedMail(input: PurchaseOrderIssuedInput, reader: MailReader): MailContent {
  const { t, format } = reader;
  const revision = input.revision ?? 1;
  const values = {
    number: input.poNumber,
    buyer: input.buyerName,
    revision,
    total: format.money(input.total, input.currency),
  };
  if (revision > 1) {
    return renderMail(
      {
        subject: t("Change order: purchase order {{number}} revision {{revision}} from {{buyer}}", values),
        greeting: greeting(reader, input.supplierName),
        paragraphs: [
          t(
            "{{buyer}} has changed purchase order {{number}}. This change order is revision {{revision}}; it replaces the previous revision and totals {{total}}.",
            values,
          ),
          ...(input.changeReason ? [t("Reason for the change: {{reason}}", { reason: input.changeReason })] : []),
          t(
            "Revision {{revision}} is attached as a PDF. Please review it and acknowledge it again in Quotient; earlier revisions stay readable there.",
            values,
          ),
        ],
        action: { label: t("Review and acknowledge the change order"), url: input.url },
      },
      reader,
    );
  }
  return renderMail(
    {
      subject: t("Purchase order {{number}} from {{buyer}}", values),
      greeting: greeting(reader, input.supplierName),
      paragraphs: [
        t("{{buyer}} has issued purchase order {{number}} to you, for a total of {{total}}.", values),
        t("The order is attached as a PDF. Please review it and acknowledge it in Quotient."),
      ],
      action: { label: t("Review and acknowledge the order"), url: input.url },
    },
    reader,
  );
}
