/**
 * The reorder job: for every rule of an organisation, what is projected at
 * its site, the decision and its reason (always written, ordered or not),
 * and one requisition per site for the lines it orders. It runs every day at
 * 06:00 in the organisation's zone and when a buyer presses "Run now".
 *
 * A run is one transaction that first locks the organisation's row, so two
 * runs of one organisation (two servers, a click during the daily run) never
 * judge at once: the second sees the first one's open lines and raises
 * nothing more. A scheduled run is claimed by inserting its row, unique per
 * organisation and day: a day's run is taken once, however many servers ask,
 * and after downtime only the latest day due is run, once. Why:
 * docs/decisions/031-reorder-job.md.
 */
import { routeSubmittedRequisition } from "./requisition-approval.server";
import { sql } from "kysely";
import type { Trx, Db } from "../../../db/client.server";
import type { ReorderDecisionKind, ReorderRule } from "../../../db/schema";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { msgWith } from "../../i18n/config";
import { lineTotal, sum } from "../../utils/money";
import { instantToZonedLocal } from "../../utils/time";
import { unitPriceFor } from "../agreements/terms";
import { inTransaction, type Ctx } from "../shared/context.server";

import { decide, DECISION_LABELS, projectedQuantity, type RuleFigures } from "./reorder-arithmetic";
import { nextRequisitionNumber } from "./requisition-number.server";

/** The hour of the organisation's day the scheduled run is due, in its own zone. */
export const DAILY_RUN_AT = "06:00";

const DAY_MS = 86_400_000;

/** Requisition statuses whose lines still stand for something wanted. */
const LIVE_REQUISITION = ["submitted", "approved", "ordered", "sourcing"] as const;
/** PO statuses whose lines may still bring goods (received ones add nothing: ordered minus received). */
const DEAD_PO = ["declined", "cancelled", "closed"] as const;

export interface RunSummary {
  runId: string;
  rules: number;
  ordered: number;
  requisitionIds: string[];
}

/**
 * The scheduled day due at `now` for an organisation in `timeZone`: today
 * from 06:00 local time on, yesterday before it. A server that was down for
 * days finds only the latest day due, so it runs once, not once per day missed.
 */
