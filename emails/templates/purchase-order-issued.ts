/**
 * Mail templates: one file per mail, each a pure function from plain values
 * to `{ subject, text, html }` built with the shared look in `layout.ts`,
 * which escapes every value put into HTML. No database, no I/O; templates
 * may import pure formatting helpers from app/utils and nothing else.
 *
 * This one tells a supplier that a purchase order has been issued to them;
 * the order's PDF travels as an outbox attachment
 * (`{ kind: "purchase_order_pdf", poId }`), rendered when the mail is sent.
 */
import { formatMoney } from "../../app/utils/money";

import { renderMail, type MailContent } from "./layout";

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

export function purchaseOrderIssuedMail(input: PurchaseOrderIssuedInput): MailContent {
  const revision = input.revision ?? 1;
  if (revision > 1) {
    return renderMail({
      subject: `Change order: purchase order ${input.poNumber} revision ${revision} from ${input.buyerName}`
        .replace(/[\r\n]+/g, " ")
        .trim(),
      greeting: `Hello ${input.supplierName},`,
      paragraphs: [
        `${input.buyerName} has changed purchase order ${input.poNumber}. This change order is revision ${revision}; it replaces the previous revision and totals ${formatMoney(input.total, input.currency)}.`,
        ...(input.changeReason ? [`Reason for the change: ${input.changeReason}`] : []),
        `Revision ${revision} is attached as a PDF. Please review it and acknowledge it again in Quotient; earlier revisions stay readable there.`,
      ],
      action: { label: "Review and acknowledge the change order", url: input.url },
    });
  }
  return renderMail({
    // One line: a line break in a name must not reach the Subject header.
    subject: `Purchase order ${input.poNumber} from ${input.buyerName}`.replace(/[\r\n]+/g, " ").trim(),
    greeting: `Hello ${input.supplierName},`,
    paragraphs: [
      `${input.buyerName} has issued purchase order ${input.poNumber} to you, for a total of ${formatMoney(input.total, input.currency)}.`,
      "The order is attached as a PDF. Please review it and acknowledge it in Quotient.",
    ],
    action: { label: "Review and acknowledge the order", url: input.url },
  });
}
