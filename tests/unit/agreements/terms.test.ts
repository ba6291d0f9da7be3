import { describe, expect, it } from "vitest";

import { agreementFormSchema, callOffSchema } from "../../../app/models/agreements/agreement.schema";
import {
  formatPriceBreaks,
  parsePriceBreaks,
  percentConsumed,
  remainingOf,
  unitPriceFor,
} from "../../../app/models/agreements/terms";
import { translated } from "../../../app/i18n/config";
import { translatorFor } from "../../../app/i18n/translator";
import { parseSubmission } from "../../../app/utils/submission";

/** The field errors of a parse, whatever its outcome. */
const errorsIn = (result: unknown) => {
  const error = (result as { error?: Record<string, string[] | null> }).error;
  return error && Object.fromEntries(Object.entries(error).map(([k, v]) => [k, v?.map(english) ?? v]));
};

/** A message as an English reader sees it: keys with values (msgWith) filled in. */
const english = (message: string) => translated(translatorFor("en"), message);
const breaksOf = (text: string, base: string) => {
  const parsed = parsePriceBreaks(text, base);
  return parsed.ok ? parsed : { ...parsed, message: english(parsed.message) };
};

const KEY = "5b0c6c1e-8d7a-4c52-9f0e-2a6f3d1b7c01";
const SUPPLIER = "5b0c6c1e-8d7a-4c52-9f0e-2a6f3d1b7c02";

describe("price breaks", () => {
  it("reads them as typed, ordered by quantity, and prints them back", () => {
    const parsed = parsePriceBreaks("500: 1.65\n100 : 1.80;", "2.00");
    expect(parsed).toEqual({
      ok: true,
      breaks: [
        { minQuantity: "100", unitPrice: "1.80" },
        { minQuantity: "500", unitPrice: "1.65" },
      ],
    });
    expect(formatPriceBreaks(parsed.ok ? parsed.breaks : [])).toBe("100: 1.80; 500: 1.65");
    expect(parsePriceBreaks("", "2.00")).toEqual({ ok: true, breaks: [] });
  });

  it("refuses what cannot be a better price, or cannot be read", () => {
    expect(breaksOf("100: 2.10", "2.00")).toEqual({
      ok: false,
      message: "The price from 100 must be below 2.00, the price for fewer.",
    });
    expect(parsePriceBreaks("100: 1.80; 500: 1.90", "2.00")).toMatchObject({ ok: false });
    expect(breaksOf("100: 1.80; 100: 1.70", "2.00")).toEqual({
      ok: false,
      message: "Two price breaks start at 100.",
    });
    expect(parsePriceBreaks("1: 1.80", "2.00")).toMatchObject({ ok: false });
    expect(parsePriceBreaks("lots: cheap", "2.00")).toMatchObject({ ok: false });
    expect(parsePriceBreaks("1e309: 1", "2.00")).toMatchObject({ ok: false });
    expect(parsePriceBreaks("99999999999999999999: 1", "2.00")).toMatchObject({ ok: false });
    expect(parsePriceBreaks(Array.from({ length: 21 }, (_, i) => `${i + 2}: 1`).join(";"), "2")).toEqual({
      ok: false,
      message: "At most 20 price breaks per item.",
    });
  });

  it("prices a quantity at the break with the highest start not above it", () => {
    const breaks = [
      { minQuantity: "100", unitPrice: "1.80" },
      { minQuantity: "500", unitPrice: "1.65" },
    ];
    expect(unitPriceFor("2.00", breaks, "1")).toBe("2.00");
    expect(unitPriceFor("2.00", breaks, "99.999")).toBe("2.00");
    expect(unitPriceFor("2.00", breaks, "100")).toBe("1.80");
    expect(unitPriceFor("2.00", breaks, "499")).toBe("1.80");
    expect(unitPriceFor("2.00", breaks, "500")).toBe("1.65");
    expect(unitPriceFor("2.00", [...breaks].reverse(), "10000")).toBe("1.65");
  });

  it("says what remains of a cap and how much of it is used, in decimals", () => {
    expect(remainingOf("1000", "700")).toBe("300");
    expect(remainingOf("0.3", "0.1")).toBe("0.2");
    expect(remainingOf("10", "12")).toBe("0");
    expect(remainingOf(null, "12")).toBeNull();
    expect(percentConsumed("1000", "799.99")).toBe(79);
    expect(percentConsumed("1000", "800")).toBe(80);
    expect(percentConsumed(null, "800")).toBeNull();
  });
});

describe("agreement forms", () => {
  const form = (entries: [string, string][]) => {
    const data = new FormData();
    for (const [k, v] of entries) data.append(k, v);
    return data;
  };
  const valid: [string, string][] = [
    ["key", KEY],
    ["supplierOrgId", SUPPLIER],
    ["title", "Fasteners"],
    ["currency", "EUR"],
    ["validFrom", "2027-01-01"],
    ["validTo", "2027-12-31"],
    ["items[0].itemName", "Hex bolt"],
    ["items[0].unit", "pcs"],
    ["items[0].unitPrice", "2.00"],
    ["items[0].priceBreaks", "100: 1.80"],
  ];
  const errorsOf = (entries: [string, string][]) => errorsIn(parseSubmission(form(entries), agreementFormSchema));

  it("accepts a whole agreement", () => {
    expect(parseSubmission(form(valid), agreementFormSchema).status).toBe("success");
  });

  it("answers hostile input beside the field", () => {
    const replaced = (name: string, value: string) =>
      valid.map(([k, v]) => [k, k === name ? value : v] as [string, string]);
    expect(errorsOf(replaced("validTo", "2027-02-30"))?.validTo).toEqual(["That date does not exist."]);
    expect(errorsOf(replaced("validTo", "2026-12-31"))?.validTo).toEqual([
      "The last day cannot be before the first day.",
    ]);
    expect(errorsOf(replaced("items[0].unitPrice", "99999999999999999999"))?.["items[0].unitPrice"]).toEqual([
      "The unit price is too large.",
    ]);
    expect(errorsOf(replaced("items[0].priceBreaks", "100: 2.50"))?.["items[0].priceBreaks"]).toEqual([
      "The price from 100 must be below 2.00, the price for fewer.",
    ]);
    expect(errorsOf([...valid, ["title", "again"]])?.title).toBeTruthy();
    expect(errorsOf([...valid, ["valueCap", "-5"]])?.valueCap).toContain("The value cap cannot be negative.");
  });

  it("asks a call-off for at least one quantity, each a positive number", () => {
    const parse = (entries: [string, string][]) => parseSubmission(form([["key", KEY], ...entries]), callOffSchema);
    const callOff = (entries: [string, string][]) => ({ ...parse(entries), error: errorsIn(parse(entries)) });
    expect(
      callOff([
        ["lines[0].itemId", SUPPLIER],
        ["lines[0].quantity", ""],
      ]).error?.lines,
    ).toEqual(["Enter a quantity for at least one item."]);
    expect(
      callOff([
        ["lines[0].itemId", SUPPLIER],
        ["lines[0].quantity", "0"],
      ]).error?.["lines[0].quantity"],
    ).toEqual(["The quantity must be more than zero."]);
    expect(
      callOff([
        ["lines[0].itemId", SUPPLIER],
        ["lines[0].quantity", "12.5"],
      ]).status,
    ).toBe("success");
  });
});
