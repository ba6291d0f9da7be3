/**
 * Sharing a quote's freight and charges across its lines by value, as the
 * comparison and the award both do: parts rounded to the currency's places,
 * the leftover minor units to the largest remainders, so the parts always
 * add up to the whole.
 */
import { describe, expect, it } from "vitest";

import { splitProportionally } from "../../../app/models/shared/pricing";
import { toDecimal } from "../../../app/utils/money";

const total = (parts: string[]) => parts.reduce((acc, p) => acc.plus(p), toDecimal(0)).toFixed(2);

describe("splitProportionally", () => {
  it("shares by value and keeps the parts adding up to the whole", () => {
    // 350 × 1830/2250 = 284.666…, 350 × 420/2250 = 65.333…: round down to 284.66 + 65.33 = 349.99, the cent
    // left goes to the larger remainder (0.666… against 0.333…).
    expect(splitProportionally("350.00", ["1830.00", "420.00"], 2)).toEqual(["284.67", "65.33"]);
    // Three equal lines: 33.33 each and the cent to the first on a tie.
    const thirds = splitProportionally("100.00", ["1", "1", "1"], 2);
    expect(thirds).toEqual(["33.34", "33.33", "33.33"]);
    expect(total(thirds)).toBe("100.00");
  });

  it("adds up exactly for awkward amounts and many lines", () => {
    const weights = Array.from({ length: 37 }, (_, i) => `${(i * 7.13 + 0.01).toFixed(2)}`);
    for (const amount of ["0.01", "0.99", "350.00", "1234567.89", "12.34"]) {
      const parts = splitProportionally(amount, weights, 2);
      expect(total(parts)).toBe(toDecimal(amount).toFixed(2));
      // No part differs from its exact share by a whole cent or more.
      const sum = weights.reduce((acc, w) => acc.plus(w), toDecimal(0));
      parts.forEach((p, i) => {
        expect(toDecimal(p).minus(toDecimal(amount).times(weights[i]).div(sum)).abs().lessThan("0.01")).toBe(true);
      });
    }
  });

  it("follows the currency's places: none for yen, three for dinar", () => {
    expect(splitProportionally("1000", ["1", "2"], 0)).toEqual(["333", "667"]);
    expect(splitProportionally("1.000", ["1", "1", "1"], 3)).toEqual(["0.334", "0.333", "0.333"]);
  });

  it("shares equally when every line is worth nothing, and gives nothing to split nothing", () => {
    expect(splitProportionally("10.00", ["0", "0", "0"], 2)).toEqual(["3.34", "3.33", "3.33"]);
    expect(splitProportionally("0", ["5", "6"], 2)).toEqual(["0.00", "0.00"]);
    expect(splitProportionally("10.00", [], 2)).toEqual([]);
  });
});