export function scheduledDayDue(now: Date, timeZone: string): string {
  const local = instantToZonedLocal(now, timeZone);
  const [day, time] = local.split("T");
  if (time >= DAILY_RUN_AT) return day;
  return new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

/**
 * The periodic task: every buying organisation with reorder rules whose
 * day's run is due and not yet taken gets it. Safe to call from every server
 * at once and as often as wanted.
 */
export async function runDueReorders(db: Db, now: Date): Promise<RunSummary[]> {
  // One query a tick for every organisation's last scheduled day, not one per organisation: the
  // job runs every few seconds, and on almost every tick each day is taken already.
  const orgs = await db
    .selectFrom("organisations")
    .where("kind", "=", "buyer")
    .where((eb) => eb.exists(eb.selectFrom("reorder_rules").whereRef("reorder_rules.org_id", "=", "organisations.id")))
    .select((eb) => [
      "id",
      "default_time_zone",
      eb
        .selectFrom("reorder_runs")
        .whereRef("reorder_runs.org_id", "=", "organisations.id")
        .select(sql<string | null>`max(scheduled_for)::text`.as("last"))
        .as("lastScheduled"),
    ])
    .execute();
  const done: RunSummary[] = [];
  let failure: unknown = null;
  for (const org of orgs) {
    const day = scheduledDayDue(now, org.default_time_zone);
    // ISO dates compare as text; a day already run (or a later one) is not run again.
    if (org.lastScheduled && org.lastScheduled >= day) continue;
    try {
      const summary = await db
        .transaction()
        .execute((trx) =>
          runReorder(trx, { orgId: org.id, now, trigger: "schedule", scheduledFor: day, startedBy: null }),
        );
      if (summary) done.push(summary);
    } catch (error) {
      // One organisation's failed run (rolled back, so asked for again next time) never stops the others'.
      failure ??= error;
    }
  }
  if (failure !== null) throw failure;
  return done;
}

/** "Run now": a run of the person's organisation at once, beside the daily one. */
export async function runReorderNow(ctx: Ctx): Promise<RunSummary> {
  const { ability, actor } = ctx;
  if (!ability.can("run", "ReorderRule")) throw new Response("You are not allowed to do that.", { status: 403 });
  return inTransaction(ctx, async (trx) => {
    const summary = await runReorder(trx, {
      orgId: actor.orgId,
      now: ctx.now,
      trigger: "manual",
      scheduledFor: null,
      startedBy: actor.userId,
    });
    // A manual run always runs: only a scheduled day can be taken already.
    if (!summary) throw new Error("manual reorder run was not started");
    return summary;
  });
}

type RunArgs = {
  orgId: string;
  now: Date;
  trigger: "schedule" | "manual";
  scheduledFor: string | null;
  startedBy: string | null;
};

interface Judged {
  rule: ReorderRule;
  decision: ReorderDecisionKind;
  quantity: string | null;
  onHand: string;
  onOrder: string;
  projected: string;
  detail: string;
  offer: Offer | null;
  lineId: string | null;
}

/**
 * One run in the caller's transaction; null when the scheduled day was
 * taken meanwhile (by another server, or before a restart).
 */
export async function runReorder(trx: Trx, args: RunArgs): Promise<RunSummary | null> {
  // Runs of one organisation queue here, so the second judges with the first one's lines in view.
  await trx.selectFrom("organisations").where("id", "=", args.orgId).select("id").forUpdate().executeTakeFirstOrThrow();
  const run = await trx
    .insertInto("reorder_runs")
    .values({
      org_id: args.orgId,
      scheduled_for: args.scheduledFor,
      trigger: args.trigger,
      started_by: args.startedBy,
      started_at: args.now,
    })
    .onConflict((oc) => oc.columns(["org_id", "scheduled_for"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!run) return null;

  const today = args.now.toISOString().slice(0, 10);
  const rules = await trx
    .selectFrom("reorder_rules")
    .where("org_id", "=", args.orgId)
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .execute();

  const judged: Judged[] = [];
  for (const rule of rules) judged.push(await judge(trx, rule, today));

  // One requisition per site: a run never lumps two sites' needs together.
  const bySite = new Map<string, Judged[]>();
  for (const j of judged) {
    if (j.decision !== "ordered") continue;
    bySite.set(j.rule.ship_to_address_id, [...(bySite.get(j.rule.ship_to_address_id) ?? []), j]);
  }
  const requisitionIds: string[] = [];
  for (const [siteId, lines] of bySite) {
    requisitionIds.push(await raiseRequisition(trx, { ...args, runId: run.id, siteId, lines, today }));
  }

  if (judged.length > 0) {
    await trx
      .insertInto("reorder_decisions")
      .values(
        judged.map((j) => ({
          run_id: run.id,
          rule_id: j.rule.id,
          org_id: args.orgId,
          decision: j.decision,
          on_hand: j.onHand,
          on_order: j.onOrder,
          projected: j.projected,
          reorder_point: j.rule.reorder_point,
          quantity: j.quantity,
          requisition_line_id: j.lineId,
          detail: j.detail,
          created_at: args.now,
        })),
      )
      .execute();
  }
  const ordered = judged.filter((j) => j.decision === "ordered").length;
  await trx
    .updateTable("reorder_runs")
    .set({ rules_count: judged.length, ordered_count: ordered })
    .where("id", "=", run.id)
    .execute();
  return { runId: run.id, rules: judged.length, ordered, requisitionIds };
}

interface Offer {
  itemId: string;
  itemName: string;
  specification: string;
  category: string;
  unit: string;
  unitPrice: string;
  currency: string;
  leadTimeDays: number;
  agreementNumber: string;
  supplierName: string;
}

/** The figures of one rule, and its decision. */
async function judge(trx: Trx, rule: ReorderRule, today: string): Promise<Judged> {
  const figures: RuleFigures = {
    reorderPoint: rule.reorder_point,
    policy:
      rule.order_up_to !== null
        ? { kind: "up_to", level: rule.order_up_to }
        : { kind: "fixed", quantity: rule.fixed_quantity ?? "0" },
    minOrderQuantity: rule.min_order_quantity,
    lotSize: rule.lot_size,
    paused: rule.paused,
  };
  const stock = await stockFigures(trx, rule);
  const { onOrder, projected } = projectedQuantity(stock);
  const base = { rule, onHand: stock.onHand, onOrder, projected, lineId: null };
  if (rule.paused) return { ...base, decision: "paused", quantity: null, detail: "", offer: null };

  const open = await openLineOf(trx, rule.id);
  const offer = await offerFor(trx, rule, today);
  const verdict = decide(figures, { projected, openLineOfRule: open !== null, agreementInForce: offer !== null });
  // The reason is kept as a catalogue message with its figures, said in each reader's words and format when
  // shown; an ordered rule's reason is written once its requisition line exists (raiseRequisition).
  const detail =
    verdict.decision === "already_requested" && open
      ? msgWith("{{requisition}} line {{line}} ({{quantity}} {{unit}}) is still open.", {
          requisition: open.number,
          line: open.position,
          quantity: open.quantity,
          unit: rule.unit,
        })
      : verdict.decision === "no_agreement"
        ? msgWith("No active agreement in force today offers “{{item}}” in {{unit}}.", {
            item: rule.item_name,
            unit: rule.unit,
          })
        : "";
  return { ...base, decision: verdict.decision, quantity: verdict.quantity, detail, offer };
}

/** What is projected for a rule now, as the job would see it: for the rules list and the rule's page. */
export async function projectionOf(db: Db, rule: ReorderRule) {
  const stock = await stockFigures(db, rule);
  return { onHand: stock.onHand, ...projectedQuantity(stock) };
}

/** On hand, requested and outstanding on POs: the same item (name without case, unit) at the rule's site. */
async function stockFigures(trx: Db, rule: ReorderRule) {
  const counted = await trx
    .selectFrom("stock_levels")
    .where("org_id", "=", rule.org_id)
    .where("ship_to_address_id", "=", rule.ship_to_address_id)
    .where("item_key", "=", rule.item_key)
    .where("unit", "=", rule.unit)
    .select("quantity")
    .executeTakeFirst();
  const requested = await trx
    .selectFrom("requisition_lines")
    .innerJoin("requisitions", "requisitions.id", "requisition_lines.requisition_id")
    .where("requisitions.org_id", "=", rule.org_id)
    .where("requisitions.status", "in", LIVE_REQUISITION)
    .where("requisition_lines.ship_to_address_id", "=", rule.ship_to_address_id)
    .where((eb) => eb(eb.fn("lower", [eb.fn("btrim", ["requisition_lines.item_name"])]), "=", rule.item_key))
    .where("requisition_lines.unit", "=", rule.unit)
    .where("requisition_lines.status", "not in", ["cancelled", "closed"])
    .where("requisition_lines.po_id", "is", null)
    .select("requisition_lines.quantity")
    .execute();
  const outstanding = await trx
    .selectFrom("purchase_order_lines")
    .innerJoin("purchase_orders", "purchase_orders.id", "purchase_order_lines.po_id")
    .where("purchase_orders.buyer_org_id", "=", rule.org_id)
    .where("purchase_orders.ship_to_address_id", "=", rule.ship_to_address_id)
    .where("purchase_orders.status", "not in", DEAD_PO)
    .where("purchase_order_lines.kind", "=", "item")
    .where((eb) => eb(eb.fn("lower", [eb.fn("btrim", ["purchase_order_lines.item_name"])]), "=", rule.item_key))
    .where("purchase_order_lines.unit", "=", rule.unit)
    .select((eb) => [
      "purchase_order_lines.quantity as ordered",
      eb.fn
        .coalesce(
          eb
            .selectFrom("receipt_lines")
            .whereRef("receipt_lines.po_line_id", "=", "purchase_order_lines.id")
            .select((e) => e.fn.sum<string>("receipt_lines.quantity").as("q")),
          eb.val("0"),
        )
        .as("received"),
    ])
    .execute();
  return {
    onHand: counted?.quantity ?? "0",
    requested: requested.map((r) => r.quantity),
    outstanding: outstanding.map((o) => ({ ordered: o.ordered, received: String(o.received) })),
  };
}

/**
 * A line this rule raised that is still under way: waiting (not on a PO yet),
 * or on a PO whose goods have not all arrived. Until its goods are in, the
 * shortage it answers is being dealt with; ordering again each run would be
 * the "new request every day for the same shortage" of ERPNext #36154.
 */
async function openLineOf(trx: Trx, ruleId: string) {
  const row = await trx
    .selectFrom("requisition_lines")
    .innerJoin("requisitions", "requisitions.id", "requisition_lines.requisition_id")
    .leftJoin("purchase_orders", "purchase_orders.id", "requisition_lines.po_id")
    .where("requisition_lines.reorder_rule_id", "=", ruleId)
    .where((eb) =>
      eb.or([
        eb.and([eb("requisition_lines.status", "in", ["open", "sourcing"]), eb("requisition_lines.po_id", "is", null)]),
        eb.and([
          eb("requisition_lines.status", "=", "ordered"),
          eb("purchase_orders.status", "not in", [...DEAD_PO, "received", "invoiced"]),
        ]),
      ]),
    )
    .where("requisitions.status", "in", ["draft", ...LIVE_REQUISITION])
    .select(["requisitions.number", "requisition_lines.position", "requisition_lines.quantity"])
    .orderBy("requisitions.created_at", "desc")
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The agreement item to order from: the rule's preferred one while its
 * agreement is active and in force, else the cheapest item of that name and
 * unit under any agreement of the organisation in force today.
 */
async function offerFor(trx: Trx, rule: ReorderRule, today: string): Promise<Offer | null> {
  const row = await trx
    .selectFrom("agreement_items")
    .innerJoin("agreements", "agreements.id", "agreement_items.agreement_id")
    .innerJoin("organisations as supplier", "supplier.id", "agreements.supplier_org_id")
    .where("agreements.buyer_org_id", "=", rule.org_id)
    .where("agreements.status", "=", "active")
    .where("agreements.valid_from", "<=", today)
    .where("agreements.valid_to", ">=", today)
    .where((eb) => eb(eb.fn("lower", [eb.fn("btrim", ["agreement_items.item_name"])]), "=", rule.item_key))
    .where("agreement_items.unit", "=", rule.unit)
    .select([
      "agreement_items.id as itemId",
      "agreement_items.item_name as itemName",
      "agreement_items.specification",
      "agreement_items.category",
      "agreement_items.unit",
      "agreement_items.unit_price as unitPrice",
      "agreements.currency",
      "agreements.lead_time_days as leadTimeDays",
      "agreements.number as agreementNumber",
      "supplier.name as supplierName",
    ])
    .orderBy(
      (eb) => eb("agreement_items.id", "=", rule.preferred_agreement_item_id ?? "00000000-0000-0000-0000-000000000000"),
      "desc",
    )
    .orderBy("agreement_items.unit_price")
    .orderBy("agreements.valid_to", "desc")
    .orderBy("agreement_items.id")
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, leadTimeDays: Number(row.leadTimeDays ?? 0) };
}

/** One submitted requisition for one site's ordered lines, each at its agreement's price for the quantity. */
async function raiseRequisition(
  trx: Trx,
  args: RunArgs & { runId: string; siteId: string; lines: Judged[]; today: string },
): Promise<string> {
  const site = await trx
    .selectFrom("ship_to_addresses")
    .where("id", "=", args.siteId)
    .select(["label", "address"])
    .executeTakeFirstOrThrow();
  const priced = [];
  for (const j of args.lines) {
    const offer = j.offer as Offer;
    const quantity = j.quantity as string;
    const breaks = await trx
      .selectFrom("agreement_price_breaks")
      .where("item_id", "=", offer.itemId)
      .select(["min_quantity as minQuantity", "unit_price as unitPrice"])
      .execute();
    priced.push({ j, offer, quantity, unitPrice: unitPriceFor(offer.unitPrice, breaks, quantity) });
  }
  const currency = priced[0].offer.currency;
  const total = sum(
    priced.filter((p) => p.offer.currency === currency).map((p) => lineTotal(p.quantity, p.unitPrice, currency)),
    currency,
  );
  const number = await nextRequisitionNumber(trx, args.orgId, args.now.getUTCFullYear());
  const requisition = await trx
    .insertInto("requisitions")
    .values({
      number,
      org_id: args.orgId,
      requested_by: null,
      origin: "reorder",
      status: "submitted",
      reason: `Reorder rules: projected stock below the reorder point at ${site.label}.`,
      currency,
      total,
      submitted_at: args.now,
      created_at: args.now,
      updated_at: args.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  let position = 0;
  for (const p of priced) {
    position += 1;
    const line = await trx
      .insertInto("requisition_lines")
      .values({
        requisition_id: requisition.id,
        position,
        agreement_item_id: p.offer.itemId,
        item_name: p.offer.itemName,
        specification: p.offer.specification,
        category: p.offer.category,
        unit: p.offer.unit,
        quantity: p.quantity,
        unit_price: p.unitPrice,
        currency: p.offer.currency,
        wanted_by: new Date(Date.parse(`${args.today}T00:00:00Z`) + p.offer.leadTimeDays * DAY_MS)
          .toISOString()
          .slice(0, 10),
        ship_to_address_id: args.siteId,
        delivery_address: site.address,
        automatic: true,
        reorder_rule_id: p.j.rule.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    p.j.lineId = line.id;
    p.j.detail = msgWith(
      "{{quantity}} {{unit}} under {{agreement}} ({{supplier}}) at {{price}} each: {{requisition}} line {{line}}.",
      {
        quantity: p.quantity,
        unit: p.j.rule.unit,
        agreement: p.offer.agreementNumber,
        supplier: p.offer.supplierName,
        price: p.offer.unitPrice,
        currency: p.offer.currency,
        requisition: number,
        line: position,
      },
    );
  }
  await appendAuditEvent(trx, {
    orgId: args.orgId,
    actorId: args.startedBy,
    entityType: "requisition",
    entityId: requisition.id,
    event: "RAISED_BY_REORDER",
    toState: "submitted",
    data: { runId: args.runId, site: site.label, lines: priced.length },
  });
  // The approval rule of requisitions decides, as for a person's: below its first threshold it is approved and ordered.
  await routeSubmittedRequisition(trx, { requisitionId: requisition.id, now: args.now });
  return requisition.id;
}

export { DECISION_LABELS };
