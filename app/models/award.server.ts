/**
 * Awarding a closed RFQ to one supplier: the RFQ and every quote move
 * through their machines, a draft PO is made from the winning revision, and
 * every bidder hears the result, all in one transaction. The RFQ row lock
 * makes a second award, also a simultaneous one, find the RFQ awarded.
 */
import type { Db } from "../../db/client.server";
import type { Rfq } from "../../db/schema";
import { enqueueMail } from "../../emails/outbox.server";
import { quoteResultMail } from "../../emails/templates/quote-result";
import { appendAuditEvent } from "../../workflows/audit.server";
import { TransitionRefusedError } from "../../workflows/errors";
import { rfqWorkflow, type RfqContext, type RfqEvent, type RfqStatus } from "../../workflows/rfq.machine";
import { runTransition } from "../../workflows/run-transition.server";
import type { Actor, AppAbility } from "../auth/ability";
import { lineTotal, sum } from "../utils/money";

import { absoluteUrl } from "../env.server";

import { orgRecipients } from "./mail-recipients.server";
import { nextPoNumber } from "./purchase-order.server";
import { transitionQuote } from "./quote.server";
import { loadRfqFor, rfqContext } from "./rfq.server";

export async function awardRfq(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  input: { rfqId: string; supplierOrgId: string; version: number },
  at: Date,
): Promise<{ poId: string; poNumber: string }> {
  await loadRfqFor(db, actor, ability, input.rfqId, "award");
  return db.transaction().execute(async (trx) => {
    // The RFQ's transition locks its row: a second award waits there, then is refused.
    await runTransition<RfqStatus, RfqContext, RfqEvent, Rfq>(trx, {
      workflow: rfqWorkflow,
      table: "rfqs",
      id: input.rfqId,
      expectedVersion: input.version,
      event: { type: "AWARD", at: at.toISOString() },
      actor,
      context: (row) => rfqContext(trx, row),
      changes: () => ({ awarded_at: at }),
      auditData: { supplierOrgId: input.supplierOrgId },
    });
    const rfq = await trx
      .selectFrom("rfqs")
      .innerJoin("organisations", "organisations.id", "rfqs.org_id")
      .where("rfqs.id", "=", input.rfqId)
      .select([
        "rfqs.id",
        "rfqs.title",
        "rfqs.reference",
        "rfqs.currency",
        "rfqs.delivery_address",
        "rfqs.org_id",
        "organisations.name as buyerName",
      ])
      .executeTakeFirstOrThrow();

    const quotes = await trx
      .selectFrom("quotes")
      .where("rfq_id", "=", input.rfqId)
      .where("status", "=", "submitted")
      .select(["id", "supplier_org_id", "current_revision"])
      .execute();
    const winner = quotes.find((q) => q.supplier_org_id === input.supplierOrgId);
    if (!winner) throw new TransitionRefusedError("That supplier has no submitted quote on this RFQ to award.");

    for (const quote of quotes) {
      // Each quote is decided as part of the RFQ's own closed -> awarded step.
      await transitionQuote(
        trx,
        actor,
        quote.id,
        { type: quote.id === winner.id ? "AWARD" : "NOT_AWARD" },
        {},
        { rfqStatus: "closed" },
      );
    }
    const revision = await trx
      .selectFrom("quote_revisions")
      .where("quote_id", "=", winner.id)
      .where("revision", "=", winner.current_revision)
      .selectAll()
      .executeTakeFirstOrThrow();
    const lines = await trx
      .selectFrom("quote_lines")
      .innerJoin("rfq_lines", "rfq_lines.id", "quote_lines.rfq_line_id")
      .where("quote_lines.revision_id", "=", revision.id)
      .where("quote_lines.no_bid", "=", false)
      .select([
        "rfq_lines.id as rfqLineId",
        "rfq_lines.position",
        "rfq_lines.item_name",
        "rfq_lines.specification",
        "rfq_lines.quantity",
        "rfq_lines.unit",
        "quote_lines.unit_price",
      ])
      .orderBy("rfq_lines.position")
      .execute();

    const number = await nextPoNumber(trx, rfq.org_id, at.getUTCFullYear());
    const priced = lines.map((l, index) => ({
      ...l,
      position: index + 1,
      total: lineTotal(l.quantity, l.unit_price as string, revision.currency),
    }));
    const subtotal = sum(
      priced.map((l) => l.total),
      revision.currency,
    );
    const po = await trx
      .insertInto("purchase_orders")
      .values({
        number,
        buyer_org_id: rfq.org_id,
        supplier_org_id: input.supplierOrgId,
        rfq_id: rfq.id,
        quote_revision_id: revision.id,
        currency: revision.currency,
        subtotal,
        tax_total: "0.00",
        total: subtotal,
        delivery_address: rfq.delivery_address,
        payment_terms: revision.payment_terms,
        incoterm: revision.incoterm,
        created_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("purchase_order_lines")
      .values(
        priced.map((l) => ({
          po_id: po.id,
          position: l.position,
          rfq_line_id: l.rfqLineId,
          item_name: l.item_name,
          specification: l.specification,
          quantity: l.quantity,
          unit: l.unit,
          unit_price: l.unit_price as string,
          line_total: l.total,
        })),
      )
      .execute();
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "purchase_order",
      entityId: po.id,
      event: "CREATE",
      toState: "draft",
      data: { from: "award", rfqId: rfq.id, quoteRevisionId: revision.id, number },
    });

    // Each bidder learns its own result, never a competitor's name or price.
    for (const quote of quotes) {
      for (const recipient of await orgRecipients(trx, quote.supplier_org_id, ["supplier"])) {
        await enqueueMail(trx, {
          orgId: quote.supplier_org_id,
          to: recipient.email,
          ...quoteResultMail({
            recipientName: recipient.name,
            buyerName: rfq.buyerName,
            title: rfq.title,
            reference: rfq.reference,
            awarded: quote.id === winner.id,
            url: absoluteUrl(`/rfqs/${rfq.id}`),
          }),
        });
      }
    }
    return { poId: po.id, poNumber: number };
  });
}
