/**
 * What the call-offs of an agreement have consumed: per item in quantity,
 * and in value, from the call-off POs that still stand (a cancelled or
 * declined PO gives its quantity back). Read inside the call-off's
 * transaction after the agreement's row lock, so two call-offs never both
 * see the room only one of them may take.
 */
import type { Db } from "../../../db/client.server";
import type { PurchaseOrderStatus } from "../../../workflows/purchase-order.machine";
import { sum, toDecimal } from "../../utils/money";

/** A call-off in these states no longer takes anything from the agreement. */
export const RELEASED_PO_STATUSES = ["cancelled", "declined"] as const satisfies readonly PurchaseOrderStatus[];

export interface Consumption {
  /** Quantity ordered per agreement item id. */
  byItem: Map<string, string>;
  /** Value of every standing call-off, in the agreement's currency. */
  value: string;
}

export async function consumptionOf(db: Db, agreementId: string, currency: string): Promise<Consumption> {
  const rows = await db
    .selectFrom("purchase_order_lines")
    .innerJoin("purchase_orders", "purchase_orders.id", "purchase_order_lines.po_id")
    .where("purchase_orders.agreement_id", "=", agreementId)
    .where("purchase_orders.status", "not in", [...RELEASED_PO_STATUSES])
    .where("purchase_order_lines.agreement_item_id", "is not", null)
    .select([
      "purchase_order_lines.agreement_item_id as itemId",
      (eb) => eb.fn.sum<string>("purchase_order_lines.quantity").as("quantity"),
      (eb) => eb.fn.sum<string>("purchase_order_lines.line_total").as("value"),
    ])
    .groupBy("purchase_order_lines.agreement_item_id")
    .execute();
  const byItem = new Map<string, string>();
  for (const r of rows) byItem.set(r.itemId as string, toDecimal(r.quantity).toString());
  return {
    byItem,
    value: sum(
      rows.map((r) => r.value),
      currency,
    ),
  };
}

/** The standing call-offs, oldest first: the page's list and its chart's points. */
export async function callOffsOf(db: Db, agreementId: string) {
  return db
    .selectFrom("purchase_orders")
    .where("agreement_id", "=", agreementId)
    .select(["id", "number", "status", "total", "currency", "created_at"])
    .orderBy("created_at")
    .orderBy("number")
    .execute();
}
