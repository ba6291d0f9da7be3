/**
 * An invoice's history in words for its page: submitted, matched (or
 * disputed, with the differences), resubmitted, approved, paid, and for the
 * buying organisation the payment holds on its supplier that fell in the
 * invoice's life. The caller has already loaded the invoice through its
 * ability; the holds are the buying organisation's own business, so a
 * supplier never reads them here.
 */
import type { Selectable } from "kysely";

import type { InvoicesTable } from "../../../db/schema";
import type { Ctx } from "../shared/context.server";
import { describeTimeline, type TimelineEntry, type TimelineEvent } from "../shared/timeline";

export async function invoiceTimeline(
  ctx: Pick<Ctx, "db" | "actor">,
  invoice: Pick<Selectable<InvoicesTable>, "id" | "invoice_number" | "buyer_org_id" | "supplier_org_id" | "created_at">,
): Promise<TimelineEntry[]> {
  const { db, actor } = ctx;
  const own = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_id")
    .where("audit_events.entity_type", "=", "invoice")
    .where("audit_events.entity_id", "=", invoice.id)
    .select([
      "audit_events.id",
      "audit_events.event",
      "audit_events.to_state",
      "audit_events.data",
      "audit_events.created_at",
      "users.name as actorName",
    ])
    .orderBy("audit_events.id")
    .execute();
  const events: TimelineEvent[] = own.map((e) => ({
    ...e,
    entityType: "invoice",
    data: { ...(e.data ?? {}), invoiceNumber: invoice.invoice_number },
  }));
  if (actor.orgId === invoice.buyer_org_id) events.push(...(await holdEvents(ctx, invoice)));
  return describeTimeline(events);
}

/**
 * The holds on payments to the invoice's supplier that mattered while it
 * waited: those still open when it was submitted or begun since, each with
 * its release when there was one.
 */
async function holdEvents(
  { db }: Pick<Ctx, "db">,
  invoice: Pick<Selectable<InvoicesTable>, "buyer_org_id" | "supplier_org_id" | "created_at">,
): Promise<TimelineEvent[]> {
  const holds = await db
    .selectFrom("bank_change_acknowledgements as hold")
    .innerJoin("organisations as supplier", "supplier.id", "hold.supplier_org_id")
    .leftJoin("users", "users.id", "hold.acknowledged_by")
    .where("hold.buyer_org_id", "=", invoice.buyer_org_id)
    .where("hold.supplier_org_id", "=", invoice.supplier_org_id)
    .where((eb) => eb.or([eb("hold.acknowledged_at", "is", null), eb("hold.acknowledged_at", ">", invoice.created_at)]))
    .select([
      "hold.id",
      "hold.created_at",
      "hold.acknowledged_at",
      "supplier.name as supplierName",
      "users.name as acknowledgedBy",
    ])
    .orderBy("hold.created_at")
    .execute();
  return holds.flatMap((h) => {
    const data = { supplierName: h.supplierName };
    const held: TimelineEvent = {
      id: `${h.id}:held`,
      created_at: h.created_at,
      actorName: null,
      entityType: "payment_hold",
      event: "PAYMENTS_HELD",
      to_state: null,
      data,
    };
    if (!h.acknowledged_at) return [held];
    return [
      held,
      {
        id: `${h.id}:released`,
        created_at: h.acknowledged_at,
        actorName: h.acknowledgedBy,
        entityType: "payment_hold",
        event: "BANK_CHANGE_ACKNOWLEDGED",
        to_state: null,
        data,
      },
    ];
  });
}
