/**
 * The comparison's fast formatting and arithmetic on canonical decimal
 * strings must say exactly what the money helpers say: checked against
 * them over many amounts, and on the cases where comparing or adding as
 * strings would go wrong.
 */
import { describe, expect, it } from "vitest";

import { buildComparison } from "../../../app/models/sourcing/comparison";
import {
  formatPerformance,
  isFixed,
  moneyText,
  plainAmount,
  plainUnitPrice,
  unitPriceText,
} from "../../../app/models/sourcing/comparison-format";
import { formatAmount, formatMoney, formatUnitPrice, formatUnitPriceAmount } from "../../../app/utils/money";

const AMOUNTS = [
  "0",
  "0.00",
  "0.0000",
  "0.5",
  "0.05",
  "1.005",
  "7.9000",
  "4.2",
  "999.99",
  "1000.00",
  "1234567.8900",
  "1234567.89",
  "12.34567",
  "100",
  "0.0100",
  "00.10",
  "-5.00",
  "15101",
];

describe("fast formatting", () => {
  it("formats every amount as the money helpers do, in every minor unit", () => {
    for (const currency of ["EUR", "JPY", "BHD"])
      for (const v of AMOUNTS) {
        expect(unitPriceText(v, currency), `${v} ${currency}`).toBe(formatUnitPrice(v, currency));
        expect(plainUnitPrice(v, currency), `${v} ${currency}`).toBe(
          formatUnitPriceAmount(v, currency).replace(/,/g, ""),
        );
        expect(moneyText(v, currency), `${v} ${currency}`).toBe(formatMoney(v, currency));
      }
    for (const places of [0, 2, 3])
      for (const v of AMOUNTS) expect(plainAmount(v, places)).toBe(formatAmount(v, places).replace(/,/g, ""));
  });

  it("takes only canonical fixed-point strings for the fast path", () => {
    expect(["10.00", "0.00", "15101"].map((v) => isFixed(v, v.includes(".") ? 2 : 0))).toEqual([true, true, true]);
    expect(["010.00", "-1.00", "1.0", "1.000", ".50", "1e3"].map((v) => isFixed(v, 2))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("words the delivery record", () => {
    expect(formatPerformance({ onTime: 0, counted: 0, share: null })).toBe("no history");
    expect(formatPerformance({ onTime: 2, counted: 3, share: "0.66666666666666666667" })).toBe("2 of 3 on time (67%)");
  });
});

describe("comparing and adding canonical amounts", () => {
  const line = (id: string) => ({ id, position: Number(id.slice(1)), item_name: id, quantity: "1", unit: "pcs" });
  const quote = (name: string, totals: string[]) => ({
    supplierOrgId: name,
    supplierName: name,
    quoteId: name,
    revision: 1,
    receivedAt: new Date(0),
    leadTimeDays: 1,
    currency: "EUR",
    subtotal: "0",
    freight: "0.00",
    otherCharges: "0.00",
    validUntil: null,
    paymentTerms: null,
    incoterm: null,
    prices: Object.fromEntries(totals.map((t, i) => [`l${i + 1}`, { unitPrice: t, lineTotal: t, noBid: false }])),
  });

  it("finds 9.99 lower than 10.00 (as strings '1' < '9') and adds cents exactly", () => {
    const c = buildComparison({
      currency: "EUR",
      lines: [line("l1"), line("l2"), line("l3")],
      quotes: [quote("A", ["10.00", "0.01", "0.02"]), quote("B", ["9.99", "0.02", "0.01"])],
      rates: {},
      today: "2026-01-01",
    });
    const [a, b] = c.suppliers;
    expect([a.cells.l1?.lowest, b.cells.l1?.lowest]).toEqual([false, true]);
    expect([a.cells.l2?.lowest, b.cells.l3?.lowest]).toEqual([true, true]);
    expect([a.convertedTotal, b.convertedTotal]).toEqual(["10.03", "10.02"]);
    // 9.99 + 0.01 + 0.01
    expect(c.summary.splitTotal).toBe("10.01");
  });
});
