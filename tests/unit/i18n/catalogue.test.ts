/**
 * The English catalogue holds exactly the keys the code uses: a `t("…")`
 * without its message would show the key to a translator's reader as
 * untranslated, and a message nobody uses is work for the translator for
 * nothing. A key in two area files must read the same in both.
 */
import { describe, expect, it } from "vitest";

import { createFormat } from "~/i18n/format";
import { en } from "~/i18n/messages";
import { pseudoLocalize, PSEUDO_LOCALE } from "~/i18n/pseudo";

// @ts-expect-error: a plain script shared with the command line, without types.
import { check } from "../../../scripts/messages.mjs";

type Checked = { missing: string[]; unused: string[]; conflicting: string[]; used: Map<string, Set<string>> };

describe("the message catalogue", () => {
  const result = check() as Checked;

  it("has a message for every key the code uses", () => {
    expect(result.missing).toEqual([]);
  });

  it("has no message the code does not use", () => {
    expect(result.unused).toEqual([]);
  });

  it("gives a key one text wherever it appears", () => {
    expect(result.conflicting).toEqual([]);
  });

  it("finds the keys of the header and the error pages", () => {
    expect(result.used.get("Sign out")).toContain("app/components/site-header.tsx");
    expect(en["Sign out"]).toBe("Sign out");
  });
});

describe("the pseudo-locale", () => {
  it("accents letters and brackets the message, leaving placeholders and tags alone", () => {
    expect(pseudoLocalize("Sign out")).toBe("⟦Śíĝñ óũţ⟧");
    expect(pseudoLocalize("Hello {{name}}, <b>see</b>")).toBe("⟦Ĥéĺĺó {{name}}, <b>śéé</b>⟧");
  });

  it("marks what went through the formatter too", () => {
    const format = createFormat({ locale: PSEUDO_LOCALE, timeZone: "Europe/Berlin" });
    expect(format.instant(new Date("2026-12-07T09:30:00Z"))).toBe("⟦2026-12-07 10:30 Europe/Berlin⟧");
    expect(format.money("1234567.5", "EUR")).toBe("⟦1,234,567.50 EUR⟧");
  });
});

describe("the formatter", () => {
  it("shows an instant in the viewer's zone, named", () => {
    const format = createFormat({ locale: "en", timeZone: "Asia/Shanghai" });
    expect(format.instant("2026-12-07T20:15:00Z")).toBe("2026-12-08 04:15 Asia/Shanghai");
    expect(format.date(new Date("2026-12-07T20:15:00Z"))).toBe("2026-12-08");
    expect(format.date("2026-03-01")).toBe("2026-03-01");
  });

  it("groups money in the currency's minor units and quantities as they are", () => {
    const format = createFormat({ locale: "en", timeZone: "UTC" });
    expect(format.money("9340", "EUR")).toBe("9,340.00 EUR");
    expect(format.money("9340", "JPY")).toBe("9,340 JPY");
    expect(format.quantity("2500.000")).toBe("2,500");
    expect(format.percent(0.934)).toBe("93%");
  });
});

describe("a translator", () => {
  it("says a message without values the same every time, in each locale, and gives text outside the catalogue back as it is", async () => {
    const { translatorFor } = await import("~/i18n/translator");
    const t = translatorFor("en");
    expect(t("Sign out")).toBe("Sign out");
    expect(t("Sign out")).toBe("Sign out");
    const pseudo = translatorFor(PSEUDO_LOCALE);
    expect(pseudo("Sign out")).toBe(pseudoLocalize("Sign out"));
    expect(pseudo("Sign out")).toBe(pseudoLocalize("Sign out"));
    expect(t("Something a person typed")).toBe("Something a person typed");
    expect(pseudo("Something a person typed")).toBe("Something a person typed");
  });

  it("still fills in values and plurals after the same message was said without them", async () => {
    const { translatorFor } = await import("~/i18n/translator");
    const t = translatorFor("en");
    expect(t("Purchase order {{number}}")).toBe("Purchase order {{number}}");
    expect(t("Purchase order {{number}}", { number: "PO-7" })).toBe("Purchase order PO-7");
    const key = "Consumption over time: {{total}} ordered by {{count}} days of call-offs, no value cap.";
    expect(t(key, { total: "5", count: 1 })).toBe(
      "Consumption over time: 5 ordered by 1 day of call-offs, no value cap.",
    );
    expect(t(key, { total: "5", count: 2 })).toBe(
      "Consumption over time: 5 ordered by 2 days of call-offs, no value cap.",
    );
  });
});
