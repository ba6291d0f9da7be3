/**
 * Requesters hear when goods they asked for are received and when they are
 * invoiced. Receipts and invoices live in fulfilment, which may import only
 * ordering and shared, and requisitions sit above ordering: so the hook is a
 * query here over `requisition_lines` by PO line (the table is plain data to
 * this stage, as it is to `mails.server.ts`), not a call into requisitions.
 * An event bus the requisitions stage listens on would need a registration
 * step every entry point (server, jobs, tests) must remember; a forgotten
 * one would silently tell nobody. The message points at the requisition,
 * which the requester may read, never at the PO, which it may not.
 */
import type { Trx } from "../../../db/client.server";
import { sentenceMail } from "../../../emails/templates/layout";
import { msg, msgWith } from "../../i18n/config";
import { linkTo, notify } from "../shared/notify.server";

export type RequesterNews = "requisition_received" | "requisition_invoiced";

/**
 * Tells each requester whose requisition lines sit on the given PO lines, once
 * per requisition, in the app and by mail. Lines a reorder rule raised have
 * no requester and tell nobody. Returns how many requisitions were told of.
 */
export async function tellRequestersOfPoLines(
  trx: Trx,
  {
    poId,
    poLineIds,
    kind,
    actorId,
    at,
  }: { poId: string; poLineIds: readonly string[]; kind: RequesterNews; actorId: string | null; at: Date },
): Promise<number> {
  if (poLineIds.length === 0) return 0;
  const lines = await trx
    .selectFrom("requisition_lines as l")
    .innerJoin("requisitions as r", "r.id", "l.requisition_id")
    .innerJoin("purchase_orders as po", "po.id", "l.po_id")
    .where("l.po_id", "=", poId)
    .where("l.po_line_id", "in", [...poLineIds])
    .where("l.status", "!=", "cancelled")
    .where("r.requested_by", "is not", null)
    .select([
      "l.item_name as itemName",
      "l.position",
      "r.id as requisitionId",
      "r.number as requisitionNumber",
      "r.org_id as orgId",
      "r.requested_by as requestedBy",
      "po.number as poNumber",
    ])
    .orderBy("r.number")
    .orderBy("l.position")
    .execute();
  const byRequisition = new Map<string, typeof lines>();
  for (const l of lines) byRequisition.set(l.requisitionId, [...(byRequisition.get(l.requisitionId) ?? []), l]);
  for (const [requisitionId, own] of byRequisition) {
    const first = own[0];
    if (!first.requestedBy) continue;
    const path = `/requisitions/${requisitionId}`;
    const items = own.map((l) => l.itemName).join(", ");
    const values = { items, number: first.requisitionNumber, po: first.poNumber };
    const received = kind === "requisition_received";
    // The notification and the mail say the same sentence, each in its reader's words.
    const text = received
      ? msgWith("{{items}} of your requisition {{number}} were received (purchase order {{po}}).", values)
      : msgWith("{{items}} of your requisition {{number}} were invoiced (purchase order {{po}}).", values);
    const subject = received ? msgWith("Received: {{number}}", values) : msgWith("Invoiced: {{number}}", values);
    await notify(trx, {
      kind,
      audience: { orgId: first.orgId, userIds: [first.requestedBy] },
      actorId,
      path,
      text,
      mail: (person, reader) =>
        sentenceMail(
          { recipientName: person.name, subject, text, url: linkTo(path) },
          msg("Open the requisition"),
          reader,
        ),
      at,
    });
  }
  return byRequisition.size;
}
