/**
 * The header's search box at a phone's width and a laptop's, a list sorted
 * by a column header, and its CSV download.
 */
import { expect, test } from "@playwright/test";

import { signIn } from "./support";

for (const width of [390, 1366]) {
  test(`searching from the header at ${width} px opens the record found`, async ({ browser }) => {
    const page = await signIn(browser, "buyer@acme.test");
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/dashboard");
    await page.getByRole("searchbox", { name: "Search records" }).fill("Hex bolt");
    await page.getByRole("search").getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/search\?q=Hex\+bolt/);
    await expect(page.getByRole("heading", { name: "Agreements" })).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await page.locator("main section").first().getByRole("link").first().click();
    await expect(page).not.toHaveURL(/\/search/);
  });
}

test("a list sorts by a column header and downloads what it shows as CSV", async ({ browser }) => {
  const page = await signIn(browser, "buyer@acme.test");
  await page.goto("/pos");
  await page.getByRole("link", { name: /^Total/ }).click();
  await expect(page).toHaveURL(/sort=total&dir=desc/);
  await expect(page.getByRole("columnheader", { name: /Total/ })).toHaveAttribute("aria-sort", "descending");
  const shown = await page.locator("main table tbody tr td:first-child").allInnerTexts();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  const text = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(text).toString("utf8").trim().split("\r\n");
  expect(lines[0]).toContain('"number"');
  expect(lines.slice(1, shown.length + 1).map((l) => l.split(",")[0].replace(/"/g, ""))).toEqual(
    shown.map((s) => s.replace(/^Number:\s*/, "").trim()),
  );
});
