/**
 * Reorder rules for the buyers and admins of a buying organisation: the
 * list with what is projected now and each rule's last decision, a new
 * rule (an item of the catalogue at one of the organisation's sites), its
 * edit, pausing and resuming it, and its decision log.
 */
import { sql } from "kysely";

import type { ReorderRule } from "../../../db/schema";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { subject, type Action } from "../../auth/ability";
import { authorize } from "../../auth/authorize.server";
import { msg, msgWith } from "../../i18n/config";
import { FormError } from "../../utils/errors";
import { forbidden, notFound } from "../../utils/http.server";
import { getCatalogue } from "../agreements/catalogue.server";
import { inTransaction, type Ctx, type TrxCtx } from "../shared/context.server";

import { DECISION_LABELS, itemKey } from "./reorder-arithmetic";
import { projectionOf } from "./reorder-job.server";
import type { EditRuleInput, NewRuleInput } from "./reorder.schema";

const STALE = msg("This rule was changed by someone else meanwhile. Reload the page and try again.");
const DUPLICATE = msg("Your organisation has a rule for this item at this site already.");

/** The rule as stored: 404 to whoever may not read it (another organisation's), 403 for an action they may not take. */
export async function loadReorderRuleFor(
  ctx: Pick<Ctx, "db" | "ability">,
  id: string,
  action: Extract<Action, "read" | "update">,
  { lock = false }: { lock?: boolean } = {},
): Promise<ReorderRule> {
  const rule = await ctx.db
    .selectFrom("reorder_rules")
    .where("id", "=", id)
    .selectAll()
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!rule) throw notFound("No such reorder rule.");
  authorize(ctx.ability, action, subject("ReorderRule", rule), "reorder rule");
  return rule;
}

function requireRuleAbility(ctx: Ctx, action: Action) {
  if (!ctx.ability.can(action, subject("ReorderRule", { org_id: ctx.actor.orgId })))
    throw forbidden("Only buyers and admins keep reorder rules.");
}

/** The organisation's sites in use, default first: where a rule's goods are delivered. */
export async function siteChoices(ctx: Ctx) {
  return ctx.db
    .selectFrom("ship_to_addresses")
    .where("org_id", "=", ctx.actor.orgId)
    .where("archived_at", "is", null)
    .select(["id", "label", "address"])
    .orderBy("is_default", "desc")
    .orderBy("label")
    .execute();
}

/** What the new-rule form offers: the catalogue's items in force and the sites. */
export async function ruleFormOptions(ctx: Ctx) {
  requireRuleAbility(ctx, "create");
  const catalogue = ctx.ability.can("browse", "Agreement") ? await getCatalogue(ctx) : { rows: [] };
  return {
    // The page words the choice ("Hex nut M8 (pcs), AGR-…, Northwind") in the viewer's language.
    items: catalogue.rows.map((r) => ({
      value: r.id,
      itemName: r.itemName,
      unit: r.unit,
      agreementNumber: r.agreementNumber,
      supplierName: r.supplierName,
    })),
    sites: (await siteChoices(ctx)).map((s) => ({ value: s.id, label: s.label })),
  };
}

function sizingColumns(
  input: Pick<
    EditRuleInput,
    "reorderPoint" | "policy" | "orderUpTo" | "fixedQuantity" | "minOrderQuantity" | "lotSize"
  >,
) {
  return {
    reorder_point: input.reorderPoint,
    order_up_to: input.policy === "up_to" ? (input.orderUpTo ?? null) : null,
    fixed_quantity: input.policy === "fixed" ? (input.fixedQuantity ?? null) : null,
    min_order_quantity: input.minOrderQuantity ?? null,
    lot_size: input.lotSize ?? null,
  };
}

