/**
 * The reorder arithmetic, every figure computed by hand beside the test.
 * Named cases are the failures other reorder jobs are known for.
 */
import { describe, expect, it } from "vitest";

import {
  decide,
  itemKey,
  orderQuantity,
  projectedQuantity,
  type RuleFigures,
} from "../../../app/models/requisitions/reorder-arithmetic";

const rule = (overrides: Partial<RuleFigures> = {}): RuleFigures => ({
  reorderPoint: "100",
  policy: { kind: "up_to", level: "500" },
  minOrderQuantity: null,
  lotSize: null,
  paused: false,
  ...overrides,
});

const facts = (projected: string, more: Partial<{ openLineOfRule: boolean; agreementInForce: boolean }> = {}) => ({
  projected,
  openLineOfRule: false,
  agreementInForce: true,
  ...more,
});

describe("projected quantity", () => {
  it("adds on hand, open requested lines and what POs still have to deliver", () => {
    // 40 + (10 + 5) + (100 − 30) + (20 − 0) = 145; on order 105
    expect(
      projectedQuantity({
        onHand: "40",
        requested: ["10", "5"],
        outstanding: [
          { ordered: "100", received: "30" },
          { ordered: "20", received: "0" },
        ],
      }),
    ).toEqual({ onOrder: "105", projected: "145" });
  });

  it("counts a PO line received in full, or over-received, as nothing more to come", () => {
    // 12.5 + (50 − 50) + max(0, 10 − 12) = 12.5
    expect(
      projectedQuantity({
        onHand: "12.5",
        requested: [],
        outstanding: [
          { ordered: "50", received: "50" },
          { ordered: "10", received: "12" },
        ],
      }),
    ).toEqual({ onOrder: "0", projected: "12.5" });
  });

  it("keeps decimals exact (no float drift)", () => {
    // 0.1 + 0.2 = 0.3 exactly
    expect(projectedQuantity({ onHand: "0.1", requested: ["0.2"], outstanding: [] }).projected).toBe("0.3");
  });
});

describe("order quantity", () => {
  it("orders the gap up to the level, not the level itself (ERPNext #53085)", () => {
    // level 500, projected 80: 500 − 80 = 420 (never 500, never the point 100)
    expect(orderQuantity(rule(), "80")).toBe("420");
  });

  it("orders the fixed quantity whatever the gap", () => {
    expect(orderQuantity(rule({ policy: { kind: "fixed", quantity: "250" } }), "80")).toBe("250");
  });

  it("raises to the minimum order quantity", () => {
    // level 500, projected 450 → 50, raised to MOQ 200
    expect(orderQuantity(rule({ minOrderQuantity: "200" }), "450")).toBe("200");
    // a gap above the MOQ stays: 420 > 200
    expect(orderQuantity(rule({ minOrderQuantity: "200" }), "80")).toBe("420");
  });

  it("rounds UP to a whole number of lots, after the MOQ", () => {
    // 420 in lots of 100 → 500
    expect(orderQuantity(rule({ lotSize: "100" }), "80")).toBe("500");
    // 50 → MOQ 120 → lots of 50 → 150
    expect(orderQuantity(rule({ minOrderQuantity: "120", lotSize: "50" }), "450")).toBe("150");
    // exactly a multiple stays: 400 in lots of 100 → 400
    expect(orderQuantity(rule({ lotSize: "100" }), "100")).toBe("400");
    // decimals: fixed 2.1 kg in lots of 0.5 → 2.5
    expect(orderQuantity(rule({ policy: { kind: "fixed", quantity: "2.1" }, lotSize: "0.5" }), "0")).toBe("2.5");
  });

  it("on a negative projection (stock owed) orders the whole gap", () => {
    // level 500, projected −20: 520
    expect(orderQuantity(rule(), "-20")).toBe("520");
  });
});

describe("the decision", () => {
  it("orders below the point, with the computed quantity", () => {
    expect(decide(rule(), facts("99.999"))).toEqual({ decision: "ordered", quantity: "400.001" });
  });

  it("does not order at the point or above", () => {
    expect(decide(rule(), facts("100"))).toEqual({ decision: "above_point", quantity: null });
    expect(decide(rule(), facts("250"))).toEqual({ decision: "above_point", quantity: null });
  });

  it("never raises a second request while a line of the rule is open (ERPNext #36154, #50205)", () => {
    expect(decide(rule(), facts("10", { openLineOfRule: true }))).toEqual({
      decision: "already_requested",
      quantity: null,
    });
  });

  it("says there is no agreement instead of doing nothing silently (ERPNext #16129, #58584)", () => {
    expect(decide(rule(), facts("10", { agreementInForce: false }))).toEqual({
      decision: "no_agreement",
      quantity: null,
    });
  });

  it("a paused rule never orders, and says so", () => {
    expect(decide(rule({ paused: true }), facts("0"))).toEqual({ decision: "paused", quantity: null });
  });

  it("three days of the same shortage: the first orders, the next two see the open line", () => {
    // Day 1: on hand 30, nothing on order → projected 30 < 100 → order 470.
    const day1 = projectedQuantity({ onHand: "30", requested: [], outstanding: [] });
    expect(decide(rule(), facts(day1.projected))).toEqual({ decision: "ordered", quantity: "470" });
    // Day 2: the line of 470 is open → projected 500, above the point.
    const day2 = projectedQuantity({ onHand: "30", requested: ["470"], outstanding: [] });
    expect(decide(rule(), facts(day2.projected, { openLineOfRule: true })).decision).toBe("above_point");
    // Day 3: stock fell to 0 and the line is still open: 470 < 500 but... 470 ≥ 100 → above the point.
    const day3 = projectedQuantity({ onHand: "0", requested: ["470"], outstanding: [] });
    expect(day3.projected).toBe("470");
    // Even a projection below the point with the line open asks for nothing more.
    expect(decide(rule({ reorderPoint: "480" }), facts(day3.projected, { openLineOfRule: true })).decision).toBe(
      "already_requested",
    );
  });
});

describe("item key", () => {
  it("matches the catalogue's name without case or surrounding spaces", () => {
    expect(itemKey("  Hex Bolt M8x30 ")).toBe("hex bolt m8x30");
    expect(itemKey("HEX BOLT M8X30")).toBe(itemKey("hex bolt m8x30"));
  });
});
