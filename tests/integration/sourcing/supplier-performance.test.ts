/**
 * Supplier performance as it happens (decision 028), on a real database: a
 * new supplier, Umbrella Supplies, works with Acme through the same use
 * cases the pages call (three RFQs, two POs, receipts and invoices), each
 * event moving its counters in its own transaction; the scorecard then
 * gives exactly the hand-computed rates, the comparison says the same about
 * on-time delivery (leaving out the compared RFQ's own PO), and another
 * buying organisation sees none of it.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Actor } from "../../../app/auth/ability";
import { submitInvoice, resubmitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { recordReceipt } from "../../../app/models/fulfilment/receipt.server";
import { approvePo, submitPo } from "../../../app/models/ordering/approval.server";
import { recountDeliveries } from "../../../app/models/ordering/supplier-performance.server";
import { deliveryRecords, deliveryRecordsQuery } from "../../../app/models/sourcing/delivery-records.server";
import { acknowledgePo } from "../../../app/models/ordering/supplier-answers.server";
import { getComparison } from "../../../app/models/sourcing/comparison.server";
import { english } from "../../support/english";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { getSupplierScorecard, lastMonths } from "../../../app/models/sourcing/scorecard.server";
import {
  ACME,
  BUYER,
  FINANCE,
  GLOBEX,
  INITECH,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  actingAs,
  publishedRfq,
  quoteInput,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { awardRfq } from "../../factories/award";
import { poLineIds, poRow, poVersion } from "../../factories/purchasing";
import { asOwner, createTestDb, type TestDb } from "../../support/test-db";
import * as migration from "../../../db/migrations/2026-12-08T0300-supplier-performance";

const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;
let umbrella: string;
let umbrellaSales: Actor;
const rfqs: string[] = [];
const pos: string[] = [];

/** Every counter of Acme with Umbrella, added up over the months. */
async function counters(buyer = ACME) {
  const row = await t.db
    .selectFrom("supplier_performance_months")
    .where("buyer_org_id", "=", demo.orgId(buyer))
    .where("supplier_org_id", "=", umbrella)
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("invitations_closed"), eb.lit(0)).as("invitations_closed"),
      eb.fn.coalesce(eb.fn.sum<number>("invitations_answered"), eb.lit(0)).as("invitations_answered"),
      eb.fn.coalesce(eb.fn.sum<number>("quotes_decided"), eb.lit(0)).as("quotes_decided"),
      eb.fn.coalesce(eb.fn.sum<number>("quotes_won"), eb.lit(0)).as("quotes_won"),
      eb.fn.coalesce(eb.fn.sum<number>("pos_judged"), eb.lit(0)).as("pos_judged"),
      eb.fn.coalesce(eb.fn.sum<number>("pos_on_time"), eb.lit(0)).as("pos_on_time"),
      eb.fn.coalesce(eb.fn.sum<number>("lines_judged"), eb.lit(0)).as("lines_judged"),
      eb.fn.coalesce(eb.fn.sum<number>("lines_exact"), eb.lit(0)).as("lines_exact"),
      eb.fn.coalesce(eb.fn.sum<number>("invoices_first"), eb.lit(0)).as("invoices_first"),
      eb.fn.coalesce(eb.fn.sum<number>("invoices_matched_first"), eb.lit(0)).as("invoices_matched_first"),
      eb.fn.coalesce(eb.fn.sum<number>("price_lines"), eb.lit(0)).as("price_lines"),
      eb.fn.coalesce(eb.fn.sum<string>("price_ratio_sum"), eb.lit(0)).as("price_ratio_sum"),
    ])
    .executeTakeFirstOrThrow();
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === "price_ratio_sum" ? String(v) : Number(v)]));
}

const umbrellaCtx = (at = new Date()) => actingAs(t.db, umbrellaSales, at);