/** A new rule: the chosen catalogue item (its name and unit, preferred or not) at one of the organisation's sites. */
export async function createRule(ctx: Ctx, input: NewRuleInput): Promise<{ id: string }> {
  requireRuleAbility(ctx, "create");
  return inTransaction(ctx, async (trx, tx) => {
    const item = await trx
      .selectFrom("agreement_items")
      .innerJoin("agreements", "agreements.id", "agreement_items.agreement_id")
      .where("agreement_items.id", "=", input.itemId)
      .where("agreements.buyer_org_id", "=", tx.actor.orgId)
      .select([
        "agreement_items.item_name",
        "agreement_items.unit",
        "agreements.number",
        "agreements.status",
        sql<string>`agreements.valid_from::text`.as("validFrom"),
        sql<string>`agreements.valid_to::text`.as("validTo"),
      ])
      .executeTakeFirst();
    if (!item) throw new FormError({ itemId: msg("Choose an item from your organisation's catalogue.") });
    // The catalogue is what agreements in force offer today: a rule on anything else could never order.
    const today = tx.now.toISOString().slice(0, 10);
    if (item.status !== "active")
      throw new FormError({
        itemId: msgWith(
          "{{item}} is not in the catalogue: agreement {{agreement}} is not active. Choose an item an active agreement offers.",
          { item: item.item_name, agreement: item.number },
        ),
      });
    if (item.validFrom > today || item.validTo < today)
      throw new FormError({
        itemId: msgWith(
          "{{item}} is not in the catalogue today: agreement {{agreement}} runs from {{from}} to {{to}}.",
          {
            item: item.item_name,
            agreement: item.number,
            from: item.validFrom,
            to: item.validTo,
          },
        ),
      });
    await requireOwnSite(tx, input.siteId);
    const key = itemKey(item.item_name);
    const row = await trx
      .insertInto("reorder_rules")
      .values({
        org_id: tx.actor.orgId,
        item_name: item.item_name.trim(),
        item_key: key,
        unit: item.unit,
        preferred_agreement_item_id: input.preferItem ? input.itemId : null,
        ship_to_address_id: input.siteId,
        created_by: tx.actor.userId,
        created_at: tx.now,
        updated_at: tx.now,
        ...sizingColumns(input),
      })
      .onConflict((oc) => oc.columns(["org_id", "item_key", "unit", "ship_to_address_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new FormError({ itemId: DUPLICATE });
    await audit(tx, row.id, "CREATE_REORDER_RULE", { item: item.item_name, unit: item.unit, ...sizingColumns(input) });
    return { id: row.id };
  });
}

async function requireOwnSite(ctx: TrxCtx, siteId: string) {
  const site = await ctx.db
    .selectFrom("ship_to_addresses")
    .where("id", "=", siteId)
    .where("org_id", "=", ctx.actor.orgId)
    .where("archived_at", "is", null)
    .select("id")
    .executeTakeFirst();
  if (!site) throw new FormError({ siteId: msg("Choose one of your organisation's ship-to addresses.") });
}

function audit(ctx: TrxCtx, id: string, event: string, data: Record<string, unknown>) {
  return appendAuditEvent(ctx.db, {
    orgId: ctx.actor.orgId,
    actorId: ctx.actor.userId,
    entityType: "reorder_rule",
    entityId: id,
    event,
    data,
  });
}

/** The rule's point and sizing, from the version the person saw. */
export async function updateRule(ctx: Ctx, input: EditRuleInput): Promise<{ id: string }> {
  return inTransaction(ctx, async (trx, tx) => {
    const rule = await loadReorderRuleFor(tx, input.id, "update", { lock: true });
    if (rule.version !== input.version) throw new FormError({ form: STALE });
    await trx
      .updateTable("reorder_rules")
      .set({ ...sizingColumns(input), version: rule.version + 1, updated_at: tx.now })
      .where("id", "=", rule.id)
      .execute();
    await audit(tx, rule.id, "UPDATE_REORDER_RULE", sizingColumns(input));
    return { id: rule.id };
  });
}

/** A paused rule is still judged every run (its decision says "paused") but never orders. */
export async function setRulePaused(
  ctx: Ctx,
  input: { id: string; version: number; intent: "pause" | "resume" },
): Promise<{ id: string }> {
  return inTransaction(ctx, async (trx, tx) => {
    const rule = await loadReorderRuleFor(tx, input.id, "update", { lock: true });
    if (rule.version !== input.version) throw new FormError({ form: STALE });
    const paused = input.intent === "pause";
    if (rule.paused !== paused) {
      await trx
        .updateTable("reorder_rules")
        .set({ paused, version: rule.version + 1, updated_at: tx.now })
        .where("id", "=", rule.id)
        .execute();
      await audit(tx, rule.id, paused ? "PAUSE_REORDER_RULE" : "RESUME_REORDER_RULE", {});
    }
    return { id: rule.id };
  });
}

/** The rule's sizing, shown in words by the page ("Up to 500, in lots of 100"). */
export interface Sizing {
  orderUpTo: string | null;
  fixedQuantity: string | null;
  minOrderQuantity: string | null;
  lotSize: string | null;
}

function sizingOf(rule: ReorderRule): Sizing {
  return {
    orderUpTo: rule.order_up_to,
    fixedQuantity: rule.fixed_quantity,
    minOrderQuantity: rule.min_order_quantity,
    lotSize: rule.lot_size,
  };
}

/** The rules list: each rule with its site, what is projected now, and its last decision. */
export async function listRules(ctx: Ctx) {
  requireRuleAbility(ctx, "read");
  const rules = await ctx.db
    .selectFrom("reorder_rules")
    .innerJoin("ship_to_addresses as site", "site.id", "reorder_rules.ship_to_address_id")
    .where("reorder_rules.org_id", "=", ctx.actor.orgId)
    .selectAll("reorder_rules")
    .select("site.label as siteLabel")
    .orderBy("reorder_rules.item_name")
    .orderBy("site.label")
    .limit(500)
    .execute();
  const rows = [];
  for (const rule of rules) {
    const last = await ctx.db
      .selectFrom("reorder_decisions")
      .where("rule_id", "=", rule.id)
      .select(["decision", "quantity", "created_at as at"])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .executeTakeFirst();
    rows.push({
      id: rule.id,
      itemName: rule.item_name,
      unit: rule.unit,
      siteLabel: rule.siteLabel,
      reorderPoint: rule.reorder_point,
      sizing: sizingOf(rule),
      paused: rule.paused,
      projected: (await projectionOf(ctx.db, rule)).projected,
      last: last ? { ...last, label: DECISION_LABELS[last.decision] } : null,
    });
  }
  const runs = await ctx.db
    .selectFrom("reorder_runs")
    .where("org_id", "=", ctx.actor.orgId)
    .select([
      "id",
      "trigger",
      "scheduled_for as scheduledFor",
      "started_at as startedAt",
      "rules_count as rules",
      "ordered_count as ordered",
    ])
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .limit(5)
    .execute();
  return {
    rows,
    runs,
    can: {
      create: ctx.ability.can("create", subject("ReorderRule", { org_id: ctx.actor.orgId })),
      run: ctx.ability.can("run", subject("ReorderRule", { org_id: ctx.actor.orgId })),
      stock: ctx.ability.can("update", subject("StockLevel", { org_id: ctx.actor.orgId })),
    },
  };
}

/** One rule's page: its figures now, its settings, and the decision of every run (latest first). */
export async function getRulePage(ctx: Ctx, { id }: { id: string }) {
  const rule = await loadReorderRuleFor(ctx, id, "read");
  const site = await ctx.db
    .selectFrom("ship_to_addresses")
    .where("id", "=", rule.ship_to_address_id)
    .select(["label", "address"])
    .executeTakeFirstOrThrow();
  const preferred = rule.preferred_agreement_item_id
    ? await ctx.db
        .selectFrom("agreement_items")
        .innerJoin("agreements", "agreements.id", "agreement_items.agreement_id")
        .where("agreement_items.id", "=", rule.preferred_agreement_item_id)
        .select(["agreements.number", "agreements.id as agreementId"])
        .executeTakeFirst()
    : undefined;
  const decisions = await ctx.db
    .selectFrom("reorder_decisions")
    .innerJoin("reorder_runs", "reorder_runs.id", "reorder_decisions.run_id")
    .leftJoin("requisition_lines", "requisition_lines.id", "reorder_decisions.requisition_line_id")
    .leftJoin("requisitions", "requisitions.id", "requisition_lines.requisition_id")
    .where("reorder_decisions.rule_id", "=", rule.id)
    .select([
      "reorder_decisions.id",
      "reorder_decisions.decision",
      "reorder_decisions.on_hand as onHand",
      "reorder_decisions.on_order as onOrder",
      "reorder_decisions.projected",
      "reorder_decisions.reorder_point as reorderPoint",
      "reorder_decisions.quantity",
      "reorder_decisions.detail",
      "reorder_decisions.created_at as at",
      "reorder_runs.trigger",
      "requisitions.id as requisitionId",
      "requisitions.number as requisitionNumber",
    ])
    .orderBy("reorder_decisions.created_at", "desc")
    .orderBy("reorder_decisions.id", "desc")
    .limit(100)
    .execute();
  const stock = await ctx.db
    .selectFrom("stock_levels")
    .where("org_id", "=", rule.org_id)
    .where("ship_to_address_id", "=", rule.ship_to_address_id)
    .where("item_key", "=", rule.item_key)
    .where("unit", "=", rule.unit)
    .select(["quantity", "counted_at as countedAt"])
    .executeTakeFirst();
  return {
    rule: {
      id: rule.id,
      itemName: rule.item_name,
      unit: rule.unit,
      reorderPoint: rule.reorder_point,
      policy: rule.order_up_to !== null ? ("up_to" as const) : ("fixed" as const),
      orderUpTo: rule.order_up_to,
      fixedQuantity: rule.fixed_quantity,
      minOrderQuantity: rule.min_order_quantity,
      lotSize: rule.lot_size,
      paused: rule.paused,
      version: rule.version,
      sizing: sizingOf(rule),
      preferred: preferred ?? null,
    },
    site,
    countedAt: stock?.countedAt ?? null,
    projection: await projectionOf(ctx.db, rule),
    decisions: decisions.map((d) => ({ ...d, label: DECISION_LABELS[d.decision] })),
    can: { update: ctx.ability.can("update", subject("ReorderRule", rule)) },
  };
}
