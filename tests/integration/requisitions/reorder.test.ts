/**
 * The reorder job end to end on the models and real Postgres: a rule below
 * its point raises exactly one line however often the job runs, a day's run
 * is caught up once after downtime, two runners at once raise one
 * requisition, each site gets its own requisition, every rule gets a
 * decision every run, a stock CSV is saved whole or not at all, and other
 * organisations and roles are refused.
 */
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  createRule,
  getRulePage,
  listRules,
  loadReorderRuleFor,
  setRulePaused,
} from "../../../app/models/requisitions/reorder-rules.server";
import { runDueReorders, runReorderNow, scheduledDayDue } from "../../../app/models/requisitions/reorder-job.server";
import { importStockCsv, listStock, setStockCount } from "../../../app/models/requisitions/stock.server";
import type { NewRuleInput } from "../../../app/models/requisitions/reorder.schema";
import { FormError } from "../../../app/utils/errors";
import { createAgreement } from "../../../app/models/agreements/agreement-draft.server";
import { acknowledgeAgreement, sendAgreement } from "../../../app/models/agreements/agreement-lifecycle.server";
import {
  ACME,
  BUYER,
  FINANCE,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";
import { english, englishErrors } from "../../support/english";

const ADMIN = "admin@acme.test";
const DAY = 86_400_000;
const onPostgres = await postgresReachable();
let t: TestDb;
let demo: Demo;
let now: Date;
let stuttgart: string;
let esslingen: string;

beforeAll(async () => {
  t = await createTestDb("reorder", { max: 12 });
  demo = await seededDemo(t.db);
  now = new Date();
  const sites = await t.db
    .selectFrom("ship_to_addresses")
    .where("org_id", "=", demo.orgId(ACME))
    .select(["id", "label"])
    .execute();
  stuttgart = sites.find((s) => s.label.startsWith("Stuttgart"))?.id as string;
  esslingen = sites.find((s) => s.label.startsWith("Esslingen"))?.id as string;
});
afterAll(async () => {
  await t?.destroy();
});

/** The catalogue item of that name under the demo's framework agreement. */
async function catalogueItem(name: string) {
  const row = await t.db
    .selectFrom("agreement_items")
    .innerJoin("agreements", "agreements.id", "agreement_items.agreement_id")
    .where("agreement_items.item_name", "=", name)
    .where("agreements.status", "=", "active")
    .select("agreement_items.id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function rule(item: string, siteId: string, sizing: Partial<NewRuleInput> = {}) {
  return createRule(demo.as(BUYER, now), {
    itemId: await catalogueItem(item),
    preferItem: false,
    siteId,
    reorderPoint: "1000",
    policy: "fixed",
    fixedQuantity: "300",
    ...sizing,
  });
}

async function count(siteId: string, itemName: string, quantity: string) {
  await setStockCount(demo.as(BUYER, now), { intent: "count", siteId, itemName, unit: "pcs", quantity });
}

const linesOf = (ruleId: string) =>
  t.db
    .selectFrom("requisition_lines")
    .innerJoin("requisitions", "requisitions.id", "requisition_lines.requisition_id")
    .where("requisition_lines.reorder_rule_id", "=", ruleId)
    .selectAll("requisition_lines")
    .select([
      "requisitions.origin",
      "requisitions.status as requisitionStatus",
      "requisitions.requested_by",
      "requisitions.number",
    ])
    .execute();

const decisionsOf = async (ruleId: string) =>
  (
    await t.db
      .selectFrom("reorder_decisions")
      .where("rule_id", "=", ruleId)
      .select(["decision", "quantity", "projected", "created_at"])
      .orderBy("created_at")
      .orderBy("id")
      .execute()
  ).map((d) => d.decision);

describe("a rule below its point", () => {
  it("raises exactly one line over three runs, and says why the next two ordered nothing", async () => {
    // Point 1000, fixed 300; 200 counted at Esslingen: projected 200 < 1000 → order 300.
    const { id } = await rule("Hex nut M8", esslingen);
    await count(esslingen, "hex nut m8", "200");
    for (let i = 0; i < 3; i++) await runReorderNow(demo.as(BUYER, new Date(now.getTime() + i * 1000)));

    const lines = await linesOf(id);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      automatic: true,
      quantity: "300.000",
      unit: "pcs",
      unit_price: "0.0500",
      currency: "EUR",
      ship_to_address_id: esslingen,
      // Below the approval rule's first threshold: approved at once and called off from the agreement.
      status: "ordered",
      origin: "reorder",
      requisitionStatus: "ordered",
      requested_by: null,
      agreement_item_id: await catalogueItem("Hex nut M8"),
    });
    expect(line.po_id).not.toBeNull();
    expect(line.delivery_address).toContain("Lager Esslingen");
    expect(line.number).toMatch(/^REQ-\d{4}-\d{6}$/);
    // Run 2 and 3: 200 + 300 = 500 is still below 1000, but the rule's line is open (ERPNext #36154, #50205).
    expect(await decisionsOf(id)).toEqual(["ordered", "already_requested", "already_requested"]);

    const page = await getRulePage(demo.as(BUYER, now), { id });
    expect(page.projection).toEqual({ onHand: "200.000", onOrder: "300", projected: "500" });
    expect(page.decisions[0]).toMatchObject({ decision: "already_requested", projected: "500.000" });
    expect(page.decisions[0].detail).toContain(line.number);
    expect(page.decisions[2]).toMatchObject({
      decision: "ordered",
      quantity: "300.000",
      requisitionNumber: line.number,
    });
  });

  it("orders the gap up to the level, raised to the MOQ and rounded up to lots, not the level (ERPNext #53085)", async () => {
    // 40 on hand, point 100, up to 1000: 960 → MOQ 500 keeps 960 → lots of 250 → 1000.
    const gapDepot = await newSite("Gap depot");
    const { id } = await rule("Cable tie 200 mm", gapDepot, {
      reorderPoint: "100",
      policy: "up_to",
      orderUpTo: "1000",
      fixedQuantity: undefined,
      minOrderQuantity: "500",
      lotSize: "250",
    });
    await count(gapDepot, "Cable tie 200 mm", "40");
    await runReorderNow(demo.as(ADMIN, now));
    const [line] = await linesOf(id);
    expect(line.quantity).toBe("1000.000");
    expect(await decisionsOf(id)).toEqual(["ordered"]);
  });
});

