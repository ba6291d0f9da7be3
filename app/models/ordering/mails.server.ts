/**
 * Who is told of a purchase order's events, through the one `notify`
 * (a notification in the app, and the mail unless the person turned it off),
 * in the caller's transaction.
 */
import type { PurchaseOrder } from "../../../db/schema";
import { approvalNeededMail } from "../../../emails/templates/approval-needed";
import { purchaseOrderUpdateMail } from "../../../emails/templates/purchase-order-events";
import { purchaseOrderIssuedMail } from "../../../emails/templates/purchase-order-issued";
import type { MailContent } from "../../../emails/templates/layout";
import type { MailReader } from "../../../emails/templates/reader";
import { formatMoney } from "../../utils/money";
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
    text: `Purchase order ${po.number} for ${formatMoney(po.total, po.currency)} waits for your approval.`,
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
  const total = formatMoney(po.total, po.currency);
  const change = po.revision > 1;
  await notify(trx, {
    kind: change ? "change_order" : "po_issued",
    audience: { orgId: po.supplier_org_id, roles: ["supplier"] },
    path,
    text: change
      ? `${po.buyerName} changed purchase order ${po.number}: revision ${po.revision}, ${total}, to acknowledge again.`
      : `${po.buyerName} issued purchase order ${po.number} to you (${total}).`,
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
  const what = change ? `Revision ${po.revision} of purchase order ${po.number}` : `Purchase order ${po.number}`;
  const text = `${what} (${total}) ${approver ? `was approved by ${approver.name} and ` : ""}was issued to ${po.supplierName}.`;
  await notify(trx, {
    kind: approver ? "po_approved" : "po_issued",
    audience: { orgId: po.buyer_org_id, userIds: [change ? (po.revised_by ?? po.created_by) : po.created_by] },
    actorId,
    path,
    text,
    mail: (person, reader) => {
      const { t, format } = reader;
      const values = {
        number: po.number,
        revision: po.revision,
        total: format.money(po.total, po.currency),
        approver: approver?.name ?? "",
        supplier: po.supplierName,
      };
      const subject = change
        ? approver
          ? t("Approved and issued: {{number}} revision {{revision}}", values)
          : t("Issued: {{number}} revision {{revision}}", values)
        : approver
          ? t("Approved and issued: {{number}}", values)
          : t("Issued: {{number}}", values);
      const told = change
        ? approver
          ? t(
              "Revision {{revision}} of purchase order {{number}} ({{total}}) was approved by {{approver}} and was issued to {{supplier}}.",
              values,
            )
          : t("Revision {{revision}} of purchase order {{number}} ({{total}}) was issued to {{supplier}}.", values)
        : approver
          ? t(
              "Purchase order {{number}} ({{total}}) was approved by {{approver}} and was issued to {{supplier}}.",
              values,
            )
          : t("Purchase order {{number}} ({{total}}) was issued to {{supplier}}.", values);
      return purchaseOrderUpdateMail({ recipientName: person.name, subject, text: told, url: linkTo(path) }, reader);
    },
    at,
  });
}
