/**
 * What a bidder reads of the award on its RFQ page: the lines it won (as
 * the result mail lists them) and its purchase orders once it may open
 * them (issued). Only its own quote and orders, through its own rules: the
 * other bidders' lines and orders are never named.
 */
import { accessibleWhere } from "../../auth/accessible.server";
import { type Ctx } from "../shared/context.server";

export async function getOwnAward(ctx: Ctx, { rfqId }: { rfqId: string }) {
  const { db, ability } = ctx;
  const quotes = accessibleWhere(ability, "quote", "Quote");
  // The buying side reads the whole award in its own panel; this is the bidder's view.
  if (!quotes) return null;
  const quote = await db
    .selectFrom("quotes")
    .where((eb) => quotes(eb))
    .where("quotes.rfq_id", "=", rfqId)
    .where("quotes.status", "in", ["awarded", "partially_awarded"])
    .select(["quotes.supplier_org_id", "quotes.status"])
    .executeTakeFirst();
  if (!quote) return null;
  const readable = accessibleWhere(ability, "read", "PurchaseOrder");
  const [lines, orders] = await Promise.all([
    db
      .selectFrom("purchase_order_lines")
      .innerJoin("purchase_orders", "purchase_orders.id", "purchase_order_lines.po_id")
      .innerJoin("rfq_lines", "rfq_lines.id", "purchase_order_lines.rfq_line_id")
      .where("purchase_orders.rfq_id", "=", rfqId)
      .where("purchase_orders.supplier_org_id", "=", quote.supplier_org_id)
      .where("purchase_order_lines.kind", "=", "item")
      .select(["rfq_lines.id", "rfq_lines.position", "rfq_lines.item_name", "rfq_lines.quantity", "rfq_lines.unit"])
      .orderBy("rfq_lines.position")
      .execute(),
    readable
      ? db
          .selectFrom("purchase_orders")
          .where((eb) => readable(eb))
          .where("purchase_orders.rfq_id", "=", rfqId)
          .select(["purchase_orders.id", "purchase_orders.number"])
          .orderBy("purchase_orders.number")
          .execute()
      : [],
  ]);
  // A line split over revisions appears once.
  const won = [...new Map(lines.map((l) => [l.id, l])).values()];
  const purchaseOrders: { id: string; number: string }[] = orders;
  return { partial: quote.status === "partially_awarded", lines: won, purchaseOrders };
}
