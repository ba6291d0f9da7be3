/**
 * The comparison on a real database: two suppliers, one quoting in USD,
 * converted with finance's rate in force on the RFQ's close date (not a
 * later one), expired validity flagged, a missing rate shown as missing,
 * the CSV carrying the page's numbers, and sealed RFQs still refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LINE_PAGE_SIZE, LINE_PAGE_SIZE_MAX, parseLinePage } from "../../../app/models/sourcing/comparison-page.schema";
import { comparisonCsv } from "../../../app/models/sourcing/comparison-csv";
import { deliveryRecords } from "../../../app/models/sourcing/delivery-records.server";
import { recountDeliveries } from "../../../app/models/ordering/supplier-performance.server";
import { getComparison } from "../../../app/models/sourcing/comparison.server";
import { pageComparison } from "../../../app/models/sourcing/comparison";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import {
  ACME,
  INITECH,
  BUYER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  responseOf,
  seededDemo,
  type Demo,
  actingAs,
} from "../../factories/demo";
import { instantToZonedLocal } from "../../../app/utils/time";
import { createTestDb, type TestDb } from "../../support/test-db";
import { translated } from "../../../app/i18n/config";
import { translatorFor } from "../../../app/i18n/translator";

/** A notice as an English reader sees it: notices are catalogue keys with their values. */
const english = (text: string | null) => (text === null ? null : translated(translatorFor("en"), text));

const DAY = 86_400_000;
const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;
let rfqId: string;
let closedAt: Date;
/** The RFQ's close date, as finance dates its rates. */
let closeDate: string;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Adds a minimum order quantity or an alternate offer to quote lines, in line order. */
async function withTerms(
  input: ReturnType<typeof quoteInput>,
  terms: { minOrderQuantity?: string; alternateOffer?: string }[],
) {
  const quote = await input;
  return { ...quote, lines: quote.lines.map((l, i) => ({ ...l, ...terms[i] })) };
}

beforeAll(async () => {
  t = await createTestDb("comparison");
  demo = await seededDemo(t.db);
  // Ten days on at 10:00 UTC, so the close date is the same day in Berlin and in UTC.
  const day = new Date(demo.now.getTime() + 10 * DAY);
  const createdAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10, 0));
  const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
  rfqId = await publishedRfq(
    demo,
    {
      title: "Fasteners, FX comparison",
      lines: [
        { itemName: "Hex bolt M8", specification: "", quantity: "600", unit: "pcs" },
        { itemName: "Washer box", specification: "", quantity: "120", unit: "box" },
      ],
      deadlineAt: deadline,
      supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
    },
    createdAt,
  );
  const quotedAt = new Date(createdAt.getTime() + MINUTE);
  closeDate = isoDate(createdAt);
  await submitQuote(demo.as(NORTHWIND_SALES, quotedAt), {
    rfqId,
    ...(await withTerms(quoteInput(t.db, rfqId, ["4.20", "7.90"]), [
      { minOrderQuantity: "1000" },
      { alternateOffer: "Nitrile gloves, box of 200" },
    ])),
    freight: "25.00",
    validUntil: isoDate(new Date(createdAt.getTime() + DAY)),
    paymentTerms: "Net 30",
    incoterm: "DAP",
  });
  await submitQuote(demo.as(GLOBEX_SALES, quotedAt), {
    rfqId,
    ...(await quoteInput(t.db, rfqId, ["4.00", "8.95"], "6")),
    freight: "50.00",
    incoterm: "FCA",
  });
  // The quote form has no currency choice yet, so the USD quote is set up directly.
  const globexQuote = await t.db
    .selectFrom("quotes")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "=", demo.orgId(GLOBEX))
    .select("id")
    .executeTakeFirstOrThrow();
  await t.db.updateTable("quotes").set({ currency: "USD" }).where("id", "=", globexQuote.id).execute();
  await t.db.updateTable("quote_revisions").set({ currency: "USD" }).where("quote_id", "=", globexQuote.id).execute();

  const acme = demo.orgId(ACME);
  const rate = (offsetDays: number, value: string) => ({
    org_id: acme,
    base_currency: "EUR",
    quote_currency: "USD",
    rate: value,
    valid_on: isoDate(new Date(createdAt.getTime() + offsetDays * DAY)),
  });
  // The close date's own rate is the one in force; an older one is superseded, the next day's must not be used.
  await t.db
    .insertInto("fx_rates")
    .values([rate(-5, "0.9000"), rate(0, "0.9235"), rate(1, "0.9900")])
    .execute();

  closedAt = new Date(deadline.getTime() + 1_000);
  expect(await closeDueRfqs(t.db, closedAt)).toContain(rfqId);
});

