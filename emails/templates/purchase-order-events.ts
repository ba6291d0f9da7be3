/**
 * Mails about a purchase order after it was submitted: rejected by finance
 * (to the buyer who raised it, or who made the rejected change order), declined by the supplier (to the buyer),
 * cancelled by the buyer (to the supplier, when it had been issued).
 */
import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

interface PoMailInput {
  recipientName: string;
  poNumber: string;
  reason: string;
  url: string;
}

export function purchaseOrderRejectedMail(
  input: PoMailInput & { approverName: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: t("Rejected: {{number}}", { number: input.poNumber }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{approver}} rejected purchase order {{number}}.", { approver: input.approverName, number: input.poNumber }),
        t("Reason: {{reason}}", { reason: input.reason }),
        t("You can revise the purchase order and submit it for approval again."),
      ],
      action: { label: t("Open the purchase order"), url: input.url },
    },
    reader,
  );
}

/** A change order finance rejected: the PO is back at the revision the supplier has. */
export function purchaseOrderChangeRejectedMail(
  input: PoMailInput & { approverName: string; revision: number; previousRevision: number },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const values = { approver: input.approverName, number: input.poNumber, revision: input.revision };
  return renderMail(
    {
      subject: t("Change order rejected: {{number}} revision {{revision}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{approver}} rejected your change order to purchase order {{number}} (revision {{revision}}).", values),
        t("Reason: {{reason}}", { reason: input.reason }),
        t(
          "The purchase order is back at revision {{previous}}, as the supplier has it. You can make a new change order.",
          { previous: input.previousRevision },
        ),
      ],
      action: { label: t("Open the purchase order"), url: input.url },
    },
    reader,
  );
}

export function purchaseOrderDeclinedMail(
  input: PoMailInput & { supplierName: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const values = { supplier: input.supplierName, number: input.poNumber };
  return renderMail(
    {
      subject: t("Declined by {{supplier}}: {{number}}", values),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{supplier}} declined purchase order {{number}}.", values),
        t("Reason: {{reason}}", { reason: input.reason }),
      ],
      action: { label: t("Open the purchase order"), url: input.url },
    },
    reader,
  );
}

export function purchaseOrderCancelledMail(
  input: PoMailInput & { buyerName: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: t("Cancelled: {{number}}", { number: input.poNumber }),
      greeting: greeting(reader, input.recipientName),
      paragraphs: [
        t("{{buyer}} cancelled purchase order {{number}}. Please do not ship it.", {
          buyer: input.buyerName,
          number: input.poNumber,
        }),
        t("Reason: {{reason}}", { reason: input.reason }),
      ],
      action: { label: t("Open the purchase order"), url: input.url },
    },
    reader,
  );
}
