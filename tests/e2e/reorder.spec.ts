/**
 * A buyer keeps a shelf topped up: a reorder rule for an item of the
 * catalogue at one site, a count below its point, and "Run now" pressed
 * three times: exactly one requisition line, and a decision log that says
 * what each run decided and why. At a phone's width and a laptop's, without
 * sideways scrolling.
 */
import { expect, test, type Page } from "@playwright/test";

import { signIn, followMainNavigation } from "./support";

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
}

/** Presses "Run now" and waits for the run's answer, so three presses are three runs. */
async function runNow(page: Page) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/reorder")),
    page.getByRole("button", { name: "Run now" }).click(),
  ]);
  await expect(page.getByRole("status")).toContainText("Run finished");
  // Idle again once the page has reloaded its data, with a fresh one-time token for the next press.
  await expect(page.getByRole("button", { name: "Run now" })).toBeEnabled();
}

// Each width its own site, so the two runs of the spec do not meet on one shelf.
const SITES = { 390: "Esslingen warehouse", 1366: "Stuttgart plant, goods in" } as const;

for (const width of [390, 1366] as const) {
  test(`at ${width} px: stock below the point, Run now three times, one requisition line and a readable log`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const site = SITES[width];
    const buyer = await signIn(browser, "buyer@acme.test");
    await buyer.setViewportSize({ width, height: 900 });

    await followMainNavigation(buyer, "Reorder");
    await expect(buyer.getByRole("heading", { name: "Reorder rules" })).toBeVisible();
    // The demo's morning run: the glasses are below their point, and the log says why nothing was ordered.
    await expect(buyer.getByRole("region", { name: "Reorder rules" })).toContainText(
      "Not ordered: no agreement in force offers this item",
    );
    if (width === 390) await noSidewaysScroll(buyer);

    await buyer.getByRole("link", { name: "New rule" }).click();
    const item = buyer.getByLabel("Item", { exact: true });
    const bolts = await item.locator("option", { hasText: "Hex bolt M8x30" }).getAttribute("value");
    await item.selectOption(bolts as string);
    await buyer.getByLabel("Site").selectOption({ label: site });
    await buyer.getByLabel("Reorder point").fill("1000");
    await buyer.getByLabel("How much to order").selectOption("fixed");
    await buyer.getByLabel("Fixed quantity").fill("400");
    if (width === 390) await noSidewaysScroll(buyer);
    await buyer.getByRole("button", { name: "Create rule" }).click();
    await expect(buyer.getByRole("heading", { name: `Hex bolt M8x30 at ${site}` })).toBeVisible();
    const ruleUrl = new URL(buyer.url()).pathname;

    await buyer.goto("/reorder/stock");
    await buyer.getByLabel("Site").selectOption({ label: site });
    await buyer.getByLabel("Item").fill("hex bolt m8x30");
    await buyer.getByLabel("Unit").selectOption("pcs");
    await buyer.getByLabel("Quantity on hand").fill("100");
    await buyer.getByRole("button", { name: "Save count" }).click();
    await expect(buyer.getByRole("status")).toHaveText("Count saved.");
    await expect(buyer.getByRole("region", { name: "Stock on hand" })).toContainText("hex bolt m8x30");
    if (width === 390) await noSidewaysScroll(buyer);

    await buyer.goto("/reorder");
    for (let i = 0; i < 3; i++) await runNow(buyer);

    await buyer.goto(ruleUrl);
    const log = buyer.getByRole("region", { name: "Decision log" });
    const rows = log.locator("tbody tr");
    await expect(rows).toHaveCount(3);
    // Latest first: twice "already requested" (100 + 400 is still below 1000), then the one order.
    await expect(rows.nth(0)).toContainText("Not ordered: already requested");
    await expect(rows.nth(1)).toContainText("Not ordered: already requested");
    await expect(rows.nth(2)).toContainText("Ordered 400 pcs");
    const ordered = (await rows.nth(2).textContent()) ?? "";
    const number = /REQ-\d{4}-\d{6}/.exec(ordered)?.[0];
    expect(number).toBeTruthy();
    // Both later decisions point at the same open line: one requisition line in all.
    await expect(rows.nth(0)).toContainText(`${number} line 1`);
    await expect(rows.nth(1)).toContainText(`${number} line 1`);
    await expect(buyer.locator("dt:text-is('Projected') + dd")).toHaveText("500");
    if (width === 390) await noSidewaysScroll(buyer);
  });
}
