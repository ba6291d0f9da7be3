import { formatMoney } from "../../app/utils/money";

import { renderMail, type MailContent } from "./layout";

export function approvalNeededMail(input: {
  recipientName: string;
  poNumber: string;
  total: string;
  currency: string;
  url: string;
}): MailContent {
  return renderMail({
    subject: `Approval needed: ${input.poNumber}`,
    greeting: `Hello ${input.recipientName},`,
    paragraphs: [
      `Purchase order ${input.poNumber} for ${formatMoney(input.total, input.currency)} is waiting for your approval.`,
    ],
    action: { label: "Review the purchase order", url: input.url },
  });
}
