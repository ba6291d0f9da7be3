/**
 * The scaled-integer arithmetic the comparison uses for speed must give
 * exactly what Decimal gives: the same conversions, the same shares of
 * freight, cent for cent.
 */
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";

import { splitProportionally } from "../../../app/models/shared/pricing";
import { convertAmount } from "../../../app/models/sourcing/comparison";
import { multiplyPlain, parsePlain, splitPlain } from "../../../app/utils/fixed-point";
import { toDecimal } from "../../../app/utils/money";

/** A fixed sequence of pseudo-random numbers, so a failure can be replayed. */
function numbers(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** The rule as written with Decimal: round down, leftover to the largest remainders, first on a tie. */
function referenceSplit(amount: string, weights: string[], places: number): string[] {
  const unit = toDecimal(1).div(toDecimal(10).pow(places));
  const total = toDecimal(toDecimal(amount).toFixed(places));
  const sum = weights.reduce((acc, w) => acc.plus(w), toDecimal(0));
  const exact = weights.map((w) => (sum.isZero() ? total.div(weights.length) : total.times(w).div(sum)));
  const parts = exact.map((e) => e.div(unit).trunc().times(unit));
  const leftover = total.minus(parts.reduce((acc, p) => acc.plus(p), toDecimal(0)));
  const steps = leftover.div(unit).abs().toNumber();
  const step = leftover.isNegative() ? unit.neg() : unit;
  const order = exact
    .map((e, i) => ({ i, r: e.minus(parts[i]).abs() }))
    .sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
  for (let k = 0; k < steps; k++) parts[order[k % order.length].i] = parts[order[k % order.length].i].plus(step);
  return parts.map((p) => p.toFixed(places));
}

describe("fixed-point arithmetic", () => {
  it("reads only plain non-negative decimals", () => {
    expect(parsePlain("12.050")).toEqual({ units: 12050n, scale: 3 });
    expect(parsePlain("7")).toEqual({ units: 7n, scale: 0 });
    for (const other of ["-1", "1e3", "", ".5", "1.", " 1", "NaN"]) expect(parsePlain(other)).toBeNull();
    expect(multiplyPlain("-1.00", "2", 2)).toBeNull();
    expect(splitPlain("10.00", ["1", "-1"], 2)).toBeNull();
  });

  it("converts as Decimal does, rounding half up", () => {
    expect(multiplyPlain("2.50", "0.9235", 2)).toBe("2.31");
    expect(multiplyPlain("0.005", "1", 2)).toBe("0.01");
    expect(multiplyPlain("0.004999", "1", 2)).toBe("0.00");
    expect(multiplyPlain("1200", "149.5", 0)).toBe("179400");
    expect(multiplyPlain("3", "1.25", 4)).toBe("3.7500");
    const next = numbers(7);
    for (let i = 0; i < 2000; i++) {
      const amount = (next() * 10 ** Math.floor(next() * 8)).toFixed(Math.floor(next() * 5));
      const rate = (next() * 200).toFixed(Math.floor(next() * 7));
      const places = [0, 2, 3, 4][i % 4];
      expect(convertAmount(amount, rate, places), `${amount} × ${rate}`).toBe(
        toDecimal(amount).times(rate).toFixed(places, Decimal.ROUND_HALF_UP),
      );
    }
  });

  it("shares an amount by weight exactly as the Decimal rule does", () => {
    const next = numbers(11);
    for (let i = 0; i < 500; i++) {
      const count = 1 + Math.floor(next() * 40);
      const zero = i % 50 === 0;
      const weights = Array.from({ length: count }, () => (zero ? "0.00" : (next() * 5000).toFixed(2)));
      // Equal weights now and then, for the ties.
      if (i % 7 === 0) weights.fill(weights[0]);
      const amount = (next() * 100000).toFixed(i % 3 === 0 ? 3 : 2);
      const places = [2, 0, 3][i % 3];
      expect(splitProportionally(amount, weights, places), `${amount} over ${weights.join(" ")}`).toEqual(
        referenceSplit(amount, weights, places),
      );
    }
    // A discount still goes through Decimal, by the same rule.
    expect(splitProportionally("-10.00", ["1", "2"], 2)).toEqual(referenceSplit("-10.00", ["1", "2"], 2));
  });
});
