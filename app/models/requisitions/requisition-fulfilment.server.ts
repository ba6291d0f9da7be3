/**
 * An award's POs fulfil the requisition lines its RFQ was made from (the
 * sourcing queue wrote each RFQ line back to its requisition line): each
 * line gets its PO and PO line and is ordered, its requisition moves on,
 * and its requester hears the PO number. Called by sourcing in the award's
 * own transaction.
 */
import type { Trx } from "../../../db/client.server";
import { msgWith } from "../../i18n/config";

import { AUTOMATIC, progressRequisition, tellRequester } from "./requisition.server";

export async function fulfilFromAward(trx: Trx, { poIds, at }: { poIds: string[]; at: Date }): Promise<number> {
  if (poIds.length === 0) return 0;
  const matches = await trx
    .selectFrom("purchase_order_lines as pol")
    .innerJoin("purchase_orders as po", "po.id", "pol.po_id")
    .innerJoin("requisition_lines as l", "l.rfq_line_id", "pol.rfq_line_id")
    .innerJoin("requisitions as r", "r.id", "l.requisition_id")
    .where("pol.po_id", "in", poIds)
    .where("l.status", "=", "sourcing")
    .select([
      "l.id",
      "l.item_name as itemName",
      "pol.id as poLineId",
      "po.id as poId",
      "po.number as poNumber",
      "r.id as requisitionId",
      "r.number as requisitionNumber",
      "r.org_id as orgId",
      "r.requested_by as requestedBy",
    ])
    .execute();
  for (const m of matches) {
    await trx
      .updateTable("requisition_lines")
      .set({ status: "ordered", po_id: m.poId, po_line_id: m.poLineId })
      .where("id", "=", m.id)
      .execute();
  }
  const byRequisition = new Map<string, typeof matches>();
  for (const m of matches) byRequisition.set(m.requisitionId, [...(byRequisition.get(m.requisitionId) ?? []), m]);
  for (const [requisitionId, lines] of byRequisition) {
    const first = lines[0];
    await tellRequester(
      trx,
      { id: requisitionId, org_id: first.orgId, number: first.requisitionNumber, requested_by: first.requestedBy },
      {
        kind: "requisition_ordered",
        subject: msgWith("Ordered: {{number}}", { number: first.requisitionNumber }),
        text: msgWith("The buyers awarded what you asked for in requisition {{number}}: {{lines}}.", {
          number: first.requisitionNumber,
          // Each line by what people typed and its order's number: data and codes, nothing to translate.
          lines: lines.map((l) => `${l.itemName} (${l.poNumber})`).join(", "),
        }),
        at,
      },
    );
    await progressRequisition(trx, { userId: null, orgId: first.orgId }, requisitionId, at, {
      automatic: AUTOMATIC.ordering,
    });
  }
  return matches.length;
}