afterAll(async () => {
  await t?.destroy();
});

describe("demo FX rates", () => {
  // First, before the tests below remove rates.
  it("have a USD and a GBP rate in force on every demo RFQ's close date", async () => {
    // Closed, or due to close at its past deadline (the deadline job closes the gloves RFQ on first start).
    const closed = await t.db
      .selectFrom("rfqs")
      .where("org_id", "=", demo.orgId(ACME))
      .where("deadline", "<=", demo.now)
      .where("status", "!=", "draft")
      .select(["title", "closed_at", "deadline", "deadline_time_zone"])
      .execute();
    expect(closed.map((r) => r.title)).toContain("Safety gloves, Q1 supply");
    expect(closed.length).toBeGreaterThanOrEqual(5);
    for (const rfq of closed) {
      const on = instantToZonedLocal(rfq.closed_at ?? rfq.deadline, rfq.deadline_time_zone).slice(0, 10);
      const inForce = await t.db
        .selectFrom("fx_rates")
        .where("org_id", "=", demo.orgId(ACME))
        .where("base_currency", "=", "EUR")
        .where("valid_on", "<=", on)
        .select("quote_currency")
        .distinct()
        .execute();
      expect({ rfq: rfq.title, currencies: inForce.map((r) => r.quote_currency).sort() }).toEqual({
        rfq: rfq.title,
        currencies: ["GBP", "USD"],
      });
    }
  });
});