describe("every rule, every run: a decision", () => {
  it("the demo's morning run judged its three rules: above the point, no agreement, paused", async () => {
    const seeded = await t.db
      .selectFrom("reorder_decisions")
      .innerJoin("reorder_rules", "reorder_rules.id", "reorder_decisions.rule_id")
      .innerJoin("reorder_runs", "reorder_runs.id", "reorder_decisions.run_id")
      .where("reorder_runs.trigger", "=", "schedule")
      .select(["reorder_rules.item_name", "reorder_decisions.decision", "reorder_decisions.projected"])
      .orderBy("reorder_rules.item_name")
      .execute();
    expect(seeded.map((d) => [d.item_name, d.decision, d.projected])).toEqual([
      ["Cable tie 200 mm", "paused", "100.000"],
      ["Hex nut M8", "above_point", "12000.000"],
      ["Safety glasses", "no_agreement", "4.000"],
    ]);
    // Starting the server again the same day runs nothing: the day is taken.
    expect(await runDueReorders(t.db, now)).toEqual([]);
  });

  it("writes one for every rule of the organisation, paused and without agreement too", async () => {
    const paused = await rule("Hex bolt M8x30", esslingen);
    await setRulePaused(demo.as(BUYER, now), { id: paused.id, version: 1, intent: "pause" });
    const summary = await runReorderNow(demo.as(BUYER, now));
    const rules = await t.db.selectFrom("reorder_rules").where("org_id", "=", demo.orgId(ACME)).select("id").execute();
    const written = await t.db
      .selectFrom("reorder_decisions")
      .innerJoin("reorder_rules", "reorder_rules.id", "reorder_decisions.rule_id")
      .where("run_id", "=", summary.runId)
      .select(["rule_id", "decision", "detail", "reorder_rules.item_name"])
      .execute();
    expect(written).toHaveLength(rules.length);
    expect(summary.rules).toBe(rules.length);
    expect(written.find((w) => w.rule_id === paused.id)?.decision).toBe("paused");
    const glasses = written.find((w) => w.item_name === "Safety glasses");
    expect(glasses?.decision).toBe("no_agreement");
    expect(english(glasses?.detail ?? "")).toBe("No active agreement in force today offers “Safety glasses” in pcs.");
    expect(await linesOf(paused.id)).toHaveLength(0);

    const list = await listRules(demo.as(BUYER, now));
    const nuts = list.rows.find((r) => r.itemName === "Hex nut M8" && r.siteLabel.startsWith("Stuttgart"));
    expect(nuts).toMatchObject({ projected: "12000", last: { decision: "above_point" } });
  });
});

