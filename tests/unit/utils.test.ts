/**
 * The small pure helpers every page leans on: money as decimal strings,
 * form data to objects, wall-clock time in a zone, redirects and the
 * cross-site check on form posts.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { isCrossSiteRequest } from "../../app/auth/csrf.server";
import { formDataToObject, parseForm } from "../../app/utils/form";
import { compare, formatAmount, formatMoney, formatUnitPrice, lineTotal, minorUnits, sum } from "../../app/utils/money";
import { safeRedirect } from "../../app/utils/safe-redirect";
import { formatInstant, instantToZonedLocal, zonedLocalToInstant } from "../../app/utils/time";

describe("money", () => {
  it("rounds a line total half-up to the currency's minor unit", () => {
    expect(lineTotal("3", "0.335", "EUR")).toBe("1.01"); // 1.005
    expect(lineTotal("1", "0.005", "EUR")).toBe("0.01");
    expect(lineTotal("1", "0.0049", "EUR")).toBe("0.00");
    expect(lineTotal("2500", "1.85", "EUR")).toBe("4625.00");
    expect(lineTotal("0.5", "0.01", "EUR")).toBe("0.01"); // 0.005
    expect(lineTotal("3", "0.335", "BHD")).toBe("1.005");
  });

  it("never goes through a float: 1.005, 0.1 + 0.2 and friends stay exact", () => {
    // As floats: 1.005 * 1 = 1.00499999..., 0.1 + 0.2 = 0.30000000000000004, 1.15 * 100 = 114.99999999999999
    expect(lineTotal("1", "1.005", "EUR")).toBe("1.01");
    expect(lineTotal("100", "1.15", "EUR")).toBe("115.00");
    expect(lineTotal("3", "0.1", "EUR")).toBe("0.30");
    expect(sum(["0.1", "0.2"], "EUR")).toBe("0.30");
    expect(compare(sum(["0.1", "0.2"], "EUR"), "0.3")).toBe(0);
    expect(
      sum(
        Array.from({ length: 10 }, () => "0.1"),
        "EUR",
      ),
    ).toBe("1.00");
    expect(sum(["1.005", "0"], "EUR")).toBe("1.01");
    // Large amounts keep every cent (2^53 is about 9.007e15).
    expect(lineTotal("12345678901.234", "1234567.8912", "EUR")).toBe("15241578766528792.46");
    expect(sum(["9007199254740993.01", "0.01"], "EUR")).toBe("9007199254740993.02");
  });

  it("sums decimal strings, rounding only the stated total", () => {
    expect(sum([], "EUR")).toBe("0.00");
    expect(sum(["4625.00", "600.00"], "EUR")).toBe("5225.00");
    expect(sum(["0.004", "0.004"], "EUR")).toBe("0.01"); // 0.008, not 0.00 + 0.00
    expect(sum(["-5.50", "2.25"], "EUR")).toBe("-3.25");
    expect(sum(["100.4", "0.1"], "JPY")).toBe("101");
  });

  it("knows the minor units of zero- and three-decimal currencies", () => {
    expect(minorUnits("EUR")).toBe(2);
    expect(minorUnits("jpy")).toBe(0);
    expect(minorUnits("KWD")).toBe(3);
    expect(lineTotal("3", "33.5", "JPY")).toBe("101"); // 100.5 rounds up
    expect(lineTotal("3", "33.4", "JPY")).toBe("100");
  });

  it("formats money with grouping and the currency's decimals", () => {
    expect(formatMoney("1234567.5", "EUR")).toBe("1,234,567.50 EUR");
    expect(formatMoney("999.995", "EUR")).toBe("1,000.00 EUR");
    expect(formatMoney("0", "EUR")).toBe("0.00 EUR");
    expect(formatMoney("-1234.5", "USD")).toBe("-1,234.50 USD");
    expect(formatMoney("100", "EUR")).toBe("100.00 EUR");
    expect(formatMoney("1234567", "JPY")).toBe("1,234,567 JPY");
    expect(formatMoney("1234.5", "JPY")).toBe("1,235 JPY");
    expect(formatMoney("1234.5", "KWD")).toBe("1,234.500 KWD");
    expect(formatAmount("1234567890123456789.01")).toBe("1,234,567,890,123,456,789.01");
  });

  it("formats unit prices with at least the minor unit and at most four decimals", () => {
    expect(formatUnitPrice("2.5", "EUR")).toBe("2.50 EUR");
    expect(formatUnitPrice("0.1234", "EUR")).toBe("0.1234 EUR");
    expect(formatUnitPrice("1.8500", "EUR")).toBe("1.85 EUR");
    expect(formatUnitPrice("0.12345", "EUR")).toBe("0.1235 EUR");
    expect(formatUnitPrice("1234.5", "EUR")).toBe("1,234.50 EUR");
    expect(formatUnitPrice("1500", "JPY")).toBe("1,500 JPY");
    expect(formatUnitPrice("12.5", "JPY")).toBe("12.5 JPY");
  });
});

describe("formDataToObject", () => {
  function form(entries: [string, string | Blob][]): FormData {
    const data = new FormData();
    for (const [name, value] of entries) data.append(name, value);
    return data;
  }

  it("never reaches Object.prototype and survives clashing or absurd names", () => {
    const result = formDataToObject(
      form([
        ["toString", "a"],
        ["toString", "b"],
        ["__proto__.polluted", "yes"],
        ["constructor.prototype.polluted", "yes"],
        ["title", "kept"],
        ["title.sub", "clash"],
        ["lines[99999999].quantity", "1"],
        ["lines[0].quantity", "2"],
      ]),
    );
    expect(result).toEqual({ toString: ["a", "b"], title: "kept", lines: [{ quantity: "2" }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("builds nested lines from lines[0].x names", () => {
    const result = formDataToObject(
      form([
        ["title", "Safety gloves"],
        ["lines[0].itemName", "Cut-resistant gloves"],
        ["lines[0].quantity", "600"],
        ["lines[1].itemName", "Nitrile gloves"],
        ["lines[1].quantity", "120"],
        ["terms.payment", "Net 30"],
      ]),
    );
    expect(result).toEqual({
      title: "Safety gloves",
      lines: [
        { itemName: "Cut-resistant gloves", quantity: "600" },
        { itemName: "Nitrile gloves", quantity: "120" },
      ],
      terms: { payment: "Net 30" },
    });
  });

  it("makes a removed middle row disappear instead of leaving a hole", () => {
    const result = formDataToObject(
      form([
        ["lines[0].itemName", "first"],
        ["lines[2].itemName", "third"],
      ]),
    );
    expect(result.lines).toEqual([{ itemName: "first" }, { itemName: "third" }]);
  });

  it("turns a repeated name into a list, in the order sent", () => {
    const result = formDataToObject(
      form([
        ["category", "Fasteners"],
        ["category", "Safety"],
        ["category", "Electrical"],
      ]),
    );
    expect(result.category).toEqual(["Fasteners", "Safety", "Electrical"]);
  });

  it("always makes a list of a name ending in Ids, also with one value or none", () => {
    expect(formDataToObject(form([["supplierIds", "a1"]])).supplierIds).toEqual(["a1"]);
    expect(
      formDataToObject(
        form([
          ["supplierIds", "a1"],
          ["supplierIds", "b2"],
        ]),
      ).supplierIds,
    ).toEqual(["a1", "b2"]);
    expect(formDataToObject(form([["title", "x"]]))).not.toHaveProperty("supplierIds");
    // A single value of an ordinary name stays a string.
    expect(formDataToObject(form([["supplierId", "a1"]])).supplierId).toBe("a1");
  });

  it("leaves out uploaded files", () => {
    const result = formDataToObject(
      form([
        ["title", "x"],
        ["drawing", new Blob(["%PDF-"], { type: "application/pdf" })],
      ]),
    );
    expect(result).toEqual({ title: "x" });
  });
});

describe("parseForm", () => {
  it("refuses a NUL character next to its field, before the schema, keeping what was typed", () => {
    const form = new FormData();
    form.set("reason", "late\u0000delivery");
    form.set("lines[1].note", "ok");
    form.append("lines[2].note", "a\u0000b");
    const schema = z.object({ reason: z.string() });
    const result = parseForm(schema, form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      reason: "Remove the control character (NUL) from this field.",
      "lines.2.note": "Remove the control character (NUL) from this field.",
    });
    expect(result.values.reason).toBe("late\u0000delivery");
    form.set("reason", "late delivery");
    form.set("lines[2].note", "ab");
    expect(parseForm(schema, form)).toEqual({ ok: true, data: { reason: "late delivery" } });
  });
});

describe("deadlines in a time zone", () => {
  it("reads wall-clock time in Berlin in winter (UTC+1) and summer (UTC+2)", () => {
    expect(zonedLocalToInstant("2026-01-15T17:00", "Europe/Berlin")?.toISOString()).toBe("2026-01-15T16:00:00.000Z");
    expect(zonedLocalToInstant("2026-07-15T17:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-15T15:00:00.000Z");
  });

  it("reads wall-clock time in New York in winter (UTC-5) and summer (UTC-4)", () => {
    expect(zonedLocalToInstant("2026-01-15T09:30", "America/New_York")?.toISOString()).toBe("2026-01-15T14:30:00.000Z");
    expect(zonedLocalToInstant("2026-07-15T09:30", "America/New_York")?.toISOString()).toBe("2026-07-15T13:30:00.000Z");
    // Across midnight UTC.
    expect(zonedLocalToInstant("2026-12-31T22:00", "America/New_York")?.toISOString()).toBe("2027-01-01T03:00:00.000Z");
  });

  it("gets the days around Berlin's daylight-saving changes right", () => {
    // 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET.
    expect(zonedLocalToInstant("2026-03-29T01:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T00:30:00.000Z");
    expect(zonedLocalToInstant("2026-03-29T03:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(zonedLocalToInstant("2026-10-24T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-10-24T10:00:00.000Z");
    expect(zonedLocalToInstant("2026-10-26T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-10-26T11:00:00.000Z");
  });

  it("shows an instant as wall-clock time in the zone", () => {
    expect(instantToZonedLocal(new Date("2026-01-15T16:00:00Z"), "Europe/Berlin")).toBe("2026-01-15T17:00");
    expect(instantToZonedLocal(new Date("2026-07-15T15:00:00Z"), "Europe/Berlin")).toBe("2026-07-15T17:00");
    expect(instantToZonedLocal(new Date("2026-07-15T13:30:00Z"), "America/New_York")).toBe("2026-07-15T09:30");
    expect(instantToZonedLocal(new Date("2027-01-01T03:00:00Z"), "America/New_York")).toBe("2026-12-31T22:00");
    expect(formatInstant("2026-01-15T16:00:00Z", "Europe/Berlin")).toBe("2026-01-15 17:00 Europe/Berlin");
  });

  it("round-trips local -> instant -> local in every zone, all year", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"];
    for (const zone of zones) {
      for (let month = 1; month <= 12; month++) {
        const local = `2026-${String(month).padStart(2, "0")}-14T08:45`;
        const instant = zonedLocalToInstant(local, zone);
        expect(instant, `${local} ${zone}`).not.toBeNull();
        expect(instantToZonedLocal(instant as Date, zone), `${local} ${zone}`).toBe(local);
      }
    }
  });

  it("refuses input that is not a date and time", () => {
    expect(zonedLocalToInstant("", "Europe/Berlin")).toBeNull();
    expect(zonedLocalToInstant("2026-01-15", "Europe/Berlin")).toBeNull();
    expect(zonedLocalToInstant("15.01.2026 17:00", "Europe/Berlin")).toBeNull();
    expect(zonedLocalToInstant("2026-01-15T17:00:00Z", "Europe/Berlin")).toBeNull();
  });
});

describe("safeRedirect", () => {
  const BASE = "https://quotient.test";

  it("follows a same-site path with its query string", () => {
    expect(safeRedirect("/rfqs?x=1")).toBe("/rfqs?x=1");
    expect(safeRedirect("/pos/123#lines", "/dashboard")).toBe("/pos/123#lines");
  });

  it("percent-encodes what a Location header could not carry (a character above U+00FF)", () => {
    const to = safeRedirect("/rfqs/€?q=✓#ä");
    expect(to).toBe("/rfqs/%E2%82%AC?q=%E2%9C%93#%C3%A4");
    expect(() => new Headers({ Location: to })).not.toThrow();
  });

  it("falls back for other hosts, protocol-relative and backslash tricks", () => {
    for (const evil of [
      "//evil.com",
      "https://evil.com",
      "/\\evil",
      "/\\/evil.com",
      "\\\\evil.com",
      "javascript:alert(1)",
      "evil.com",
      "/rfqs\n//evil.com",
      "/\t/evil.com",
      "/\r/evil.com",
    ]) {
      expect(safeRedirect(evil), JSON.stringify(evil)).toBe("/");
      expect(safeRedirect(evil, "/dashboard"), JSON.stringify(evil)).toBe("/dashboard");
    }
  });

  it("falls back when nothing usable is given", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/dashboard")).toBe("/dashboard");
    expect(safeRedirect("", "/dashboard")).toBe("/dashboard");
    expect(safeRedirect(new File(["/rfqs"], "x.txt"), "/dashboard")).toBe("/dashboard");
  });

  it("never yields a target a browser would resolve to another origin", () => {
    const attempts = [
      "/rfqs",
      "//evil.com",
      "/\\evil.com",
      "https://evil.com",
      "/./rfqs",
      "/%2F%2Fevil.com",
      "/rfqs?next=//evil.com",
      "/\t/evil.com",
    ];
    for (const to of attempts) {
      expect(new URL(safeRedirect(to), BASE).origin, JSON.stringify(to)).toBe(BASE);
    }
  });
});

describe("isCrossSiteRequest", () => {
  const host = "quotient.test";

  it("lets safe methods through whatever their headers say", () => {
    expect(isCrossSiteRequest("GET", { origin: "https://evil.test", host, secFetchSite: "cross-site" })).toBe(false);
    expect(isCrossSiteRequest("HEAD", { origin: "https://evil.test", host })).toBe(false);
  });

  it("refuses a POST from a foreign origin, and one whose Origin is not a URL", () => {
    expect(isCrossSiteRequest("POST", { origin: "https://evil.test", host })).toBe(true);
    expect(isCrossSiteRequest("post", { origin: "https://evil.test", host })).toBe(true);
    // Same name, other port: another origin.
    expect(isCrossSiteRequest("POST", { origin: "https://quotient.test:8443", host })).toBe(true);
    expect(isCrossSiteRequest("POST", { origin: "not a url", host })).toBe(true);
  });

  it("allows a POST from the same host, by Origin or by Referer", () => {
    expect(isCrossSiteRequest("POST", { origin: "https://quotient.test", host })).toBe(false);
    expect(isCrossSiteRequest("POST", { origin: "http://localhost:3000", host: "localhost:3000" })).toBe(false);
    expect(isCrossSiteRequest("POST", { referer: "https://quotient.test/rfqs/new", host })).toBe(false);
    expect(isCrossSiteRequest("POST", { origin: "https://quotient.test", host, secFetchSite: "same-origin" })).toBe(
      false,
    );
  });

  it("refuses Origin null (sandboxed frames, data: pages)", () => {
    expect(isCrossSiteRequest("POST", { origin: "null", host })).toBe(true);
  });

  it("refuses a foreign Referer when no Origin is sent", () => {
    expect(isCrossSiteRequest("POST", { referer: "https://evil.test/page", host })).toBe(true);
  });

  it("refuses what the browser itself marks as cross-site, even with a matching Origin", () => {
    expect(isCrossSiteRequest("POST", { origin: "https://quotient.test", host, secFetchSite: "cross-site" })).toBe(
      true,
    );
    expect(isCrossSiteRequest("DELETE", { host, secFetchSite: "same-site" })).toBe(true);
  });

  it("allows a client that sends neither Origin nor Referer (curl, server-to-server)", () => {
    expect(isCrossSiteRequest("POST", { host })).toBe(false);
    expect(isCrossSiteRequest("POST", { host, secFetchSite: "none" })).toBe(false);
  });
});
