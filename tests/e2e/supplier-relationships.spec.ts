/**
 * A supplier decides whether to work with a new buying organisation, in a
 * real browser: Initech invites Globex's address (Globex has not accepted
 * Initech), sees only the address and cannot order from it; Globex accepts
 * on its Buyers page at a phone's width; Initech then sees Globex's name and
 * may raise a PO to it.
 */
import { expect, test } from "@playwright/test";

import { mailsTo, seriousAxeViolations, signIn, utcLocal, followMainNavigation } from "./support";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const title = `Initech safety gloves ${stamp}`;
const ADDRESS = "sales@globex.test";
let rfqPath = "";

test("1. the buyer invites the address of a supplier that has not accepted it: only the address shows", async ({
  browser,
}) => {
  const page = await signIn(browser, "buyer@initech.test");
  await page.goto("/rfqs/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Response deadline").fill(utcLocal(new Date(Date.now() + 2 * 86_400_000)));
  await page.getByLabel("Time zone").selectOption("UTC");
  await page.getByLabel("Item 1").fill("Cut-resistant gloves, size 9");
  await page.getByLabel("Quantity 1").fill("50");
  await page.getByLabel("Invite by email").fill(ADDRESS);
  await page.getByRole("button", { name: "Publish RFQ" }).click();
  await expect(page.getByRole("heading", { name: title })).toContainText("open");
  await expect(page.getByRole("cell", { name: ADDRESS })).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Globex");
  rfqPath = new URL(page.url()).pathname;

  // No direct PO to it: it is not among the suppliers offered.
  await page.goto("/pos/new");
  const supplier = page.getByLabel("Supplier");
  await expect(supplier).toBeVisible();
  await expect(supplier.locator("option")).not.toContainText(["Globex Industrial"]);
  await page.context().close();
});

test("2. the supplier accepts on its Buyers page, which fits a phone's width", async ({ browser }) => {
  const page = await signIn(browser, ADDRESS);
  await page.setViewportSize({ width: 390, height: 900 });
  // Before it accepts, the RFQ is not among its invitations.
  await page.goto("/rfqs");
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
  await followMainNavigation(page, "Buyers");
  await expect(page.getByRole("heading", { name: "Buying organisations", level: 1 })).toBeVisible();
  const request = page.getByRole("article", { name: "Initech" });
  await expect(request).toContainText(title);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
  expect(await seriousAxeViolations(page)).toEqual([]);

  await request.getByRole("button", { name: "Accept Initech" }).click();
  await expect(page.getByRole("status")).toHaveText("Accepted. Its RFQs are now among your invitations.");
  await expect(page.getByRole("article", { name: "Initech" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Working with you" })).toContainText("Initech");

  await page.goto("/rfqs");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await page.context().close();
});

test("3. the buyer is told, sees the supplier's name and may order from it", async ({ browser }) => {
  await expect
    .poll(async () => (await mailsTo("buyer@initech.test")).map((m) => m.subject), { timeout: 20_000 })
    .toContain("Globex Industrial accepted to work with you");
  const page = await signIn(browser, "buyer@initech.test");
  await page.goto(rfqPath);
  await expect(page.getByRole("cell", { name: "Globex Industrial" })).toBeVisible();
  await page.goto("/pos/new");
  await expect(page.getByLabel("Supplier").locator("option", { hasText: "Globex Industrial" })).toHaveCount(1);
  await page.context().close();
});