describe("one requisition per site", () => {
  it("groups one run's lines by site, never lumping sites together (ERPNext #35063)", async () => {
    const a = await rule("Hex bolt M8x30", stuttgart, { reorderPoint: "10", fixedQuantity: "100" });
    // The demo requester's 1,500 cable ties are on order for Stuttgart already: a point above them still orders.
    const b = await rule("Cable tie 200 mm", stuttgart, { reorderPoint: "5000", fixedQuantity: "200" });
    // A third site of its own: its line goes on a requisition of its own.
    const c = await rule("Hex nut M8", await newSite("Berlin depot"), {
      reorderPoint: "10",
      fixedQuantity: "50",
    });
    const summary = await runReorderNow(demo.as(BUYER, now));
    expect(summary.requisitionIds).toHaveLength(2);
    const requisitions = await t.db
      .selectFrom("requisition_lines")
      .where("requisition_id", "in", summary.requisitionIds)
      .select(["requisition_id", "reorder_rule_id", "ship_to_address_id", "position"])
      .orderBy("position")
      .execute();
    const bySite = new Map<string, string[]>();
    for (const r of requisitions) {
      const key = `${r.requisition_id}:${r.ship_to_address_id}`;
      bySite.set(key, [...(bySite.get(key) ?? []), r.reorder_rule_id as string]);
    }
    expect([...bySite.values()].map((ids) => ids.sort())).toEqual(
      expect.arrayContaining([[a.id, b.id].sort(), [c.id]]),
    );
    expect(bySite.size).toBe(2);
  });
});