describe("comparison in the RFQ's currency", () => {
  it("converts the USD quote at the close date's rate and finds the lowest total and the best split", async () => {
    const later = new Date(closedAt.getTime() + 3 * DAY);
    const c = await getComparison(demo.as(BUYER, later), { rfqId });
    expect(c.closeDate).toBe(closeDate);
    expect(c.suppliers.map((s) => s.supplierName)).toEqual([GLOBEX, NORTHWIND]);
    const [g, n] = c.suppliers;
    const [l1, l2] = c.lines;
    expect(g.currency).toBe("USD");
    expect(g.rate).toBe("0.9235");
    // 2400.00 × 0.9235 = 2216.40; 1074.00 × 0.9235 = 991.839 → 991.84
    // Landed: plus each line's share of the freight by value; 50.00 × 0.9235 = 46.175 → 46.18 EUR, shared
    // 46.18 × 2216.40 / 3208.24 = 31.90 and 46.18 × 991.84 / 3208.24 = 14.28 (the cent left to the larger remainder).
    expect(g.cells[l1.id]).toMatchObject({
      lineTotal: "2400.00",
      convertedLineTotal: "2216.40",
      landedLineTotal: "2248.30",
      lowest: true,
    });
    expect(g.cells[l2.id]).toMatchObject({
      convertedUnitPrice: "8.2653",
      convertedLineTotal: "991.84",
      landedLineTotal: "1006.12",
      lowest: false,
    });
    // Northwind's 25.00 freight: 25 × 948 / 3468 = 6.83 on line 2.
    expect(n.cells[l2.id]).toMatchObject({ convertedLineTotal: "948.00", landedLineTotal: "954.83", lowest: true });
    expect(g.convertedTotal).toBe("3208.24");
    expect(g.landedTotal).toBe("3254.42");
    expect(n.convertedTotal).toBe("3468.00");
    expect(n.landedTotal).toBe("3493.00");
    expect([g.lowest, n.lowest]).toEqual([true, false]);
    expect(n).toMatchObject({ expired: true, paymentTerms: "Net 30", incoterm: "DAP" });
    expect(g).toMatchObject({ expired: false, incoterm: "FCA" });
    // The lowest landed total, and the best split on landed lines: 2248.30 + 954.83 = 3203.13.
    expect(c.summary).toEqual({
      lowest: { supplierName: GLOBEX, total: "3254.42", goodsTotal: "3208.24" },
      splitTotal: "3203.13",
      difference: "51.29",
    });

    // Finance sees the same figures; the CSV carries exactly them.
    const f = await getComparison(demo.as(FINANCE, later), { rfqId });
    expect(f.summary).toEqual(c.summary);
    const csv = comparisonCsv(c);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = csv.slice(1).split("\r\n");
    expect(rows[1]).toBe(
      `1,Hex bolt M8,600,pcs,4.00,2400.00,2216.40,2248.30,lowest,,,4.20,2520.00,2520.00,2538.17,,1000 pcs (above the quantity asked),`,
    );
    expect(rows).toContain(`Goods total (EUR),,,,,,${g.convertedTotal},,,,,,,${n.convertedTotal},,,,`);
    expect(rows).toContain(`Landed total (EUR),,,,,,${g.landedTotal},,,,,,,${n.landedTotal},,,,`);
    expect(rows).toContain(`Lowest landed total,${GLOBEX},3254.42,3208.24`);
    expect(rows).toContain("Cheapest per line landed (best split),,3203.13");
  });

  it("shows a missing rate as missing instead of guessing one", async () => {
    await t.db
      .deleteFrom("fx_rates")
      .where("org_id", "=", demo.orgId(ACME))
      .where("quote_currency", "=", "USD")
      .where("valid_on", "<=", closeDate)
      .execute();
    // Only the rate dated after the close is left; it must not be used.
    const c = await getComparison(demo.as(BUYER, closedAt), { rfqId });
    const g = c.suppliers.find((s) => s.supplierName === GLOBEX);
    expect(g).toMatchObject({ missingRate: true, rate: null, convertedTotal: null, landedTotal: null, lowest: false });
    expect(Object.values(g?.cells ?? {}).map((cell) => cell?.convertedLineTotal)).toEqual([null, null]);
    // Northwind alone: 3468.00 of goods + 25.00 freight.
    expect(c.summary).toEqual({
      lowest: { supplierName: NORTHWIND, total: "3493.00", goodsTotal: "3468.00" },
      splitTotal: "3493.00",
      difference: "0.00",
    });
    expect(comparisonCsv(c)).toContain("no rate");
  });
});

describe("sealed and foreign RFQs", () => {
  it("refuses the comparison before the deadline and to suppliers", async () => {
    const at = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
    const open = await publishedRfq(
      demo,
      { title: "Still sealed", deadlineAt: new Date(at.getTime() + 30 * DAY), supplierIds: [demo.orgId(GLOBEX)] },
      at,
    );
    const refused = await responseOf(getComparison(demo.as(BUYER, at), { rfqId: open }));
    expect(refused.status).toBe(403);
    const supplier = await responseOf(getComparison(demo.as(GLOBEX_SALES, new Date()), { rfqId }));
    expect([403, 404]).toContain(supplier.status);
  });
});

