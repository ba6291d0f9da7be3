/**
 * The ordering run: approved catalogue lines become call-off POs without a
 * buyer. One PO per agreement (so per supplier) and ship-to site, gathering
 * the open lines of every approved requisition of the organisation whose
 * wanted-by dates fall in the same window (CONSOLIDATION_DAYS from the
 * earliest), once the earliest of them is due: its wanted-by date lies
 * within the agreement's lead time plus one window from today. Lines wanted
 * later wait (still "approved") for the run that approval, or the periodic
 * job, makes on a later day, so requisitions approved days apart still
 * share one PO. docs/decisions/030-requisitions.md.
 *
 * Each PO is a call-off (agreements/call-off.server.ts): priced by the price
 * break the consolidated quantity earns, counted against the caps. A cap the
 * order would pass leaves the lines concerned open with the reason on them;
 * the others are ordered. The PO then goes through the organisation's PO
 * approval policy, and is issued and mailed to the supplier at once when no
 * tier applies.
 */
import Decimal from "decimal.js";
import { sql } from "kysely";

import type { Db, Trx } from "../../../db/client.server";
import { auditedAsAutomatic } from "../../../workflows/audit.server";
import { TransitionRefusedError } from "../../../workflows/errors";
import { defineAbilityFor } from "../../auth/ability";
import { DEFAULT_LOCALE, msg, msgWith, translated } from "../../i18n/config";
import { translatorFor } from "../../i18n/translator";
import { FormError } from "../../utils/errors";
import { callOff } from "../agreements/call-off.server";
import { submitPo } from "../ordering/approval.server";
import type { TrxCtx } from "../shared/context.server";

import { AUTOMATIC, progressRequisition, tellRequester } from "./requisition.server";

/** Lines wanted within this many days of the earliest due one share its PO. */
export const CONSOLIDATION_DAYS = 7;

const DAY_MS = 86_400_000;
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

interface OpenLine {
  id: string;
  requisitionId: string;
  requisitionNumber: string;
  requestedBy: string | null;
  agreementItemId: string;
  agreementId: string;
  leadTimeDays: number;
  quantity: string;
  wantedBy: string;
  shipToId: string | null;
  deliveryAddress: string;
  itemName: string;
}

/**
 * Orders every due open catalogue line of the organisation's approved
 * requisitions, in the caller's transaction. Runs one at a time per
 * organisation (a transaction-scoped advisory lock), so two approvals at
 * once never order the same line twice. Returns the POs placed.
 */
