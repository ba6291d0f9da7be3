/**
 * The award form and the one rule for a justification, as the page and the
 * server both apply it: ties count as cheapest, an amount without a rate
 * never does, and a whole award compares only suppliers that priced every
 * line.
 */
import { describe, expect, it } from "vitest";

import {
  awardSchema,
  cheapestPerLine,
  isCheapestChoice,
  pricesEveryLine,
  toAwardChoice,
  type AwardChoice,
  type AwardComparable,
} from "../../../app/models/sourcing/award.schema";
import { parseForm } from "../../../app/utils/form";
import { msgWith } from "../../../app/i18n/config";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const L1 = "00000000-0000-4000-8000-000000000001";
const L2 = "00000000-0000-4000-8000-000000000002";

const cell = (landedLineTotal: string | null) => ({ landedLineTotal });

/** A: 600.00 + 100.00 = 700.00; B: 575.00 + 103.04 = 678.04; C quotes line 2 only, 96.00. */
const comparison: AwardComparable = {
  lines: [{ id: L1 }, { id: L2 }],
  suppliers: [
    { supplierOrgId: A, landedTotal: "700.00", cells: { [L1]: cell("600.00"), [L2]: cell("100.00") } },
    { supplierOrgId: B, landedTotal: "678.04", cells: { [L1]: cell("575.00"), [L2]: cell("103.04") } },
    { supplierOrgId: C, landedTotal: "96.00", cells: { [L1]: null, [L2]: cell("96.00") } },
  ],
};

const split = (s1: string, s2: string): AwardChoice => ({
  mode: "lines",
  lines: [
    { rfqLineId: L1, supplierOrgId: s1 },
    { rfqLineId: L2, supplierOrgId: s2 },
  ],
});

describe("isCheapestChoice", () => {
  it("takes the lowest total among suppliers that priced every line, not a partial quote's smaller sum", () => {
    expect(isCheapestChoice(comparison, { mode: "whole", supplierOrgId: B })).toBe(true);
    expect(isCheapestChoice(comparison, { mode: "whole", supplierOrgId: A })).toBe(false);
    // C's 96.00 is the smallest number, but C did not quote line 1.
    expect(isCheapestChoice(comparison, { mode: "whole", supplierOrgId: C })).toBe(false);
    expect(pricesEveryLine(comparison, C)).toBe(false);
  });

  it("needs every line at its lowest converted price for a split", () => {
    expect(isCheapestChoice(comparison, split(B, C))).toBe(true);
    expect(isCheapestChoice(comparison, split(B, A))).toBe(false);
    expect(isCheapestChoice(comparison, split(A, C))).toBe(false);
  });

  it("counts a tie as cheapest", () => {
    const tie: AwardComparable = {
      ...comparison,
      suppliers: comparison.suppliers.map((s) =>
        s.supplierOrgId === A ? { ...s, landedTotal: "678.04", cells: { ...s.cells, [L2]: cell("96.00") } } : s,
      ),
    };
    expect(isCheapestChoice(tie, { mode: "whole", supplierOrgId: A })).toBe(true);
    expect(isCheapestChoice(tie, split(B, A))).toBe(true);
  });

  it("never calls an amount without an FX rate the cheapest", () => {
    const noRate: AwardComparable = {
      ...comparison,
      suppliers: comparison.suppliers.map((s) =>
        s.supplierOrgId === B ? { ...s, landedTotal: null, cells: { [L1]: cell(null), [L2]: cell(null) } } : s,
      ),
    };
    expect(isCheapestChoice(noRate, { mode: "whole", supplierOrgId: B })).toBe(false);
    expect(isCheapestChoice(noRate, { mode: "whole", supplierOrgId: A })).toBe(true);
    expect(isCheapestChoice(noRate, split(B, C))).toBe(false);
    expect(isCheapestChoice(noRate, split(A, C))).toBe(true);
  });

  it("compares decimals, not strings", () => {
    const close: AwardComparable = {
      lines: [{ id: L1 }],
      suppliers: [
        { supplierOrgId: A, landedTotal: "1000.00", cells: { [L1]: cell("1000.00") } },
        { supplierOrgId: B, landedTotal: "999.99", cells: { [L1]: cell("999.99") } },
      ],
    };
    expect(isCheapestChoice(close, { mode: "whole", supplierOrgId: B })).toBe(true);
    expect(isCheapestChoice(close, { mode: "whole", supplierOrgId: A })).toBe(false);
  });
});

describe("cheapestPerLine", () => {
  it("pre-selects the lowest converted price per line", () => {
    expect(cheapestPerLine(comparison)).toEqual({ [L1]: B, [L2]: C });
  });

  it("falls back to a bidder when no price on the line can be compared, and to none without bids", () => {
    const c: AwardComparable = {
      lines: [{ id: L1 }, { id: L2 }],
      suppliers: [{ supplierOrgId: A, landedTotal: null, cells: { [L1]: cell(null), [L2]: null } }],
    };
    expect(cheapestPerLine(c)).toEqual({ [L1]: A, [L2]: null });
  });
});

describe("awardSchema", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    return parseForm(awardSchema, data);
  };

  it("reads a whole award from the pressed button", () => {
    const parsed = form({ version: "4", award: A, justification: "  Framework agreement  " });
    expect(parsed.ok && parsed.data).toMatchObject({ version: 4, award: A, justification: "Framework agreement" });
    expect(parsed.ok && toAwardChoice(parsed.data)).toEqual({ mode: "whole", supplierOrgId: A });
  });

  it("reads a split award from the per-line choices", () => {
    const parsed = form({
      version: "4",
      award: "lines",
      "lines[0].rfqLineId": L1,
      "lines[0].supplierOrgId": B,
      "lines[1].rfqLineId": L2,
      "lines[1].supplierOrgId": C,
    });
    expect(parsed.ok && toAwardChoice(parsed.data)).toEqual(split(B, C));
  });

  it("puts each problem next to its field", () => {
    expect(form({ version: "4" })).toMatchObject({
      ok: false,
      errors: { award: "Choose whom to award: one supplier for every line, or line by line." },
    });
    expect(form({ version: "4", award: "someone" })).toMatchObject({
      ok: false,
      errors: { award: "Choose whom to award: one supplier for every line, or line by line." },
    });
    expect(
      form({ version: "4", award: "lines", "lines[0].rfqLineId": L1, "lines[0].supplierOrgId": "" }),
    ).toMatchObject({ ok: false, errors: { "lines.0.supplierOrgId": "Choose the supplier for this line." } });
    expect(form({ version: "4", award: A, justification: "x".repeat(2001) })).toMatchObject({
      ok: false,
      errors: { justification: msgWith("Keep the justification under {{max}} characters.", { max: 2000 }) },
    });
  });

  it("keeps what was typed when it refuses", () => {
    const parsed = form({ version: "4", award: "lines", justification: "Because", "lines[0].rfqLineId": L1 });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.values).toMatchObject({ justification: "Because", lines: [{ rfqLineId: L1 }] });
  });
});
