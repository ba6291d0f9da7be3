/**
 * Weighted scoring against hand-computed figures: normalisation per
 * criterion, two-decimal half-up rounding of scores and contributions,
 * shared ranks on ties, the neutral score for no history, and a partial
 * quote scoring 0 on price. Also the weights form's rules.
 */
import { describe, expect, it } from "vitest";

import { msgWith } from "../../../app/i18n/config";
import { parseWeights } from "../../../app/models/sourcing/scoring.schema";
import { DEFAULT_WEIGHTS, scoreSuppliers, type ScoringCandidate } from "../../../app/models/sourcing/scoring";

const candidate = (
  name: string,
  price: string | null,
  leadTimeDays: number,
  onTimeShare: string | null,
  priceNote?: string,
): ScoringCandidate => ({ id: `q-${name}`, name, price, leadTimeDays, onTimeShare, priceNote });

/** name → [total, rank, price score, lead score, performance score] */
const summary = (ranked: ReturnType<typeof scoreSuppliers>) =>
  Object.fromEntries(ranked.map((r) => [r.name, [r.total, r.rank, ...r.criteria.map((k) => k.score)]]));

describe("scoreSuppliers", () => {
  it("normalises each criterion, weighs it and ranks by the sum of contributions", () => {
    const ranked = scoreSuppliers(
      [
        candidate("Alpha", "1000.00", 10, "0.75"),
        candidate("Beta", "1250.00", 5, "1"),
        candidate("Gamma", "800.00", 20, null),
      ],
      DEFAULT_WEIGHTS,
    );
    // Best price 800, shortest lead 5 days.
    // Alpha: 800/1000 = 80.00 × 60% = 48.00; 5/10 = 50.00 × 25% = 12.50; 75.00 × 15% = 11.25 → 71.75
    // Beta: 800/1250 = 64.00 × 60% = 38.40; 100 × 25% = 25.00; 100 × 15% = 15.00 → 78.40
    // Gamma: 100 × 60% = 60.00; 5/20 = 25.00 × 25% = 6.25; no history 50 × 15% = 7.50 → 73.75
    expect(ranked.map((r) => r.name)).toEqual(["Beta", "Gamma", "Alpha"]);
    expect(summary(ranked)).toEqual({
      Beta: ["78.40", 1, "64.00", "100.00", "100.00"],
      Gamma: ["73.75", 2, "100.00", "25.00", "50.00"],
      Alpha: ["71.75", 3, "80.00", "50.00", "75.00"],
    });
    const alpha = ranked[2];
    expect(alpha.criteria).toEqual([
      { criterion: "price", score: "80.00", weight: 60, contribution: "48.00", note: null },
      { criterion: "lead", score: "50.00", weight: 25, contribution: "12.50", note: null },
      { criterion: "performance", score: "75.00", weight: 15, contribution: "11.25", note: null },
    ]);
    expect(ranked[1].criteria[2].note).toBe("no history: neutral score");
  });

  it("gives equal totals the same rank, the next one skipping, and lists ties by name", () => {
    const ranked = scoreSuppliers(
      [candidate("Zeta", "100", 10, "1"), candidate("Epsilon", "200", 10, "1"), candidate("Alpha", "100", 10, "1")],
      DEFAULT_WEIGHTS,
    );
    // Alpha and Zeta: 60 + 25 + 15 = 100.00; Epsilon: 100/200 = 50.00 × 60% = 30.00 + 25 + 15 = 70.00.
    expect(ranked.map((r) => [r.name, r.rank, r.total])).toEqual([
      ["Alpha", 1, "100.00"],
      ["Zeta", 1, "100.00"],
      ["Epsilon", 3, "70.00"],
    ]);
  });

  it("ranks on the shown two-decimal contributions, so the explanation adds up", () => {
    const ranked = scoreSuppliers(
      [candidate("A", "200", 3, "0.6666666666666666666666666666666666666667"), candidate("B", "300", 3, "1")],
      { price: 50, lead: 20, performance: 30 },
    );
    // A: 100 × 50% = 50.00; 100 × 20% = 20.00; 66.67 × 30% = 20.001 → 20.00 → 90.00
    // B: 200/300 = 66.67 × 50% = 33.335 → 33.34; 20.00; 100 × 30% = 30.00 → 83.34
    expect(summary(ranked)).toEqual({
      A: ["90.00", 1, "100.00", "100.00", "66.67"],
      B: ["83.34", 2, "66.67", "100.00", "100.00"],
    });
    for (const r of ranked)
      expect(r.criteria.reduce((acc, k) => acc + Number(k.contribution) * 100, 0) / 100).toBe(Number(r.total));
  });

  it("scores a partial quote 0 on price with the reason, and still ranks it on the other criteria", () => {
    const ranked = scoreSuppliers(
      [
        candidate("Full", "1000.00", 20, null),
        candidate("Partial", null, 5, "0.5", "prices 1 of 2 lines: not comparable on total"),
      ],
      DEFAULT_WEIGHTS,
    );
    // Full: 60.00 + 5/20 = 25.00 × 25% = 6.25 + 50 × 15% = 7.50 → 73.75
    // Partial: 0 + 25.00 + 50.00 × 15% = 7.50 → 32.50; a lower sum over fewer lines earns nothing.
    expect(summary(ranked)).toEqual({
      Full: ["73.75", 1, "100.00", "25.00", "50.00"],
      Partial: ["32.50", 2, "0.00", "100.00", "50.00"],
    });
    expect(ranked[1].criteria[0]).toMatchObject({
      contribution: "0.00",
      note: "prices 1 of 2 lines: not comparable on total",
    });
  });

  it("treats no history as a neutral 50 and an on-time share of 0 as 0", () => {
    const ranked = scoreSuppliers([candidate("New", "10", 1, null), candidate("Late", "10", 1, "0")], {
      price: 0,
      lead: 0,
      performance: 100,
    });
    expect(summary(ranked)).toEqual({
      New: ["50.00", 1, "100.00", "100.00", "50.00"],
      Late: ["0.00", 2, "100.00", "100.00", "0.00"],
    });
  });

  it("scores a lead time of 0 days as the best, and a longer one against it as 0", () => {
    const ranked = scoreSuppliers([candidate("Now", "10", 0, "1"), candidate("Later", "10", 7, "1")], {
      price: 0,
      lead: 100,
      performance: 0,
    });
    expect(summary(ranked)).toEqual({
      Now: ["100.00", 1, "100.00", "100.00", "100.00"],
      Later: ["0.00", 2, "100.00", "0.00", "100.00"],
    });
  });

  it("scores everyone 0 on price when no quote has a comparable total", () => {
    const ranked = scoreSuppliers([candidate("A", null, 5, null), candidate("B", null, 10, null)], DEFAULT_WEIGHTS);
    // A: 0 + 25.00 + 7.50; B: 0 + 50.00 × 25% = 12.50 + 7.50
    expect(summary(ranked)).toEqual({
      A: ["32.50", 1, "0.00", "100.00", "50.00"],
      B: ["20.00", 2, "0.00", "50.00", "50.00"],
    });
    expect(ranked[0].criteria[0].note).toBe("no comparable total");
  });
});