async function newSite(label: string): Promise<string> {
  const row = await t.db
    .insertInto("ship_to_addresses")
    .values({ org_id: demo.orgId(ACME), label, address: `Acme Manufacturing GmbH\n${label}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("the daily run", () => {
  it("is due at 06:00 in the organisation's zone", () => {
    // 05:59 in Berlin (04:59 UTC in winter) is still the previous day's run.
    expect(scheduledDayDue(new Date("2027-01-15T04:59:00Z"), "Europe/Berlin")).toBe("2027-01-14");
    expect(scheduledDayDue(new Date("2027-01-15T05:00:00Z"), "Europe/Berlin")).toBe("2027-01-15");
    expect(scheduledDayDue(new Date("2027-01-15T05:00:00Z"), "America/New_York")).toBe("2027-01-14");
  });

  it("after three days down, catches up once, not once per day missed", async () => {
    const day = (offset: number, hourUtc: number) =>
      new Date(
        Date.parse(`${new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10)}T00:00:00Z`) +
          hourUtc * 3_600_000,
      );
    const scheduled = () =>
      t.db
        .selectFrom("reorder_runs")
        .where("org_id", "=", demo.orgId(ACME))
        .where("trigger", "=", "schedule")
        .select("scheduled_for")
        .orderBy("scheduled_for")
        .execute();
    const before = (await scheduled()).length;
    // Day 10 at 07:00 UTC (08:00 Berlin): the day's run.
    const first = await runDueReorders(t.db, day(10, 7));
    expect(first.filter((s) => s.rules > 0)).toHaveLength(1);
    // The periodic task asks again every few seconds: the day is taken.
    expect(await runDueReorders(t.db, day(10, 9))).toHaveLength(0);
    // Down on days 11, 12 and 13; up again on day 13 at 10:00 UTC: one run, for day 13.
    const caughtUp = await runDueReorders(t.db, day(13, 10));
    expect(caughtUp).toHaveLength(1);
    expect(await runDueReorders(t.db, day(13, 11))).toHaveLength(0);
    // Before 06:00 Berlin on day 14 the latest day due is still 13.
    expect(await runDueReorders(t.db, day(14, 4))).toHaveLength(0);
    const runs = await scheduled();
    expect(runs.length - before).toBe(2);
    const days = runs.slice(before).map((r) => r.scheduled_for);
    expect(days).toEqual([day(10, 0).toISOString().slice(0, 10), day(13, 0).toISOString().slice(0, 10)]);
  });
});

describe.skipIf(!onPostgres)("two runners at once (real Postgres)", () => {
  it("take a day's run once and raise one requisition", async () => {
    const siteId = await newSite("Race depot");
    const { id } = await rule("Hex nut M8", siteId, { reorderPoint: "10", fixedQuantity: "40" });
    const at = new Date(now.getTime() + 20 * DAY);
    const results = await Promise.all([
      runDueReorders(t.db, at),
      runDueReorders(t.db, at),
      runReorderNow(demo.as(BUYER, at)),
      runReorderNow(demo.as(ADMIN, at)),
    ]);
    expect(results[0].length + results[1].length).toBe(1);
    const lines = await linesOf(id);
    expect(lines).toHaveLength(1);
    const decisions = await decisionsOf(id);
    expect(decisions.filter((d) => d === "ordered")).toHaveLength(1);
    expect(decisions).toHaveLength(3);
  });
});

describe("stock counts from a CSV", () => {
  const stockRows = () => t.db.selectFrom("stock_levels").selectAll().orderBy("id").execute();

  it("answers every bad row beside itself and saves nothing", async () => {
    const before = await stockRows();
    const csv = [
      "site,item,unit,quantity,counted_at",
      '"Stuttgart plant, goods in",Hex nut M8,pcs,10,2026-01-05',
      "Esslingen warehouse,Bad\u0000item,pcs,5,",
      "Esslingen warehouse,Washer,pcs,123456789012345678901234567890,",
      "Esslingen warehouse,Washer,pcs,5,2026-02-30",
      "Nowhere depot,Washer,pcs,5,",
      "Esslingen warehouse,Washer,pcs,-3,",
      "Esslingen warehouse,Washer,crates,3,",
    ].join("\r\n");
    const result = await importStockCsv(demo.as(BUYER, now), csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(english(result.fileError)).toBe(
      "6 rows have problems; nothing was saved. Correct them and upload the file again.",
    );
    const byRow = new Map(
      result.rows.map((r) => [
        r.row,
        r.errors.map((e) => `${e.column ? `${e.column}: ` : ""}${english(e.message)}`).join(" "),
      ]),
    );
    expect(byRow.get(2)).toBeUndefined();
    expect(byRow.get(3)).toContain("control characters");
    expect(byRow.get(4)).toContain("quantity: The quantity is too large.");
    expect(byRow.get(5)).toContain("counted_at: That date does not exist.");
    expect(byRow.get(6)).toContain("No ship-to address of your organisation is named “Nowhere depot”");
    expect(byRow.get(7)).toContain("cannot be negative");
    expect(byRow.get(8)).toContain("unit: Use one of");
    expect(await stockRows()).toEqual(before);
  });

  it("saves a good file whole, with each count's time", async () => {
    const csv = [
      "site,item,unit,quantity,counted_at",
      '"Stuttgart plant, goods in",Washer M8,pcs,12.5,2026-01-05 07:30',
      "esslingen warehouse,Washer M8,pcs,0,",
    ].join("\n");
    expect(await importStockCsv(demo.as(BUYER, now), csv)).toEqual({ ok: true, saved: 2 });
    const page = await listStock(demo.as(BUYER, now));
    const washers = page.rows.filter((r) => r.itemName === "Washer M8");
    expect(washers.map((w) => [w.siteLabel, w.quantity])).toEqual([
      ["Esslingen warehouse", "0.000"],
      ["Stuttgart plant, goods in", "12.500"],
    ]);
    // 07:30 in Berlin on 5 January is 06:30 UTC.
    expect(washers[1].countedAt.toISOString()).toBe("2026-01-05T06:30:00.000Z");
    expect(washers[0].countedAt.getTime()).toBe(now.getTime());
  });

  it("refuses the same item and site twice in one file", async () => {
    const csv = "site,item,unit,quantity\nEsslingen warehouse,Washer M8,pcs,1\nEsslingen warehouse,WASHER M8,pcs,2\n";
    const result = await importStockCsv(demo.as(BUYER, now), csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(english(result.fileError)).toBe(
      "1 row has a problem; nothing was saved. Correct it and upload the file again.",
    );
    expect(result.rows.map((r) => [r.row, r.errors.map((e) => [e.column, english(e.message)])])).toEqual([
      [3, [[null, "The same item and site as row 2: keep one count of each."]]],
    ]);
  });
});

describe("who may", () => {
  it("another organisation gets 404, finance and suppliers are refused", async () => {
    const [any] = await t.db.selectFrom("reorder_rules").where("org_id", "=", demo.orgId(ACME)).select("id").execute();
    const statusOf = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (error) {
        if (error instanceof Response) return error.status;
        throw error;
      }
      return 200;
    };
    expect(await statusOf(loadReorderRuleFor(demo.as(INITECH_BUYER), any.id, "read"))).toBe(404);
    expect(await statusOf(getRulePage(demo.as(INITECH_BUYER), { id: any.id }))).toBe(404);
    expect(await statusOf(getRulePage(demo.as(NORTHWIND_SALES), { id: any.id }))).toBe(404);
    expect(await statusOf(getRulePage(demo.as(FINANCE), { id: any.id }))).toBe(404);
    expect(await statusOf(listRules(demo.as(FINANCE)))).toBe(403);
    expect(await statusOf(listRules(demo.as(NORTHWIND_SALES)))).toBe(403);
    expect(await statusOf(runReorderNow(demo.as(NORTHWIND_SALES)))).toBe(403);
    expect(await statusOf(listStock(demo.as(NORTHWIND_SALES)))).toBe(403);
    // Initech's run judges Initech's rules only: none.
    expect((await runReorderNow(demo.as(INITECH_BUYER))).rules).toBe(0);
    // A rule at another organisation's site is refused beside the field.
    const initechSite = await t.db
      .insertInto("ship_to_addresses")
      .values({ org_id: demo.orgId("Initech"), label: "Initech dock", address: "Initech" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(rule("Hex nut M8", initechSite.id)).rejects.toBeInstanceOf(FormError);
  });

  it("takes only items of the catalogue: a draft agreement's item, or one not yet in force, is refused beside the item", async () => {
    const draftItem = async (validFrom: string, send: boolean) => {
      const created = await createAgreement(demo.as(BUYER, now), {
        key: randomUUID(),
        supplierOrgId: demo.orgId(NORTHWIND),
        title: "Not in force",
        currency: "EUR",
        validFrom,
        validTo: "2099-12-31",
        leadTimeDays: "3",
        items: [
          {
            itemName: "Gasket DN80",
            specification: "",
            category: "Seals",
            unit: "pcs",
            unitPrice: "2.00",
            quantityCap: undefined,
            priceBreaks: "",
          },
        ],
      });
      if (send) {
        await sendAgreement(demo.as(BUYER, now), { id: created.id, version: 1 });
        await acknowledgeAgreement(demo.as(NORTHWIND_SALES, now), { id: created.id, version: 2 });
      }
      const item = await t.db
        .selectFrom("agreement_items")
        .innerJoin("agreements", "agreements.id", "agreement_items.agreement_id")
        .where("agreement_id", "=", created.id)
        .select(["agreement_items.id", "agreements.number"])
        .executeTakeFirstOrThrow();
      return item;
    };
    const ask = (itemId: string) =>
      createRule(demo.as(BUYER, now), {
        itemId,
        preferItem: false,
        siteId: esslingen,
        reorderPoint: "10",
        policy: "fixed",
        fixedQuantity: "20",
      });
    const today = now.toISOString().slice(0, 10);
    const draft = await draftItem(today, false);
    const refusal = async (p: Promise<unknown>) => {
      const error = await p.then(
        () => null,
        (e: unknown) => e,
      );
      if (!(error instanceof FormError)) throw new Error("expected a refusal beside the field");
      return englishErrors(error.fieldErrors);
    };
    expect(await refusal(ask(draft.id))).toEqual({
      itemId: `Gasket DN80 is not in the catalogue: agreement ${draft.number} is not active. Choose an item an active agreement offers.`,
    });
    const later = await draftItem("2099-01-01", true);
    expect(await refusal(ask(later.id))).toEqual({
      itemId: `Gasket DN80 is not in the catalogue today: agreement ${later.number} runs from 2099-01-01 to 2099-12-31.`,
    });
    const rules = await t.db.selectFrom("reorder_rules").where("item_name", "=", "Gasket DN80").select("id").execute();
    expect(rules).toEqual([]);
  });

  it("a second rule for the same item and site is refused beside the item", async () => {
    await expect(rule("Hex nut M8", esslingen)).rejects.toMatchObject({
      fieldErrors: { itemId: "Your organisation has a rule for this item at this site already." },
    });
  });
});
