/**
 * The comparison's arithmetic against hand-computed figures: conversion at
 * the close date's rate, half-up rounding to the RFQ currency's minor unit,
 * the lowest total, the best split and a missing rate left missing.
 */
import { describe, expect, it } from "vitest";

import { buildComparison, convertAmount, type ComparisonQuoteInput } from "../../../app/models/sourcing/comparison";
import { comparisonCsv } from "../../../app/models/sourcing/comparison-csv";
import { translatorFor } from "../../../app/i18n/translator";
import { LINE_PAGE_SIZE, defaultLinePageSize, linePage } from "../../../app/models/sourcing/comparison-page.schema";
import { cheapestPerLine, isCheapestChoice } from "../../../app/models/sourcing/award.schema";

describe("convertAmount", () => {
  it("rounds half-up to the places asked, on decimals and never through a float", () => {
    // As floats 46.175 and 1.175 round down (46.17, 1.17); half-up gives the cent.
    expect(convertAmount("50.00", "0.9235", 2)).toBe("46.18");
    expect(convertAmount("2.35", "0.5", 2)).toBe("1.18");
    expect(convertAmount("1.005", "1", 2)).toBe("1.01");
    expect(convertAmount("1074.00", "0.9235", 2)).toBe("991.84"); // 991.839
    expect(convertAmount("0.004", "1", 2)).toBe("0.00");
    expect(convertAmount("333.33", "1.17", 2)).toBe("390.00"); // 389.9961
    expect(convertAmount("8.95", "0.9235", 4)).toBe("8.2653"); // 8.265325
  });

  it("rounds to the RFQ currency's minor unit: none for yen, three for dinar", () => {
    const base = { lines: [line("l1", "1")], rates: { EUR: "150.255" }, today: "2026-01-01" };
    const yen = buildComparison({
      ...base,
      currency: "JPY",
      quotes: [quote("A", "EUR", { l1: ["100.50", "100.50"] })],
    });
    // 100.50 × 150.255 = 15100.6275 → 15101 yen
    expect(yen.suppliers[0].cells.l1?.convertedLineTotal).toBe("15101");
    expect(yen.suppliers[0].convertedTotal).toBe("15101");
    const dinar = buildComparison({
      ...base,
      currency: "BHD",
      rates: { EUR: "0.4125" },
      quotes: [quote("A", "EUR", { l1: ["10.01", "10.01"] })],
    });
    // 10.01 × 0.4125 = 4.129125 → 4.129
    expect(dinar.suppliers[0].cells.l1?.convertedLineTotal).toBe("4.129");
  });
});

/** A per-supplier CSV row: the label, three empty line columns, then seven columns per supplier with the value third. */
function perSupplierRow(label: string, ...values: string[]) {
  return [label, "", "", "", ...values.flatMap((v) => ["", "", v, "", "", "", ""])].join(",");
}

function line(id: string, quantity: string) {
  return { id, position: Number(id.slice(1)), item_name: `Item ${id}`, quantity, unit: "pcs" };
}

function quote(
  name: string,
  currency: string,
  prices: Record<string, [string, string] | "no bid">,
  extra: Partial<ComparisonQuoteInput> = {},
): ComparisonQuoteInput {
  return {
    supplierOrgId: `org-${name}`,
    supplierName: name,
    quoteId: `quote-${name}`,
    revision: 1,
    receivedAt: new Date("2026-01-01T00:00:00Z"),
    leadTimeDays: 10,
    currency,
    subtotal: "0",
    freight: "0",
    otherCharges: "0",
    validUntil: null,
    paymentTerms: null,
    incoterm: null,
    prices: Object.fromEntries(
      Object.entries(prices).map(([id, p]) => [
        id,
        p === "no bid"
          ? { unitPrice: null, lineTotal: null, noBid: true }
          : { unitPrice: p[0], lineTotal: p[1], noBid: false },
      ]),
    ),
    ...extra,
  };
}