describe("parseWeights", () => {
  const parse = (query: string) => parseWeights(new URLSearchParams(query));

  it("uses the defaults 60 / 25 / 15 when none are given", () => {
    expect(parse("")).toEqual({
      weights: { price: 60, lead: 25, performance: 15 },
      typed: { price: "60", lead: "25", performance: "15" },
      errors: {},
      custom: false,
    });
  });

  it("takes whole-number weights that add up to 100", () => {
    expect(parse("price=70&lead=20&performance=10")).toMatchObject({
      weights: { price: 70, lead: 20, performance: 10 },
      errors: {},
      custom: true,
    });
    expect(parse("price=100&lead=0&performance=0").weights).toEqual({ price: 100, lead: 0, performance: 0 });
  });

  it("reports a bad weight beside its field, keeps what was typed and falls back to the defaults", () => {
    const bad = parse("price=abc&lead=1.5&performance=101");
    expect(bad.weights).toEqual(DEFAULT_WEIGHTS);
    expect(bad.typed).toEqual({ price: "abc", lead: "1.5", performance: "101" });
    expect(bad.errors).toEqual({
      price: "Enter the price weight as a whole number from 0 to 100.",
      lead: "Enter the lead time weight as a whole number from 0 to 100.",
      performance: "Enter the supplier performance weight as a whole number from 0 to 100.",
    });
    expect(parse("lead=-5").errors).toEqual({ lead: "Enter the lead time weight as a whole number from 0 to 100." });
  });

  it("asks for weights that add up to 100", () => {
    const bad = parse("price=70&lead=25&performance=15");
    expect(bad.errors).toEqual({
      weights: msgWith("The weights add up to {{total}}; make them add up to 100.", { total: 110 }),
    });
    expect(bad.weights).toEqual(DEFAULT_WEIGHTS);
    expect(bad.typed.price).toBe("70");
  });
});
