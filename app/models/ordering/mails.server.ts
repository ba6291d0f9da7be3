/**
 * Who is told of a purchase order's events, through the one `notify`
 * (a notification in the app, and the mail unless the person turned it off),
 * in the caller's transaction.
 */
import type { PurchaseOrder } from "../../../db/schema";
import { approvalNeededMail } from "../../../emails/templates/approval-needed";
import { purchaseOrderIssuedMail } from "../../../emails/templates/purchase-order-issued";
import { sentenceMail, type MailContent } from "../../../emails/templates/layout";
import type { MailReader } from "../../../emails/templates/reader";
import { msg, msgWith } from "../../i18n/config";
import { linkTo, notify, type Person } from "../shared/notify.server";
import type { NotificationKind } from "../shared/notification-kinds";
import type { Trx } from "../../../db/client.server";

/** Finance of the buying organisation, except those who may not decide (creator, change author), is asked to approve. */
export async function mailApprovers(
  trx: Trx,
  po: { id: string; buyer_org_id: string; number: string; total: string; currency: string },
  excluded: readonly string[],
  at: Date,
) {
  const path = `/pos/${po.id}`;
  await notify(trx, {
    kind: "po_approval_needed",
    audience: { orgId: po.buyer_org_id, roles: ["finance"] },
    except: excluded,
    path,
    // The mail's own sentence, said in each reader's words and formats where it is shown.
    text: msgWith("Purchase order {{number}} for {{total}} is waiting for your approval.", {
      number: po.number,
      total: { money: po.total, currency: po.currency },
    }),
    mail: (approver, reader) =>
      approvalNeededMail(
        {
          recipientName: approver.name,
          poNumber: po.number,
          total: po.total,
          currency: po.currency,
          url: linkTo(path),
        },
        reader,
      ),
    at,
  });
}

/** The person who raised the PO (or the change order), who is the one to act on what happened to it. */
export async function mailBuyer(
  trx: Trx,
  po: Pick<PurchaseOrder, "id" | "buyer_org_id" | "created_by">,
  event: {
    kind: NotificationKind;
    text: string;
    mail: (recipient: Person, reader: MailReader) => MailContent;
    at: Date;
    actorId?: string;
    userId?: string;
  },
) {
  await notify(trx, {
    kind: event.kind,
    audience: { orgId: po.buyer_org_id, userIds: [event.userId ?? po.created_by] },
    actorId: event.actorId,
    path: `/pos/${po.id}`,
    text: event.text,
    mail: event.mail,
    at: event.at,
  });
}

/**
 * The supplier's users get the PO (or its new revision) with the PDF, rendered when the mail is sent;
 * the buyer who raised it (or the change) learns it went out, and who approved it when an approval
 * let it go (unless they issued it themselves).
 */
export async function mailIssuedPo(trx: Trx, id: string, at: Date, actorId: string, approved: boolean) {
  const po = await trx
    .selectFrom("purchase_orders")
    .innerJoin("organisations as buyer", "buyer.id", "purchase_orders.buyer_org_id")
    .innerJoin("organisations as supplier", "supplier.id", "purchase_orders.supplier_org_id")
    .where("purchase_orders.id", "=", id)
    .select([
      "purchase_orders.number",
      "purchase_orders.total",
      "purchase_orders.currency",
      "purchase_orders.buyer_org_id",
      "purchase_orders.supplier_org_id",
      "purchase_orders.created_by",
      "purchase_orders.revised_by",
      "purchase_orders.revision",
      "purchase_orders.change_reason",
      "buyer.name as buyerName",
      "supplier.name as supplierName",
    ])
    .executeTakeFirstOrThrow();
  const path = `/pos/${id}`;
  const total = { money: po.total, currency: po.currency };
  const change = po.revision > 1;
  await notify(trx, {
    kind: change ? "change_order" : "po_issued",
    audience: { orgId: po.supplier_org_id, roles: ["supplier"] },
    path,
    text: change
      ? msgWith(
          "{{buyer}} changed purchase order {{number}}: revision {{revision}}, {{total}}, to acknowledge again.",
          {
            buyer: po.buyerName,
            number: po.number,
            revision: po.revision,
            total,
          },
        )
      : msgWith("{{buyer}} has issued purchase order {{number}} to you, for a total of {{total}}.", {
          buyer: po.buyerName,
          number: po.number,
          total,
        }),
    mail: (_person, reader) =>
      purchaseOrderIssuedMail(
        {
          poNumber: po.number,
          buyerName: po.buyerName,
          supplierName: po.supplierName,
          total: po.total,
          currency: po.currency,
          url: linkTo(path),
          revision: po.revision,
          changeReason: po.change_reason,
        },
        reader,
      ),
    attachments: [{ kind: "purchase_order_pdf", poId: id }],
    at,
  });
  // A PO the requisition ordering run placed was raised by no buyer: its requesters hear of it on their
  // requisitions (which they may read), not on the PO (which they may not).
  const fromRequisitions = await trx
    .selectFrom("requisition_lines")
    .where("po_id", "=", id)
    .select("id")
    .executeTakeFirst();
  if (fromRequisitions && !change) return;
  const approver = approved
    ? await trx.selectFrom("users").where("id", "=", actorId).select("name").executeTakeFirstOrThrow()
    : null;
  const values = {
    number: po.number,
    revision: po.revision,
    total,
    approver: approver?.name ?? "",
    supplier: po.supplierName,
  };
  const subject = change
    ? approver
      ? msgWith("Approved and issued: {{number}} revision {{revision}}", values)
      : msgWith("Issued: {{number}} revision {{revision}}", values)
    : approver
      ? msgWith("Approved and issued: {{number}}", values)
      : msgWith("Issued: {{number}}", values);
  // The notification and the mail say the same sentence, each in its reader's words.
  const text = change
    ? approver
      ? msgWith(
          "Revision {{revision}} of purchase order {{number}} ({{total}}) was approved by {{approver}} and was issued to {{supplier}}.",
          values,
        )
      : msgWith("Revision {{revision}} of purchase order {{number}} ({{total}}) was issued to {{supplier}}.", values)
    : approver
      ? msgWith(
          "Purchase order {{number}} ({{total}}) was approved by {{approver}} and was issued to {{supplier}}.",
          values,
        )
      : msgWith("Purchase order {{number}} ({{total}}) was issued to {{supplier}}.", values);
  await notify(trx, {
    kind: approver ? "po_approved" : "po_issued",
    audience: { orgId: po.buyer_org_id, userIds: [change ? (po.revised_by ?? po.created_by) : po.created_by] },
    actorId,
    path,
    text,
    mail: (person, reader) =>
      sentenceMail(
        { recipientName: person.name, subject, text, url: linkTo(path) },
        msg("Open the purchase order"),
        reader,
      ),
    at,
  });
}
