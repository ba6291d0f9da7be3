/**
 * What sourcing's events add to supplier performance (decision 028), in the
 * event's own transaction: an RFQ closing settles its invitations (answered,
 * or not), an award decides its quotes and prices its awarded lines against
 * the lowest quoted. The counters live in ordering/supplier-performance.server.ts.
 */
import { sql } from "kysely";
import Decimal from "decimal.js";
import type { Trx } from "../../../db/client.server";
import { countPerformance, monthOf } from "../ordering/supplier-performance.server";
import { toDecimal } from "../../utils/money";
import type { Comparison } from "./comparison";

/**
 * Counts the invitations of an RFQ that has just closed: each invited
 * supplier once, answered when it quoted or declined. Answers can change
 * while the RFQ is open (a decline followed by a quote, a withdrawal), so
 * only the close settles them. One statement, whatever the number invited.
 */
export async function countClosedInvitations(trx: Trx, rfqId: string, at: Date): Promise<void> {
  await sql`
    insert into supplier_performance_months as s
      (buyer_org_id, supplier_org_id, month, invitations_closed, invitations_answered)
    select i.buyer_org_id, i.supplier_org_id, ${monthOf(at)}::date,
      count(*), count(*) filter (where i.status in ('submitted', 'declined'))
    from rfq_invitations i
    where i.rfq_id = ${rfqId} and i.supplier_org_id is not null
    group by i.buyer_org_id, i.supplier_org_id
    on conflict (buyer_org_id, supplier_org_id, month) do update
      set invitations_closed = s.invitations_closed + excluded.invitations_closed,
        invitations_answered = s.invitations_answered + excluded.invitations_answered`.execute(trx);
}

/** Ratios are kept to six decimals: plenty for an average shown as a whole percent. */
const RATIO_PLACES = 6;

/**
 * Counts an award: every bidder's quote decided (won when given at least one
 * line), and for each awarded line the awarded goods price over the lowest
 * goods price quoted for it, both converted to the RFQ's currency as the
 * comparison shows them; a line without a comparable price is left out.
 */
export async function countAward(
  trx: Trx,
  args: { buyerOrgId: string; comparison: Comparison; allocation: Map<string, string>; at: Date },
): Promise<void> {
  const { comparison, allocation } = args;
  const month = monthOf(args.at);
  const lowest = new Map<string, Decimal>();
  for (const line of comparison.lines) {
    for (const s of comparison.suppliers) {
      const amount = s.cells[line.id]?.convertedLineTotal;
      if (amount == null) continue;
      const value = toDecimal(amount);
      const best = lowest.get(line.id);
      if (!best || value.lessThan(best)) lowest.set(line.id, value);
    }
  }
  for (const s of comparison.suppliers) {
    let won = false;
    let priceLines = 0;
    let ratioSum = new Decimal(0);
    for (const line of comparison.lines) {
      if (allocation.get(line.id) !== s.supplierOrgId) continue;
      won = true;
      const amount = s.cells[line.id]?.convertedLineTotal;
      const best = lowest.get(line.id);
      if (amount == null || !best || best.isZero()) continue;
      priceLines += 1;
      ratioSum = ratioSum.plus(toDecimal(amount).div(best).toDecimalPlaces(RATIO_PLACES, Decimal.ROUND_HALF_UP));
    }
    await countPerformance(trx, {
      buyerOrgId: args.buyerOrgId,
      supplierOrgId: s.supplierOrgId,
      month,
      add: {
        quotes_decided: 1,
        quotes_won: won ? 1 : 0,
        price_lines: priceLines,
        price_ratio_sum: ratioSum.toFixed(RATIO_PLACES),
      },
    });
  }
}