describe("buildComparison", () => {
  // 600 pcs and 120 boxes; Northwind in EUR, Globex in USD at 0.9235 EUR per USD.
  const lines = [line("l1", "600"), line("l2", "120")];
  const northwind = quote(
    "Northwind",
    "EUR",
    { l1: ["4.20", "2520.00"], l2: ["7.90", "948.00"] },
    { freight: "25.00", validUntil: "2026-03-01", paymentTerms: "Net 30", incoterm: "DAP" },
  );
  const globex = quote(
    "Globex",
    "USD",
    { l1: ["4.00", "2400.00"], l2: ["8.95", "1074.00"] },
    { freight: "50.00", otherCharges: "0" },
  );

  it("converts every cell and total, and marks the lowest landed amount per line and in total", () => {
    const c = buildComparison({
      currency: "EUR",
      lines,
      quotes: [globex, northwind],
      rates: { USD: "0.9235" },
      today: "2026-03-02",
    });
    const [g, n] = c.suppliers;
    expect(g.rate).toBe("0.9235");
    expect(g.cells.l1).toEqual({
      unitPrice: "4.00",
      lineTotal: "2400.00",
      convertedUnitPrice: "3.6940",
      convertedLineTotal: "2216.40",
      // Freight 50.00 USD = 46.18 EUR, shared by line value: 46.18 × 2216.40 / 3208.24 = 31.903 → 31.90.
      landedLineTotal: "2248.30",
      lowest: true,
    });
    // 46.18 × 991.84 / 3208.24 = 14.277 → 14.27, plus the cent left over (largest remainder) → 14.28.
    expect(g.cells.l2).toMatchObject({
      convertedUnitPrice: "8.2653",
      convertedLineTotal: "991.84",
      landedLineTotal: "1006.12",
      lowest: false,
    });
    expect(g.convertedTotal).toBe("3208.24");
    expect(g.convertedCharges).toBe("46.18");
    expect(g.landedTotal).toBe("3254.42"); // 2248.30 + 1006.12: the landed lines add up to the landed total
    expect(n.rate).toBeNull();
    // 25.00 × 2520 / 3468 = 18.166 → 18.17; 25.00 × 948 / 3468 = 6.834 → 6.83.
    expect(n.cells.l1).toMatchObject({ convertedLineTotal: "2520.00", landedLineTotal: "2538.17", lowest: false });
    expect(n.cells.l2).toMatchObject({ convertedLineTotal: "948.00", landedLineTotal: "954.83", lowest: true });
    expect(n.convertedTotal).toBe("3468.00");
    expect(n.landedTotal).toBe("3493.00");
    expect(n.expired).toBe(true);
    expect(g.expired).toBe(false);
    expect([g.lowest, n.lowest]).toEqual([true, false]);
    // Best split: 2248.30 + 954.83; difference 3254.42 − 3203.13.
    expect(c.summary).toEqual({
      lowest: { supplierName: "Globex", total: "3254.42", goodsTotal: "3208.24" },
      splitTotal: "3203.13",
      difference: "51.29",
    });
  });

  it("judges cheapest on the landed total, not on the goods alone", () => {
    // A has the lower goods total (13,137.60 against 13,200.00) but 322.00 of freight and charges make it
    // 13,459.60 landed; B's 60.00 freight makes it 13,260.00. B is the cheapest, everywhere.
    const a = quote(
      "A",
      "EUR",
      { l1: ["80.00", "8000.00"], l2: ["51.376", "5137.60"] },
      { freight: "222.00", otherCharges: "100.00" },
    );
    const b = quote("B", "EUR", { l1: ["79.00", "7900.00"], l2: ["53.00", "5300.00"] }, { freight: "60.00" });
    const two = [line("l1", "100"), line("l2", "100")];
    const c = buildComparison({ currency: "EUR", lines: two, quotes: [a, b], rates: {}, today: "2026-01-01" });
    const [sa, sb] = c.suppliers;
    expect([sa.convertedTotal, sa.landedTotal, sb.convertedTotal, sb.landedTotal]).toEqual([
      "13137.60",
      "13459.60",
      "13200.00",
      "13260.00",
    ]);
    expect([sa.lowest, sb.lowest]).toEqual([false, true]);
    // Each charge shared on its own, as the award puts each on the PO: A's freight 222 × 8000 / 13137.60 = 135.18
    // and 86.82, its other charges 100 × 8000 / 13137.60 = 60.89 and 39.11; B: 60 × 7900 / 13200 = 35.91, 24.09.
    expect([sa.cells.l1?.landedLineTotal, sa.cells.l2?.landedLineTotal]).toEqual(["8196.07", "5263.53"]);
    expect([sb.cells.l1?.landedLineTotal, sb.cells.l2?.landedLineTotal]).toEqual(["7935.91", "5324.09"]);
    expect([sa.cells.l1?.lowest, sb.cells.l1?.lowest, sa.cells.l2?.lowest, sb.cells.l2?.lowest]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    // Best split 7935.91 + 5263.53 = 13199.44; 13260.00 − 13199.44 = 60.56.
    expect(c.summary).toEqual({
      lowest: { supplierName: "B", total: "13260.00", goodsTotal: "13200.00" },
      splitTotal: "13199.44",
      difference: "60.56",
    });
    // The justification rule and the scoring read the same figures.
    expect(isCheapestChoice(c, { mode: "whole", supplierOrgId: "org-B" })).toBe(true);
    expect(isCheapestChoice(c, { mode: "whole", supplierOrgId: "org-A" })).toBe(false);
    expect(cheapestPerLine(c)).toEqual({ l1: "org-B", l2: "org-A" });
    expect(c.ranking.find((r) => r.name === "B")?.criteria[0].score).toBe("100.00");
    // 13260.00 / 13459.60 × 100 = 98.517 → 98.52
    expect(c.ranking.find((r) => r.name === "A")?.criteria[0].score).toBe("98.52");
    const rows = comparisonCsv(c).slice(1).split("\r\n");
    expect(rows).toContain(perSupplierRow("Goods total (EUR)", "13137.60", "13200.00"));
    expect(rows).toContain(perSupplierRow("Freight and charges (EUR)", "322.00", "60.00"));
    expect(rows).toContain(perSupplierRow("Landed total (EUR)", "13459.60", "13260.00"));
    expect(rows).toContain("Lowest landed total,B,13260.00,13200.00");
    expect(rows).toContain("Cheapest per line landed (best split),,13199.44");
  });

  it("shows a missing rate as missing and leaves that quote out of the lowest and the split", () => {
    const c = buildComparison({ currency: "EUR", lines, quotes: [globex, northwind], rates: {}, today: "2026-01-01" });
    const [g, n] = c.suppliers;
    expect(g.missingRate).toBe(true);
    expect(g.cells.l1).toMatchObject({ unitPrice: "4.00", convertedUnitPrice: null, convertedLineTotal: null });
    expect(g.convertedTotal).toBeNull();
    expect(g.landedTotal).toBeNull();
    expect(g.lowest).toBe(false);
    expect(n.lowest).toBe(true);
    // Northwind lands at 3493.00 (25.00 freight), its lines at 2538.17 and 954.83.
    expect(c.summary).toEqual({
      lowest: { supplierName: "Northwind", total: "3493.00", goodsTotal: "3468.00" },
      splitTotal: "3493.00",
      difference: "0.00",
    });
    const csv = comparisonCsv(c);
    expect(csv).toContain("Globex line total (EUR)");
    expect(csv.split("\r\n")[1]).toBe(
      "1,Item l1,600,pcs,4.00,2400.00,no rate,no rate,,,,4.20,2520.00,2520.00,2538.17,lowest,,",
    );
  });

  it("names its columns and rows in the reader's language, its numbers plain in any", () => {
    const c = buildComparison({ currency: "EUR", lines, quotes: [globex, northwind], rates: {}, today: "2026-01-01" });
    const pseudo = translatorFor("en-XA");
    const rows = comparisonCsv(c, { t: (key, values) => pseudo(key, values) })
      .slice(1)
      .split("\r\n");
    const header = rows[0].split(",");
    // Every header cell is a catalogue message (marked), the supplier's name inside it too.
    expect(header.length).toBe(4 + 7 * 2);
    for (const cell of header) expect(cell).toMatch(/^⟦.*⟧$/);
    expect(rows[0]).not.toMatch(/unit price|line total|Quantity/);
    // The same figures as in English: no grouping, no marks.
    expect(rows[1].split(",").slice(2, 3)).toEqual(["600"]);
    expect(rows[1]).toContain(",4.00,2400.00,");
    expect(rows.find((r) => r.includes("3493.00"))).toMatch(/^⟦/);
  });

  it("does not rank a quote with a no-bid line on total, but uses its lines in the split", () => {
    const partial = quote("Partial", "EUR", { l1: ["1.00", "600.00"], l2: "no bid" });
    const c = buildComparison({
      currency: "EUR",
      lines,
      quotes: [northwind, partial],
      rates: {},
      today: "2026-01-01",
    });
    expect(c.suppliers.map((s) => s.lowest)).toEqual([true, false]);
    expect(c.suppliers[1].cells.l2).toBeNull();
    expect(c.suppliers[1].cells.l1?.lowest).toBe(true);
    // 600.00 + 954.83 (Northwind's line 2 with its 6.83 share of the freight); 3493.00 − 1554.83.
    expect(c.summary.splitTotal).toBe("1554.83");
    expect(c.summary.difference).toBe("1938.17");
  });

  it("has no split when some line nobody priced at a known rate", () => {
    const c = buildComparison({
      currency: "EUR",
      lines,
      quotes: [quote("Only", "EUR", { l1: ["1.00", "600.00"], l2: "no bid" })],
      rates: {},
      today: "2026-01-01",
    });
    expect(c.summary).toEqual({ lowest: null, splitTotal: null, difference: null });
  });

  it("writes the CSV with a byte order mark and the same numbers", () => {
    const c = buildComparison({
      currency: "EUR",
      lines: [{ ...lines[0], item_name: 'Schraube "Größe" M8, verzinkt' }, lines[1]],
      quotes: [globex, northwind],
      rates: { USD: "0.9235" },
      today: "2026-03-02",
    });
    const csv = comparisonCsv(c);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = csv.slice(1).split("\r\n");
    expect(rows[1]).toBe(
      '1,"Schraube ""Größe"" M8, verzinkt",600,pcs,4.00,2400.00,2216.40,2248.30,lowest,,,4.20,2520.00,2520.00,2538.17,,,',
    );
    expect(rows).toContain(perSupplierRow("Goods total (EUR)", "3208.24", "3468.00"));
    expect(rows).toContain(perSupplierRow("Freight and charges (EUR)", "46.18", "25.00"));
    expect(rows).toContain(perSupplierRow("Landed total (EUR)", "3254.42", "3493.00"));
    expect(rows).toContain(perSupplierRow("Valid until", "", "2026-03-01 (expired)"));
    expect(rows).toContain(perSupplierRow("Expired", "", "expired"));
    expect(rows).toContain("Lowest landed total,Globex,3254.42,3208.24");
    expect(rows).toContain("Cheapest per line landed (best split),,3203.13");
    expect(rows).toContain("Difference,,51.29");
  });
});

describe("line terms, delivery record and ranking", () => {
  const lines = [line("l1", "600"), line("l2", "120")];
  const withTerms = (q: ComparisonQuoteInput, id: string, moq: string | null, alternate: string | null) => {
    q.prices[id] = {
      ...(q.prices[id] ?? { unitPrice: null, lineTotal: null, noBid: true }),
      minOrderQuantity: moq,
      alternateOffer: alternate,
    };
    return q;
  };

  it("shows each line's MOQ and alternate, also on a no-bid line, counts them and flags an MOQ above the quantity", () => {
    const northwind = withTerms(
      withTerms(quote("Northwind", "EUR", { l1: ["4.20", "2520.00"], l2: "no bid" }), "l1", "1000", null),
      "l2",
      null,
      "Nitrile gloves, box of 200, 14.50 EUR",
    );
    const globex = withTerms(
      quote("Globex", "EUR", { l1: ["4.00", "2400.00"], l2: ["8.95", "1074.00"] }),
      "l2",
      "100",
      "  ",
    );
    const c = buildComparison({ currency: "EUR", lines, quotes: [globex, northwind], rates: {}, today: "2026-01-01" });
    const [g, n] = c.suppliers;
    expect(n.cells.l2).toBeNull();
    expect(n.lineTerms).toEqual({
      l1: { minOrderQuantity: "1000", moqAboveQuantity: true, alternateOffer: null },
      l2: { minOrderQuantity: null, moqAboveQuantity: false, alternateOffer: "Nitrile gloves, box of 200, 14.50 EUR" },
    });
    expect([n.moqLines, n.alternateLines]).toEqual([1, 1]);
    // A blank alternate is no alternate; 100 boxes is within the 120 asked.
    expect(g.lineTerms).toEqual({ l2: { minOrderQuantity: "100", moqAboveQuantity: false, alternateOffer: null } });
    expect([g.moqLines, g.alternateLines]).toEqual([1, 0]);

    const rows = comparisonCsv(c).slice(1).split("\r\n");
    expect(rows[0]).toContain("Globex minimum order quantity,Globex alternate offer");
    expect(rows[1]).toBe(
      "1,Item l1,600,pcs,4.00,2400.00,2400.00,2400.00,lowest,,,4.20,2520.00,2520.00,2520.00,,1000 pcs (above the quantity asked),",
    );
    expect(rows[2]).toBe(
      '2,Item l2,120,pcs,8.95,1074.00,1074.00,1074.00,lowest,100 pcs,,no bid,no bid,no bid,no bid,,,"Nitrile gloves, box of 200, 14.50 EUR"',
    );
    expect(rows).toContain(perSupplierRow("Lines with a minimum order quantity", "1", "1"));
    expect(rows).toContain(perSupplierRow("Lines with an alternate offer", "0", "1"));
  });

  it("turns the delivery record into a share, says 'no history' without one, and ranks on landed totals", () => {
    const northwind = quote(
      "Northwind",
      "EUR",
      { l1: ["4.20", "2520.00"], l2: ["7.90", "948.00"] },
      { freight: "25.00" },
    );
    const globex = quote("Globex", "USD", { l1: ["4.00", "2400.00"], l2: ["8.95", "1074.00"] }, { freight: "50.00" });
    const c = buildComparison({
      currency: "EUR",
      lines,
      quotes: [globex, northwind],
      rates: { USD: "0.9235" },
      today: "2026-01-01",
      delivery: { "org-Northwind": { onTime: 2, counted: 3 } },
    });
    const [g, n] = c.suppliers;
    expect(g.performance).toEqual({ onTime: 0, counted: 0, share: null });
    expect(n.performance.share?.startsWith("0.6666666")).toBe(true);
    expect(c.weights).toEqual({ price: 60, lead: 25, performance: 15 });
    // Landed: Globex 3254.42, Northwind 3493.00. Lead time 10 days each.
    // Globex: 100 × 60% = 60.00 + 25.00 + no history 50 × 15% = 7.50 → 92.50
    // Northwind: 3254.42 / 3493.00 = 93.17 × 60% = 55.902 → 55.90 + 25.00 + 66.67 × 15% = 10.0005 → 10.00 → 90.90
    expect(c.ranking.map((r) => [r.name, r.rank, r.total, r.criteria.map((k) => k.contribution)])).toEqual([
      ["Globex", 1, "92.50", ["60.00", "25.00", "7.50"]],
      ["Northwind", 2, "90.90", ["55.90", "25.00", "10.00"]],
    ]);
    const rows = comparisonCsv(c).slice(1).split("\r\n");
    expect(rows).toContain(perSupplierRow("On-time delivery", "no history", "2 of 3 on time (67%)"));
    expect(rows).toContain(
      perSupplierRow("Score (weights: price 60 / lead time 25 / performance 15)", "92.50", "90.90"),
    );
    expect(rows).toContain(perSupplierRow("Rank", "1", "2"));
    expect(rows).toContain(perSupplierRow("Price score", "100.00", "93.17"));
    expect(rows).toContain(perSupplierRow("Supplier performance score", "50.00", "66.67"));
  });

  it("scores a partial quote 0 on price, with the reason", () => {
    const c = buildComparison({
      currency: "EUR",
      lines,
      quotes: [
        quote("Full", "EUR", { l1: ["4.20", "2520.00"], l2: ["7.90", "948.00"] }),
        quote("Partial", "EUR", { l1: ["1.00", "600.00"], l2: "no bid" }),
      ],
      rates: {},
      today: "2026-01-01",
    });
    const partial = c.ranking.find((r) => r.name === "Partial");
    expect(partial?.criteria[0]).toMatchObject({
      score: "0.00",
      note: "prices 1 of 2 lines: not comparable on total",
    });
    // Full: 60.00 + 25.00 + 7.50; Partial: 0 + 25.00 + 7.50.
    expect(c.ranking.map((r) => [r.name, r.total])).toEqual([
      ["Full", "92.50"],
      ["Partial", "32.50"],
    ]);
  });
});

describe("CSV free text", () => {
  it("keeps a supplier's alternate offer that looks like a formula as text", () => {
    const q = quote("Sly", "EUR", { l1: ["1.00", "600.00"] });
    q.prices.l1 = { ...q.prices.l1, alternateOffer: '=HYPERLINK("http://example.test","Click")' };
    const c = buildComparison({
      currency: "EUR",
      lines: [{ ...line("l1", "600"), item_name: "-Spacer" }],
      quotes: [{ ...q, paymentTerms: "@once" }],
      rates: {},
      today: "2026-01-01",
    });
    const rows = comparisonCsv(c).slice(1).split("\r\n");
    expect(rows[1]).toBe(
      `1,'-Spacer,600,pcs,1.00,600.00,600.00,600.00,lowest,,"'=HYPERLINK(""http://example.test"",""Click"")"`,
    );
    expect(rows).toContain(perSupplierRow("Payment terms", "'@once"));
  });
});

describe("lines a page by default", () => {
  it("shows fewer lines when many suppliers quoted, so the page stays small", () => {
    expect(defaultLinePageSize(1)).toBe(LINE_PAGE_SIZE);
    expect(defaultLinePageSize(10)).toBe(LINE_PAGE_SIZE);
    expect(defaultLinePageSize(20)).toBe(25);
    expect(defaultLinePageSize(50)).toBe(10);
    expect(defaultLinePageSize(500)).toBe(10);
    // An address that names a page size keeps it, whatever the suppliers.
    expect(linePage({ page: 1, size: 40, invalid: null }, 500, 50)).toMatchObject({
      size: 40,
      last: 40,
      pageCount: 13,
    });
    expect(linePage({ page: 2, size: null, invalid: null }, 500, 50)).toMatchObject({ size: 10, first: 11, last: 20 });
  });
});