describe("line terms, delivery record and ranking", () => {
  /** The rate the missing-rate test removed, back in place for these. */
  async function restoreRate() {
    await t.db
      .insertInto("fx_rates")
      .values({
        org_id: demo.orgId(ACME),
        base_currency: "EUR",
        quote_currency: "USD",
        rate: "0.9235",
        valid_on: closeDate,
      })
      .onConflict((oc) => oc.columns(["org_id", "base_currency", "quote_currency", "valid_on"]).doNothing())
      .execute();
  }
  const poOf = async (title: string) =>
    t.db
      .selectFrom("purchase_orders")
      .innerJoin("rfqs", "rfqs.id", "purchase_orders.rfq_id")
      .where("rfqs.title", "=", title)
      .select([
        "purchase_orders.id",
        "purchase_orders.rfq_id",
        "purchase_orders.status",
        "purchase_orders.delivery_date",
      ])
      .executeTakeFirstOrThrow();
  const day = (offset: number) => isoDate(new Date(demo.now.getTime() + offset * DAY));

  it("shows the MOQ and alternate each supplier submitted, flagging an MOQ above the quantity asked", async () => {
    await restoreRate();
    const c = await getComparison(demo.as(BUYER, closedAt), { rfqId });
    const n = c.suppliers.find((s) => s.supplierName === NORTHWIND);
    const g = c.suppliers.find((s) => s.supplierName === GLOBEX);
    const [l1, l2] = c.lines;
    expect(n?.lineTerms).toEqual({
      [l1.id]: { minOrderQuantity: "1000", moqAboveQuantity: true, alternateOffer: null },
      [l2.id]: { minOrderQuantity: null, moqAboveQuantity: false, alternateOffer: "Nitrile gloves, box of 200" },
    });
    expect([n?.moqLines, n?.alternateLines]).toEqual([1, 1]);
    expect(g?.lineTerms).toEqual({});
    expect([g?.leadTimeDays, n?.leadTimeDays]).toEqual([6, 10]);
    const rows = comparisonCsv(c).slice(1).split("\r\n");
    expect(rows[1]).toBe(
      "1,Hex bolt M8,600,pcs,4.00,2400.00,2216.40,2248.30,lowest,,,4.20,2520.00,2520.00,2538.17,,1000 pcs (above the quantity asked),",
    );
    expect(rows[2]).toBe(
      '2,Washer box,120,box,8.95,1074.00,991.84,1006.12,,,,7.90,948.00,948.00,954.83,lowest,,"Nitrile gloves, box of 200"',
    );
  });

  it("judges past POs by the receipt that completed them against the promised, else the wanted, date", async () => {
    // Welding consumables (Northwind): received in two parts, in full on the seed day; no date promised.
    // Hydraulic fittings (Northwind): acknowledged, nothing received yet.
    // Packaging material (Globex): still awaiting approval, so never judged.
    // Cable harnesses (Northwind): issued; its date is taken away so that it is never judged here.
    const welding = await poOf("Welding consumables");
    const hydraulic = await poOf("Hydraulic fittings");
    const harnesses = await poOf("Cable harnesses, line 2");
    expect(harnesses.delivery_date).not.toBeNull();
    await t.db.updateTable("purchase_orders").set({ delivery_date: null }).where("id", "=", harnesses.id).execute();
    await t.db
      .updateTable("purchase_orders")
      .set({ delivery_date: day(0), promised_date: null })
      .where("id", "=", welding.id)
      .execute();
    // Promised three days ago, wanted later: the promise counts, and it has passed.
    await t.db
      .updateTable("purchase_orders")
      .set({ delivery_date: day(20), promised_date: day(-3) })
      .where("id", "=", hydraulic.id)
      .execute();
    const suppliers = [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)];
    const today = day(1);
    const acme = demo.orgId(ACME);
    // The dates were changed by hand after the receipt that completed Welding consumables had counted it.
    await recountDeliveries(t.db, acme);

    expect(await deliveryRecords(t.db, { buyerOrgId: acme, supplierOrgIds: suppliers, today })).toEqual({
      [demo.orgId(NORTHWIND)]: { onTime: 1, counted: 2 },
    });
    // Not yet due: the open PO is not judged, only the received one.
    expect(await deliveryRecords(t.db, { buyerOrgId: acme, supplierOrgIds: suppliers, today: day(-4) })).toEqual({
      [demo.orgId(NORTHWIND)]: { onTime: 1, counted: 1 },
    });
    // The RFQ being compared does not judge its own PO.
    expect(
      await deliveryRecords(t.db, {
        buyerOrgId: acme,
        supplierOrgIds: suppliers,
        excludeRfqId: hydraulic.rfq_id as string,
        today,
      }),
    ).toEqual({ [demo.orgId(NORTHWIND)]: { onTime: 1, counted: 1 } });
    // Another buying organisation's history is its own.
    expect(await deliveryRecords(t.db, { buyerOrgId: demo.orgId(INITECH), supplierOrgIds: suppliers, today })).toEqual(
      {},
    );

    const c = await getComparison(demo.as(BUYER, new Date(demo.now.getTime() + DAY)), { rfqId });
    const n = c.suppliers.find((s) => s.supplierName === NORTHWIND);
    const g = c.suppliers.find((s) => s.supplierName === GLOBEX);
    expect(n?.performance).toEqual({ onTime: 1, counted: 2, share: "0.5" });
    expect(g?.performance).toEqual({ onTime: 0, counted: 0, share: null });
    expect(comparisonCsv(c).slice(1).split("\r\n")).toContain(
      "On-time delivery,,,,,,no history,,,,,,,1 of 2 on time (50%),,,,",
    );

    // Promised the day before the last part arrived: completed late, though the first part came in time.
    await t.db
      .updateTable("purchase_orders")
      .set({ promised_date: day(-1) })
      .where("id", "=", welding.id)
      .execute();
    await recountDeliveries(t.db, acme);
    expect(await deliveryRecords(t.db, { buyerOrgId: acme, supplierOrgIds: suppliers, today })).toEqual({
      [demo.orgId(NORTHWIND)]: { onTime: 0, counted: 2 },
    });
    await t.db.updateTable("purchase_orders").set({ promised_date: null }).where("id", "=", welding.id).execute();
    await recountDeliveries(t.db, acme);
  });

  it("ranks with the buyer's weights, flags the expired quote, and the CSV carries the page's scores", async () => {
    await restoreRate();
    // The demo's call-offs from Northwind's framework agreement fall due within the days this test
    // looks ahead; left undated, they are not judged, so the history is the one the test above built.
    await t.db
      .updateTable("purchase_orders")
      .set({ delivery_date: null })
      .where("agreement_id", "is not", null)
      .execute();
    const later = new Date(closedAt.getTime() + 3 * DAY);
    const c = await getComparison(demo.as(BUYER, later), {
      rfqId,
      weights: {
        price: 50,
        lead: 30,
        performance: 20,
      },
    });
    // Landed: Globex 3254.42 EUR, 6 days, no history; Northwind 3493.00 EUR, 10 days, history from the test above.
    // Globex: 100 × 50% = 50.00 + 100 × 30% = 30.00 + 50 × 20% = 10.00 → 90.00
    // Northwind: 3254.42 / 3493.00 = 93.17 × 50% = 46.585 → 46.59 + 6/10 = 60.00 × 30% = 18.00 + 50.00 × 20% = 10.00 → 74.59
    const n = c.suppliers.find((s) => s.supplierName === NORTHWIND);
    expect(n?.performance.share).toBe("0.5");
    expect(
      c.ranking.map((r) => [
        r.name,
        r.rank,
        r.total,
        r.criteria.map((k) => `${k.score}×${k.weight}=${k.contribution}`),
      ]),
    ).toEqual([
      [GLOBEX, 1, "90.00", ["100.00×50=50.00", "100.00×30=30.00", "50.00×20=10.00"]],
      [NORTHWIND, 2, "74.59", ["93.17×50=46.59", "60.00×30=18.00", "50.00×20=10.00"]],
    ]);
    expect(n?.expired).toBe(true);
    const rows = comparisonCsv(c).slice(1).split("\r\n");
    const perSupplier = (label: string, globex: string, northwind: string) =>
      [label, "", "", "", "", "", globex, "", "", "", "", "", "", northwind, "", "", "", ""].join(",");
    expect(rows).toContain(perSupplier("Expired", "", "expired"));
    expect(rows).toContain(perSupplier("Score (weights: price 50 / lead time 30 / performance 20)", "90.00", "74.59"));
    expect(rows).toContain(perSupplier("Rank", "1", "2"));
    expect(rows).toContain(perSupplier("Lead time score", "100.00", "60.00"));
    expect(rows).toContain(perSupplier("Lines with a minimum order quantity", "0", "1"));
  });

  it("reads the comparison with a fixed number of queries", async () => {
    let queries = 0;
    const counting = t.db.withPlugin({
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    // The RFQ and its invitations (authorization), lines, quotes, quote lines, terms, MOQ and
    // alternates, delivery records, and the rates when some quote is in a foreign currency: never one per
    // supplier or per line
    // (bench/comparison.ts shows the same count at 50 suppliers × 500 lines).
    await getComparison(actingAs(counting, demo.actor(BUYER), closedAt), { rfqId });
    expect(queries).toBe(9);
    queries = 0;
    const gloves = await demo.rfq("Safety gloves, Q1 supply");
    await getComparison(actingAs(counting, demo.actor(BUYER), closedAt), { rfqId: gloves.id });
    expect(queries).toBe(8);
  });
});

describe("one page of lines", () => {
  /** Seven lines, two suppliers in EUR; Northwind does not bid on line 6 and sets an MOQ on line 5. */
  async function sevenLines() {
    const createdAt = new Date(closedAt.getTime() + 5 * DAY);
    const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
    const id = await publishedRfq(
      demo,
      {
        title: "Seven lines, paged",
        lines: Array.from({ length: 7 }, (_, i) => ({
          itemName: `Paged part ${i + 1}`,
          specification: "",
          quantity: String(10 * (i + 1)),
          unit: "pcs",
        })),
        deadlineAt: deadline,
        supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
      },
      createdAt,
    );
    const quotedAt = new Date(createdAt.getTime() + MINUTE);
    const northwind = await quoteInput(t.db, id, ["1.00", "2.00", "3.00", "4.00", "5.00", "6.00", "7.00"]);
    northwind.lines[5] = { rfqLineId: northwind.lines[5].rfqLineId, unitPrice: "", noBid: "on" };
    northwind.lines[4] = { ...northwind.lines[4], minOrderQuantity: "500" };
    await submitQuote(demo.as(NORTHWIND_SALES, quotedAt), { rfqId: id, ...northwind });
    await submitQuote(demo.as(GLOBEX_SALES, quotedAt), {
      rfqId: id,
      ...(await quoteInput(t.db, id, ["1.10", "1.90", "3.10", "3.90", "5.10", "5.90", "7.10"])),
    });
    expect(await closeDueRfqs(t.db, new Date(deadline.getTime() + 1_000))).toContain(id);
    return { id, at: new Date(deadline.getTime() + DAY) };
  }
  const page = (query: string) => parseLinePage(new URLSearchParams(query));

  it("holds the rows and cells of its lines only, with every figure computed over all lines", async () => {
    const { id, at } = await sevenLines();
    const full = await getComparison(demo.as(BUYER, at), { rfqId: id });
    const second = pageComparison(full, page("page=2&pageSize=3"));
    expect(second.linePage).toEqual({ page: 2, pageCount: 3, size: 3, first: 4, last: 6, total: 7, notice: null });
    expect(second.lines.map((l) => l.item_name)).toEqual(["Paged part 4", "Paged part 5", "Paged part 6"]);
    const shownIds = second.lines.map((l) => l.id);
    for (const s of second.suppliers) {
      const whole = full.suppliers.find((x) => x.quoteId === s.quoteId);
      expect(Object.keys(s.cells)).toEqual(shownIds);
      expect(s.cells).toEqual(Object.fromEntries(shownIds.map((lineId) => [lineId, whole?.cells[lineId]])));
      // Totals, priced lines and terms counts are the whole quote's, not the page's.
      expect([s.convertedTotal, s.landedTotal, s.pricedLines, s.moqLines, s.lowest]).toEqual([
        whole?.convertedTotal,
        whole?.landedTotal,
        whole?.pricedLines,
        whole?.moqLines,
        whole?.lowest,
      ]);
    }
    const northwind = second.suppliers.find((s) => s.supplierName === NORTHWIND);
    // Line 6 is Northwind's no-bid: still a row on the page, without a cell.
    expect(northwind?.cells[shownIds[2]]).toBeNull();
    expect(northwind?.pricedLines).toBe(6);
    expect(Object.keys(northwind?.lineTerms ?? {})).toEqual([shownIds[1]]);
    // Globex: 1.10×10 + 1.90×20 + 3.10×30 + 3.90×40 + 5.10×50 + 5.90×60 + 7.10×70 = 1404.00; the only complete quote.
    expect(second.summary).toEqual(full.summary);
    expect(second.summary.lowest).toEqual({ supplierName: GLOBEX, total: "1404.00", goodsTotal: "1404.00" });
    expect(second.ranking).toEqual(full.ranking);
    // The other pages' quoted lines go to their cheapest on a split award; all of them have a comparable price.
    expect(second.offPage).toEqual({ quoted: 4, withoutComparablePrice: [] });

    // Nothing of another page's lines reaches the page: no id, no name.
    const sent = JSON.stringify(second);
    for (const l of full.lines.filter((x) => !shownIds.includes(x.id))) {
      expect(sent).not.toContain(l.id);
      expect(sent).not.toContain(`"${l.item_name}"`);
    }

    const third = pageComparison(full, page("page=3&pageSize=3"));
    expect(third.lines.map((l) => l.position)).toEqual([7]);
    expect(third.linePage).toMatchObject({ first: 7, last: 7, notice: null });
    // The default page size shows every line of a small RFQ: the page looks as it did before paging.
    const all = pageComparison(full, page(""));
    expect(all.linePage).toMatchObject({ page: 1, pageCount: 1, size: LINE_PAGE_SIZE, first: 1, last: 7 });
    expect(all.lines).toEqual(full.lines);
    expect(all.suppliers.map((s) => s.cells)).toEqual(full.suppliers.map((s) => s.cells));
    // The CSV is still made from the whole comparison: every line.
    const csvRows = comparisonCsv(full).slice(1).split("\r\n");
    expect(csvRows.filter((r) => r.includes("Paged part"))).toHaveLength(7);
  });

  it("says so when the page asked for does not exist, and shows the nearest one", async () => {
    const { id, at } = await sevenLines();
    const full = await getComparison(demo.as(BUYER, at), { rfqId: id });
    const past = pageComparison(full, page("page=9&pageSize=3"));
    expect(past.linePage).toMatchObject({ page: 3, first: 7, last: 7 });
    expect(english(past.linePage.notice)).toBe("There is no page 9: the 7 lines fit on 3 pages; showing lines 7-7.");
    expect(past.lines.map((l) => l.position)).toEqual([7]);

    const nonsense = pageComparison(full, page("page=two&pageSize=3"));
    expect(nonsense.linePage).toMatchObject({ page: 1, first: 1, last: 3 });
    expect(english(nonsense.linePage.notice)).toBe('There is no page "two"; showing lines 1-3 of 7.');
    for (const query of ["page=0", "page=-1", "page=1.5"])
      expect(pageComparison(full, page(query)).linePage).toMatchObject({ page: 1, notice: expect.any(String) });

    const huge = pageComparison(full, page("pageSize=100000"));
    expect(huge.linePage).toMatchObject({ size: LINE_PAGE_SIZE, first: 1, last: 7 });
    expect(english(huge.linePage.notice)).toBe(
      `There is no page size "100000" (from 1 to ${LINE_PAGE_SIZE_MAX}); showing lines 1-7 of 7.`,
    );
  });

  it("reads the same fixed number of queries whatever the page", async () => {
    const { id, at } = await sevenLines();
    let queries = 0;
    const counting = t.db.withPlugin({
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const counts: number[] = [];
    for (const query of ["pageSize=3", "page=3&pageSize=3", "page=99"]) {
      queries = 0;
      pageComparison(await getComparison(actingAs(counting, demo.actor(BUYER), at), { rfqId: id }), page(query));
      counts.push(queries);
    }
    // As the whole comparison above, without a foreign currency: no rates query.
    expect(counts).toEqual([8, 8, 8]);
  });
});
