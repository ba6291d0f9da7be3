/**
 * The comparison on a real database: two suppliers, one quoting in USD,
 * converted with finance's rate in force on the RFQ's close date (not a
 * later one), expired validity flagged, a missing rate shown as missing,
 * the CSV carrying the page's numbers, and sealed RFQs still refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { comparisonCsv, loadComparison } from "../../app/models/comparison.server";
import { submitQuote } from "../../app/models/quote.server";
import { closeDueRfqs } from "../../app/models/rfq.server";
import {
  ACME,
  auditOf,
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
} from "../factories/demo";
import { createTestDb, type TestDb } from "../support/test-db";

const DAY = 86_400_000;
const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;
let rfqId: string;
let closedAt: Date;
/** The RFQ's close date, as finance dates its rates. */
let closeDate: string;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

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
  await submitQuote(
    t.db,
    demo.actor(NORTHWIND_SALES),
    rfqId,
    {
      ...(await quoteInput(t.db, rfqId, ["4.20", "7.90"])),
      freight: "25.00",
      validUntil: isoDate(new Date(createdAt.getTime() + DAY)),
      paymentTerms: "Net 30",
      incoterm: "DAP",
    },
    quotedAt,
  );
  await submitQuote(
    t.db,
    demo.actor(GLOBEX_SALES),
    rfqId,
    { ...(await quoteInput(t.db, rfqId, ["4.00", "8.95"])), freight: "50.00", incoterm: "FCA" },
    quotedAt,
  );
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

describe("comparison in the RFQ's currency", () => {
  it("converts the USD quote at the close date's rate and finds the lowest total and the best split", async () => {
    const later = new Date(closedAt.getTime() + 3 * DAY);
    const c = await loadComparison(t.db, demo.actor(BUYER), demo.ability(BUYER), rfqId, later);
    expect(c.closeDate).toBe(closeDate);
    expect(c.suppliers.map((s) => s.supplierName)).toEqual([GLOBEX, NORTHWIND]);
    const [g, n] = c.suppliers;
    const [l1, l2] = c.lines;
    expect(g.currency).toBe("USD");
    expect(g.rate).toBe("0.9235");
    // 2400.00 × 0.9235 = 2216.40; 1074.00 × 0.9235 = 991.839 → 991.84
    expect(g.cells[l1.id]).toMatchObject({ lineTotal: "2400.00", convertedLineTotal: "2216.40", lowest: true });
    expect(g.cells[l2.id]).toMatchObject({ convertedUnitPrice: "8.2653", convertedLineTotal: "991.84", lowest: false });
    expect(n.cells[l2.id]).toMatchObject({ convertedLineTotal: "948.00", lowest: true });
    expect(g.convertedTotal).toBe("3208.24");
    // + 50.00 × 0.9235 = 46.175 → 46.18
    expect(g.landedTotal).toBe("3254.42");
    expect(n.convertedTotal).toBe("3468.00");
    expect(n.landedTotal).toBe("3493.00");
    expect([g.lowest, n.lowest]).toEqual([true, false]);
    expect(n).toMatchObject({ expired: true, paymentTerms: "Net 30", incoterm: "DAP" });
    expect(g).toMatchObject({ expired: false, incoterm: "FCA" });
    expect(c.summary).toEqual({
      lowest: { supplierName: GLOBEX, total: "3208.24" },
      splitTotal: "3164.40",
      difference: "43.84",
    });

    // Finance sees the same figures; the CSV carries exactly them.
    const f = await loadComparison(t.db, demo.actor(FINANCE), demo.ability(FINANCE), rfqId, later);
    expect(f.summary).toEqual(c.summary);
    const csv = comparisonCsv(c);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = csv.slice(1).split("\r\n");
    expect(rows[1]).toBe(`1,Hex bolt M8,600,pcs,4.00,2400.00,2216.40,lowest,4.20,2520.00,2520.00,`);
    expect(rows).toContain(`Total (EUR),,,,,,${g.convertedTotal},,,,${n.convertedTotal},`);
    expect(rows).toContain(`Landed total (EUR),,,,,,${g.landedTotal},,,,${n.landedTotal},`);
    expect(rows).toContain(`Lowest total,${GLOBEX},3208.24`);
    expect(rows).toContain("Cheapest per line (best split),,3164.40");

    const audit = await auditOf(t.db, rfqId);
    expect(audit[audit.length - 1]).toMatchObject({ event: "QUOTES_COMPARED" });
  });

  it("shows a missing rate as missing instead of guessing one", async () => {
    await t.db
      .deleteFrom("fx_rates")
      .where("org_id", "=", demo.orgId(ACME))
      .where("quote_currency", "=", "USD")
      .where("valid_on", "<=", closeDate)
      .execute();
    // Only the rate dated after the close is left; it must not be used.
    const c = await loadComparison(t.db, demo.actor(BUYER), demo.ability(BUYER), rfqId, closedAt);
    const g = c.suppliers.find((s) => s.supplierName === GLOBEX);
    expect(g).toMatchObject({ missingRate: true, rate: null, convertedTotal: null, landedTotal: null, lowest: false });
    expect(Object.values(g?.cells ?? {}).map((cell) => cell?.convertedLineTotal)).toEqual([null, null]);
    expect(c.summary).toEqual({
      lowest: { supplierName: NORTHWIND, total: "3468.00" },
      splitTotal: "3468.00",
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
    const refused = await responseOf(loadComparison(t.db, demo.actor(BUYER), demo.ability(BUYER), open, at));
    expect(refused.status).toBe(403);
    const supplier = await responseOf(
      loadComparison(t.db, demo.actor(GLOBEX_SALES), demo.ability(GLOBEX_SALES), rfqId, new Date()),
    );
    expect([403, 404]).toContain(supplier.status);
  });
});
