/**
 * Refusals and unknown addresses keep the header and navigation, say plainly
 * what happened, and never show the router's own text or a stack.
 */
import { expect, test, type Page } from "@playwright/test";

import { signIn } from "./support";

async function expectCleanError(page: Page, title: string) {
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the dashboard" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("No route matches");
  await expect(page.locator("body")).not.toContainText(/\bat .+\.(js|ts):\d+/);
}

test("an unknown address is a kind 404 inside the header and navigation", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  const response = await buyer.goto("/no-such-page/at-all");
  expect(response?.status()).toBe(404);
  await expectCleanError(buyer, "Not found");
  await expect(buyer.getByText("There is no page at this address.")).toBeVisible();
  const nav = buyer.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "RFQs" })).toBeVisible();
  await expect(buyer.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("a record that is not there is a 404 with the model's own sentence, inside the header", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  const response = await buyer.goto("/rfqs/00000000-0000-4000-8000-000000000000");
  expect(response?.status()).toBe(404);
  await expectCleanError(buyer, "Not found");
  await expect(buyer.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("a page the person may not use is a 403 inside the header and navigation", async ({ browser }) => {
  const supplier = await signIn(browser, "sales@northwind.test");
  const response = await supplier.goto("/approvals");
  expect(response?.status()).toBe(403);
  await expectCleanError(supplier, "Not allowed");
  await expect(
    supplier.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invitations" }),
  ).toBeVisible();
});

test("signed out, an unknown address still shows the header and no router text", async ({ page }) => {
  const response = await page.goto("/nothing-here");
  expect(response?.status()).toBe(404);
  await expectCleanError(page, "Not found");
  await expect(page.getByRole("link", { name: "Quotient" })).toBeVisible();
});