beforeAll(async () => {
  t = await createTestDb("supplier_performance");
  demo = await seededDemo(t.db);
  // A new supplier working with Acme (and, with no history, with Initech), so every figure is computable by hand.
  umbrella = (
    await t.db
      .insertInto("organisations")
      .values({ name: "Umbrella Supplies", kind: "supplier" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const user = await t.db
    .insertInto("users")
    .values({ email: "sales@umbrella.test", name: "Uma Brell", password_hash: "" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: user.id, org_id: umbrella, role: "supplier" }).execute();
  umbrellaSales = { userId: user.id, orgId: umbrella, roles: ["supplier"] };
  await t.db
    .insertInto("supplier_relationships")
    .values([
      { buyer_org_id: demo.orgId(ACME), supplier_org_id: umbrella, status: "active", qualification_status: "approved" },
      {
        buyer_org_id: demo.orgId(INITECH),
        supplier_org_id: umbrella,
        status: "active",
        qualification_status: "approved",
      },
    ])
    .execute();
  // A second delivery of 5 % more is taken in: quantity accuracy has something to judge.
  await t.db
    .updateTable("organisations")
    .set({ receipt_tolerance_percent: "10" })
    .where("id", "=", demo.orgId(ACME))
    .execute();
});

afterAll(async () => {
  await t?.destroy();
});

let sequence = 0;
/**
 * An RFQ of one line of 100 pcs inviting Umbrella and Northwind, each quoting
 * the given unit price (null: does not answer), closed at its deadline.
 */
async function closedRfq(umbrellaPrice: string | null, northwindPrice: string) {
  sequence += 1;
  const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + sequence * 10 * MINUTE);
  const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
  const rfqId = await publishedRfq(
    demo,
    { title: `Performance ${sequence}`, deadlineAt: deadline, supplierIds: [umbrella, demo.orgId(NORTHWIND)] },
    createdAt,
  );
  const quotedAt = new Date(createdAt.getTime() + MINUTE);
  if (umbrellaPrice)
    await submitQuote(umbrellaCtx(quotedAt), { rfqId, ...(await quoteInput(t.db, rfqId, [umbrellaPrice])) });
  await submitQuote(demo.as(NORTHWIND_SALES, quotedAt), {
    rfqId,
    ...(await quoteInput(t.db, rfqId, [northwindPrice])),
  });
  await closeDueRfqs(t.db, new Date(deadline.getTime() + 1_000));
  rfqs.push(rfqId);
  return { rfqId, awardAt: new Date(deadline.getTime() + 2_000) };
}

async function awardTo(rfq: { rfqId: string; awardAt: Date }, supplierOrgId: string, justification?: string) {
  const { version } = await t.db
    .selectFrom("rfqs")
    .where("id", "=", rfq.rfqId)
    .select("version")
    .executeTakeFirstOrThrow();
  return awardRfq(demo.as(BUYER, rfq.awardAt), { rfqId: rfq.rfqId, supplierOrgId, version, justification });
}

/** Submitted, approved by finance when it needs it (so issued), and acknowledged by Umbrella with a promised date. */
async function acknowledgedBy(poId: string, promisedDate: string) {
  await submitPo(demo.as(BUYER), { id: poId, version: await poVersion(t.db, poId) });
  // Below finance's first threshold a PO needs no approval and is issued at once.
  const { status } = await poRow(t.db, poId);
  if (status === "pending_approval")
    await approvePo(demo.as(FINANCE), { id: poId, version: await poVersion(t.db, poId) });
  await acknowledgePo(umbrellaCtx(), { id: poId, version: await poVersion(t.db, poId), promisedDate });
}

async function receive(poId: string, quantity: string, receivedOn: string, deliveryNote: string) {
  const [lineId] = await poLineIds(t.db, poId);
  await recordReceipt(demo.as(BUYER), {
    poId,
    version: await poVersion(t.db, poId),
    receivedOn,
    deliveryNote,
    note: "",
    lines: [{ poLineId: lineId, quantity }],
  });
}

async function invoice(poId: string, number: string, quantity: string, unitPrice: string) {
  const [lineId] = await poLineIds(t.db, poId);
  return submitInvoice(umbrellaCtx(), {
    poId,
    invoiceNumber: number,
    issuedOn: "2026-11-22",
    dueOn: "",
    lines: [{ poLineId: lineId, quantity, unitPrice, taxRate: "0" }],
  });
}

describe("each event moves its own counters, once", () => {
  it("an RFQ closing settles its invitations; an award decides the quotes and prices the awarded lines", async () => {
    expect(await counters()).toMatchObject({ invitations_closed: 0, quotes_decided: 0 });
    // RFQ 1: Umbrella 2.00, Northwind 2.50. Awarded to Umbrella, the lowest: ratio 1.
    const first = await closedRfq("2.00", "2.50");
    expect(await counters()).toMatchObject({ invitations_closed: 1, invitations_answered: 1, quotes_decided: 0 });
    pos.push((await awardTo(first, umbrella)).poId);
    expect(await counters()).toMatchObject({
      invitations_closed: 1,
      invitations_answered: 1,
      quotes_decided: 1,
      quotes_won: 1,
      price_lines: 1,
      price_ratio_sum: "1.000000",
    });
    // RFQ 2: Umbrella 3.00, Northwind 2.40; awarded to Umbrella anyway: 300.00 / 240.00 = 1.25.
    pos.push((await awardTo(await closedRfq("3.00", "2.40"), umbrella, "Umbrella holds the tooling.")).poId);
    // RFQ 3: Umbrella does not answer; Northwind wins. Umbrella's quote was never there to decide.
    await awardTo(await closedRfq(null, "2.00"), demo.orgId(NORTHWIND));
    expect(await counters()).toMatchObject({
      invitations_closed: 3,
      invitations_answered: 2,
      quotes_decided: 2,
      quotes_won: 2,
      price_lines: 2,
      price_ratio_sum: "2.250000",
      pos_judged: 0,
    });
  });

  it("the receipt that completes a PO judges its delivery; a partial one does not", async () => {
    const [po1, po2] = pos;
    await acknowledgedBy(po1, "2026-11-25");
    await acknowledgedBy(po2, "2026-11-10");
    // PO 1: all 100 on 20 November, promised for the 25th: on time, exact.
    await receive(po1, "100", "2026-11-20", "UM-1");
    expect(await counters()).toMatchObject({ pos_judged: 1, pos_on_time: 1, lines_judged: 1, lines_exact: 1 });
    // PO 2: 60 on 5 November, then 45 on the 12th, promised for the 10th: late, and 5 more than ordered.
    await receive(po2, "60", "2026-11-05", "UM-2");
    expect(await counters()).toMatchObject({ pos_judged: 1, pos_on_time: 1, lines_judged: 1, lines_exact: 1 });
    await receive(po2, "45", "2026-11-12", "UM-3");
    expect(await counters()).toMatchObject({ pos_judged: 2, pos_on_time: 1, lines_judged: 2, lines_exact: 1 });
    // Both were due in November: that month holds them.
    const november = await t.db
      .selectFrom("supplier_performance_months")
      .where("supplier_org_id", "=", umbrella)
      .where("month", "=", "2026-11-01")
      .select(["pos_judged", "pos_on_time"])
      .executeTakeFirstOrThrow();
    expect(november).toEqual({ pos_judged: 2, pos_on_time: 1 });
  });

  it("an invoice counts at its first match only; a corrected resubmission does not count again", async () => {
    const [po1, po2] = pos;
    expect((await invoice(po1, "UM-INV-1", "100", "2.00")).status).toBe("matched");
    expect(await counters()).toMatchObject({ invoices_first: 1, invoices_matched_first: 1 });
    // PO 2 at 3.50 instead of 3.00: disputed; corrected, it matches, and still counts as not first time.
    const disputed = await invoice(po2, "UM-INV-2", "100", "3.50");
    expect(disputed.status).toBe("disputed");
    expect(await counters()).toMatchObject({ invoices_first: 2, invoices_matched_first: 1 });
    const [lineId] = await poLineIds(t.db, po2);
    const { version } = await t.db
      .selectFrom("invoices")
      .where("id", "=", disputed.invoiceId)
      .select("version")
      .executeTakeFirstOrThrow();
    const corrected = await resubmitInvoice(umbrellaCtx(), {
      id: disputed.invoiceId,
      version,
      lines: [{ poLineId: lineId, quantity: "100", unitPrice: "3.00", taxRate: "0" }],
    });
    expect(corrected.status).toBe("matched");
    expect(await counters()).toMatchObject({ invoices_first: 2, invoices_matched_first: 1 });
  });
});

describe("the scorecard", () => {
  it("gives exactly the hand-computed rates", async () => {
    const card = await getSupplierScorecard(demo.as(BUYER), { supplierOrgId: umbrella });
    // The figures travel as catalogue messages; an English reader sees these words.
    const allTime = Object.fromEntries(
      card.measures.map((m) => [m.key, [m.allTime.percent, english(m.allTime.display)]]),
    );
    expect(allTime).toEqual({
      // RFQ 1 and 2 answered, RFQ 3 not: 2 of 3.
      response: ["66.67", "2 of 3 invitations answered (67%)"],
      // Both quotes decided were won.
      win: ["100.00", "2 of 2 quotes won (100%)"],
      // PO 1 on time, PO 2 late.
      onTime: ["50.00", "1 of 2 on time (50%)"],
      // PO 1 exactly 100 of 100; PO 2 105 of 100.
      quantity: ["50.00", "1 of 2 lines exact (50%)"],
      // PO 1's invoice matched at once; PO 2's only after correction.
      invoiceMatch: ["50.00", "1 of 2 matched first time (50%)"],
      // (1 + 1.25) / 2 = 1.125: 12.5 % above the lowest quote on average.
      price: ["12.50", "12.5% above the lowest quote (2 lines)"],
    });
    // The comparison's own words for on-time delivery, from the same counters.
    expect(card.onTime).toEqual({ onTime: 1, counted: 2, text: "1 of 2 on time (50%)" });
    // Twelve months up to today; the deliveries in the month they were due.
    expect(card.measures[2].months.map((m) => m.month)).toEqual(lastMonths(card.today).map((m) => m.slice(0, 7)));
    const november = card.measures.find((m) => m.key === "onTime")?.months.find((m) => m.month === "2026-11");
    expect(english(november?.display ?? "")).toBe("1 of 2 on time (50%)");
  });

  it("says the same as the comparison, which leaves out the compared RFQ's own PO", async () => {
    const [first, second] = rfqs;
    const performanceIn = async (rfqId: string) =>
      (await getComparison(demo.as(BUYER), { rfqId })).suppliers.find((s) => s.supplierOrgId === umbrella)?.performance;
    // Comparing RFQ 1 leaves out PO 1 (on time): PO 2, late. Comparing RFQ 2 leaves out PO 2: PO 1, on time.
    expect(await performanceIn(first)).toEqual({ onTime: 0, counted: 1, share: "0" });
    expect(await performanceIn(second)).toEqual({ onTime: 1, counted: 1, share: "1" });
  });

  it("is finance's to read too; a supplier, even this one, gets a 404; another buyer sees only its own", async () => {
    const finance = await getSupplierScorecard(demo.as(FINANCE), { supplierOrgId: umbrella });
    expect(finance.onTime.text).toBe("1 of 2 on time (50%)");
    expect((await responseOf(getSupplierScorecard(umbrellaCtx(), { supplierOrgId: umbrella }))).status).toBe(404);
    expect((await responseOf(getSupplierScorecard(demo.as(NORTHWIND_SALES), { supplierOrgId: umbrella }))).status).toBe(
      404,
    );
    // Initech works with Umbrella but did nothing with it: Acme's history never counts for Initech.
    const initech = await getSupplierScorecard(demo.as(INITECH_BUYER), { supplierOrgId: umbrella });
    expect(initech.measures.map((m) => m.allTime.display)).toEqual(Array(6).fill("no history"));
    expect(initech.onTime.text).toBe("no history");
    expect(await counters(INITECH)).toMatchObject({ invitations_closed: 0, pos_judged: 0 });
    // A supplier Acme has no relationship with: no page.
    const stranger = await t.db
      .insertInto("organisations")
      .values({ name: "Stranger Supplies", kind: "supplier" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await responseOf(getSupplierScorecard(demo.as(BUYER), { supplierOrgId: stranger.id }))).status).toBe(404);
  });
});

describe("as history grows", () => {
  /** Received POs of Acme's with each supplier, numbered from..to-1, due 40 + k days ago, received a day early (even k) or late (odd k). */
  async function pastPurchaseOrders(supplierOrgIds: string[], from: number, to: number) {
    const today = demo.now.toISOString().slice(0, 10);
    await sql`
      with pos as (
        insert into purchase_orders
          (number, buyer_org_id, supplier_org_id, status, currency, subtotal, total, delivery_date, created_by)
        select 'PAST-' || s.ord || '-' || k, ${demo.orgId(ACME)}, s.id, 'received', 'EUR', '10.00', '10.00',
          ${today}::date - (40 + k), ${demo.actor(BUYER).userId}
        from unnest(${supplierOrgIds}::uuid[]) with ordinality as s(id, ord), generate_series(${from}::int, ${to - 1}::int) as k
        returning id, delivery_date, number
      ),
      lines as (
        insert into purchase_order_lines (po_id, position, item_name, quantity, unit, unit_price, line_total)
        select id, 1, 'Past part', '10', 'pcs', '1.00', '10.00' from pos
        returning id, po_id
      ),
      receipts as (
        insert into receipts (po_id, buyer_org_id, received_by, received_on, delivery_note)
        select id, ${demo.orgId(ACME)}, ${demo.actor(BUYER).userId},
          delivery_date + case when split_part(number, '-', 3)::int % 2 = 0 then -1 else 1 end, number
        from pos
        returning id, po_id
      )
      insert into receipt_lines (receipt_id, po_line_id, quantity)
      select receipts.id, lines.id, '10' from lines join receipts on receipts.po_id = lines.po_id
    `.execute(t.db);
    // Loaded in bulk, so no receipt counted them: rebuilt from the history, as after any bulk load.
    await recountDeliveries(t.db, demo.orgId(ACME));
    await sql`analyze`.execute(t.db);
  }

  it("reads the comparison with the same queries, and an on-time plan that never walks the history", async () => {
    const hydraulic = await demo.rfq("Hydraulic fittings");
    const suppliers = [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)];
    const today = demo.now.toISOString().slice(0, 10);
    const args = { buyerOrgId: demo.orgId(ACME), supplierOrgIds: suppliers, excludeRfqId: hydraulic.id, today };
    let queries = 0;
    const counting = t.db.withPlugin({
      transformQuery: (a) => {
        queries += 1;
        return a.node;
      },
      transformResult: (a) => Promise.resolve(a.result),
    });
    const compare = async () => {
      queries = 0;
      const c = await getComparison(actingAs(counting, demo.actor(BUYER)), { rfqId: hydraulic.id });
      expect(c.suppliers.map((s) => s.supplierOrgId).sort()).toEqual([...suppliers].sort());
      return queries;
    };
    const base = await deliveryRecords(t.db, args);
    const plus = (supplier: string, onTime: number, counted: number) => ({
      onTime: (base[supplier]?.onTime ?? 0) + onTime,
      counted: (base[supplier]?.counted ?? 0) + counted,
    });

    await pastPurchaseOrders(suppliers, 0, 1);
    const small = await compare();
    expect(await deliveryRecords(t.db, args)).toEqual(Object.fromEntries(suppliers.map((s) => [s, plus(s, 1, 1)])));

    await pastPurchaseOrders(suppliers, 1, 200);
    expect(await compare()).toBe(small);
    // 200 each: k = 0, 2, ..., 198 on time (100), the odd ones a day late.
    expect(await deliveryRecords(t.db, args)).toEqual(Object.fromEntries(suppliers.map((s) => [s, plus(s, 100, 200)])));

    // The on-time statement reads the counters and the few open POs, never the 400 delivered ones.
    const { rows } = await sql<{
      "QUERY PLAN": { Plan: PlanNode }[];
    }>`explain (analyze, format json) ${deliveryRecordsQuery(args)}`.execute(t.db);
    const nodes = flatten(rows[0]["QUERY PLAN"][0].Plan);
    const history = ["purchase_orders", "purchase_order_lines", "receipts", "receipt_lines"];
    const touching = nodes.filter((n) => history.includes(n["Relation Name"] ?? ""));
    expect(touching.length).toBeGreaterThan(0);
    for (const n of touching) {
      expect(n["Node Type"], `${n["Relation Name"]}`).not.toBe("Seq Scan");
      const read = (n["Actual Rows"] ?? 0) * (n["Actual Loops"] ?? 1) + (n["Rows Removed by Filter"] ?? 0);
      expect(read, `${n["Node Type"]} on ${n["Relation Name"]}`).toBeLessThan(20);
    }
    const indexes = nodes.map((n) => n["Index Name"]).filter(Boolean);
    expect(indexes).toContain("supplier_performance_months_pkey");
    expect(indexes).toContain("purchase_orders_open_delivery_idx");
  });
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

describe("the migration's backfill", () => {
  it("counts the history exactly as the events counted it", async () => {
    type Row = Record<string, string | number>;
    // Per buyer and supplier over every month: the backfill reads the times rows were written, the events their clock.
    const totals = async (db: typeof t.db) => {
      const rows = (await db.selectFrom("supplier_performance_months").selectAll().execute()) as unknown as Row[];
      const sums = new Map<string, Record<string, number>>();
      for (const { buyer_org_id, supplier_org_id, month: _month, ...counters } of rows) {
        const key = `${buyer_org_id} ${supplier_org_id}`;
        const sum = sums.get(key) ?? {};
        for (const [k, v] of Object.entries(counters)) sum[k] = (sum[k] ?? 0) + Number(v);
        sums.set(key, sum);
      }
      return new Map([...sums].filter(([, s]) => Object.values(s).some((v) => v !== 0)));
    };
    const byEvents = await totals(t.db);
    expect(byEvents.size).toBeGreaterThanOrEqual(3);
    // Dropped and made again as the migration makes it, on this database's whole history.
    const backfilled = await asOwner(t, async (db) => {
      await migration.down(db);
      await migration.up(db);
      return totals(db);
    });
    expect([...backfilled.keys()].sort()).toEqual([...byEvents.keys()].sort());
    for (const [key, counted] of byEvents) {
      const { price_ratio_sum: ratio, ...rest } = counted;
      const { price_ratio_sum: rebuiltRatio, ...rebuiltRest } = backfilled.get(key) ?? {};
      expect(rebuiltRest, key).toEqual(rest);
      // Converted at full precision in SQL, rounded amounts in the award: equal to a few millionths.
      expect(Math.abs((rebuiltRatio ?? 0) - ratio), key).toBeLessThan(0.0001);
    }
  });
});