export async function orderDueLines(
  trx: Trx,
  { orgId, now }: { orgId: string; now: Date },
): Promise<{ poId: string; poNumber: string }[]> {
  await sql`select pg_advisory_xact_lock(hashtext(${`requisition-ordering:${orgId}`}))`.execute(trx);
  const today = now.toISOString().slice(0, 10);
  const lines: OpenLine[] = await trx
    .selectFrom("requisition_lines as l")
    .innerJoin("requisitions as r", "r.id", "l.requisition_id")
    .innerJoin("agreement_items as i", "i.id", "l.agreement_item_id")
    .innerJoin("agreements as a", "a.id", "i.agreement_id")
    .where("r.org_id", "=", orgId)
    .where("r.status", "in", ["approved", "sourcing", "ordered"])
    .where("l.status", "=", "open")
    .select([
      "l.id",
      "l.requisition_id as requisitionId",
      "r.number as requisitionNumber",
      "r.requested_by as requestedBy",
      sql<string>`l.agreement_item_id`.as("agreementItemId"),
      "a.id as agreementId",
      "a.lead_time_days as leadTimeDays",
      "l.quantity",
      sql<string>`l.wanted_by::text`.as("wantedBy"),
      "l.ship_to_address_id as shipToId",
      "l.delivery_address as deliveryAddress",
      "l.item_name as itemName",
    ])
    .orderBy("l.wanted_by")
    .orderBy("l.id")
    .execute();

  const groups = new Map<string, OpenLine[]>();
  for (const line of lines) {
    const key = `${line.agreementId}|${line.shipToId ?? line.deliveryAddress}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const placed: { poId: string; poNumber: string }[] = [];
  for (const group of groups.values()) {
    let remaining = group;
    // Sorted by wanted-by: the first line is the one due soonest.
    while (
      remaining.length > 0 &&
      remaining[0].wantedBy <= addDays(today, remaining[0].leadTimeDays + CONSOLIDATION_DAYS)
    ) {
      const windowEnd = addDays(remaining[0].wantedBy, CONSOLIDATION_DAYS);
      const batch = remaining.filter((l) => l.wantedBy <= windowEnd);
      remaining = remaining.filter((l) => l.wantedBy > windowEnd);
      const po = await placeOrder(trx, orgId, batch, now);
      if (po) placed.push(po);
    }
  }
  return placed;
}

/**
 * Who answers for an automatic PO: the requester of its first line (so
 * separation of duties keeps them from approving it), or for a reorder rule's
 * requisition whoever approved it, or else the organisation's first buyer.
 */
async function answerableFor(trx: Trx, orgId: string, line: OpenLine): Promise<string | null> {
  if (line.requestedBy) return line.requestedBy;
  const approver = await trx
    .selectFrom("requisition_approvals")
    .where("requisition_id", "=", line.requisitionId)
    .where("decision", "=", "approved")
    .select("approver_id")
    .orderBy("created_at")
    .executeTakeFirst();
  if (approver) return approver.approver_id;
  const buyer = await trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.org_id", "=", orgId)
    .where("memberships.role", "=", "buyer")
    .where("users.disabled_at", "is", null)
    .select("users.id")
    .orderBy("memberships.created_at")
    .executeTakeFirst();
  return buyer?.id ?? null;
}

async function hold(trx: Trx, lines: OpenLine[], reason: string) {
  if (lines.length === 0) return;
  await trx
    .updateTable("requisition_lines")
    // Kept as the buyers' record reads it: a call-off's refusal arrives as a catalogue key with its values.
    .set({ hold_reason: translated(translatorFor(DEFAULT_LOCALE), reason) })
    .where(
      "id",
      "in",
      lines.map((l) => l.id),
    )
    .execute();
}

/** One call-off for the batch; lines a cap refuses are held with the reason and the rest ordered. */
async function placeOrder(
  trx: Trx,
  orgId: string,
  batch: OpenLine[],
  now: Date,
): Promise<{ poId: string; poNumber: string } | null> {
  const createdBy = await answerableFor(trx, orgId, batch[0]);
  if (!createdBy) {
    await hold(
      trx,
      batch,
      msg("Nobody in the organisation can answer for a purchase order: ask an admin to name a buyer."),
    );
    return null;
  }
  // The ordering run acts for the organisation's buying side, answering in the PO's name for its requester.
  const actor = { userId: createdBy, orgId, roles: ["buyer" as const] };
  const ctx: TrxCtx = { db: trx, actor, ability: defineAbilityFor(actor), now };
  const items: string[] = [];
  const quantities = new Map<string, Decimal>();
  for (const line of batch) {
    if (!quantities.has(line.agreementItemId)) items.push(line.agreementItemId);
    quantities.set(line.agreementItemId, (quantities.get(line.agreementItemId) ?? new Decimal(0)).plus(line.quantity));
  }
  const cause = { automatic: AUTOMATIC.ordering, agreementId: batch[0].agreementId };
  await sql`savepoint requisition_call_off`.execute(trx);
  try {
    // The PO's history names the ordering run and its agreement, never the requester, who did not act.
    const { poId, poNumber } = await auditedAsAutomatic(cause, () =>
      callOff(ctx, {
        agreementId: batch[0].agreementId,
        key: batch[0].id,
        deliveryDate: batch[0].wantedBy,
        lines: items.map((itemId) => ({ itemId, quantity: quantities.get(itemId)?.toString() })),
      }),
    );
    await sql`release savepoint requisition_call_off`.execute(trx);
    await auditedAsAutomatic(cause, () => fulfil(trx, ctx, batch, { poId, poNumber }));
    return { poId, poNumber };
  } catch (error) {
    if (!(error instanceof FormError) && !(error instanceof TransitionRefusedError)) throw error;
    await sql`rollback to savepoint requisition_call_off`.execute(trx);
    if (error instanceof FormError) {
      const refusedItems = new Set<string>();
      for (const [key, message] of Object.entries(error.fieldErrors)) {
        const match = /^lines\.(\d+)\.quantity$/.exec(key);
        const itemId = match ? items[Number(match[1])] : undefined;
        if (!itemId || !message) continue;
        refusedItems.add(itemId);
        await hold(
          trx,
          batch.filter((l) => l.agreementItemId === itemId),
          message,
        );
      }
      const rest = batch.filter((l) => !refusedItems.has(l.agreementItemId));
      // Some items passed their cap: the others are ordered without them.
      if (refusedItems.size > 0 && rest.length > 0) return placeOrder(trx, orgId, rest, now);
      if (refusedItems.size > 0) return null;
    }
    await hold(trx, batch, error.message);
    return null;
  }
}

/** The PO delivers to the lines' site; its lines fulfil theirs; it is submitted; the requesters hear of it. */
async function fulfil(trx: Trx, ctx: TrxCtx, batch: OpenLine[], po: { poId: string; poNumber: string }) {
  const site = batch[0];
  await trx
    .updateTable("purchase_orders")
    .set({
      ship_to_address_id: site.shipToId,
      delivery_address: site.deliveryAddress,
      notes: sql`notes || ${` For requisitions ${[...new Set(batch.map((l) => l.requisitionNumber))].join(", ")}.`}`,
    })
    .where("id", "=", po.poId)
    .execute();
  const poLines = await trx
    .selectFrom("purchase_order_lines")
    .where("po_id", "=", po.poId)
    .select(["id", "agreement_item_id"])
    .execute();
  for (const line of batch) {
    const poLine = poLines.find((l) => l.agreement_item_id === line.agreementItemId);
    await trx
      .updateTable("requisition_lines")
      .set({ status: "ordered", po_id: po.poId, po_line_id: poLine?.id ?? null, hold_reason: null })
      .where("id", "=", line.id)
      .execute();
  }
  const { version } = await trx
    .selectFrom("purchase_orders")
    .where("id", "=", po.poId)
    .select("version")
    .executeTakeFirstOrThrow();
  const submitted = await submitPo(ctx, { id: po.poId, version });
  const supplier = await trx
    .selectFrom("purchase_orders")
    .innerJoin("organisations", "organisations.id", "purchase_orders.supplier_org_id")
    .where("purchase_orders.id", "=", po.poId)
    .select("organisations.name")
    .executeTakeFirstOrThrow();
  const issued = submitted.to === "issued" || submitted.to === "approved";
  const byRequisition = new Map<string, OpenLine[]>();
  for (const line of batch)
    byRequisition.set(line.requisitionId, [...(byRequisition.get(line.requisitionId) ?? []), line]);
  for (const [requisitionId, lines] of byRequisition) {
    const first = lines[0];
    const values = {
      items: lines.map((l) => l.itemName).join(", "),
      number: first.requisitionNumber,
      po: po.poNumber,
      supplier: supplier.name,
    };
    await tellRequester(
      trx,
      { id: requisitionId, org_id: ctx.actor.orgId, number: first.requisitionNumber, requested_by: first.requestedBy },
      {
        kind: "requisition_ordered",
        subject: msgWith("Ordered: {{number}} on {{po}}", values),
        text: issued
          ? msgWith(
              "{{items}} of your requisition {{number}} is ordered on purchase order {{po}} from {{supplier}}.",
              values,
            )
          : msgWith(
              "{{items}} of your requisition {{number}} goes to approval on purchase order {{po}} from {{supplier}}.",
              values,
            ),
        at: ctx.now,
      },
    );
    await progressRequisition(trx, { userId: null, orgId: ctx.actor.orgId }, requisitionId, ctx.now, {
      automatic: AUTOMATIC.ordering,
      poNumber: po.poNumber,
    });
  }
}

/**
 * The periodic run (job queue, and at start-up): orders the lines whose
 * window has come, for every organisation with open catalogue lines. Each
 * organisation in its own transaction.
 */
export async function orderDueRequisitionLines(db: Db, now: Date): Promise<number> {
  const orgs = await db
    .selectFrom("requisition_lines as l")
    .innerJoin("requisitions as r", "r.id", "l.requisition_id")
    .where("l.status", "=", "open")
    .where("l.agreement_item_id", "is not", null)
    .where("r.status", "in", ["approved", "sourcing", "ordered"])
    .select("r.org_id")
    .distinct()
    .execute();
  let placed = 0;
  for (const { org_id } of orgs) {
    placed += (await db.transaction().execute((trx) => orderDueLines(trx, { orgId: org_id, now }))).length;
  }
  return placed;
}
