/**
 * A requester orders two catalogue items and one free-text item: under the
 * rule's first threshold the requisition is approved at once, the catalogue
 * lines become one PO issued to the supplier without any buyer, and the
 * free-text line waits in the buyers' sourcing queue, from which one click
 * makes an RFQ. At a phone's width and a laptop's, without sideways scroll.
 */
import { expect, test, type Page } from "@playwright/test";

import { signIn } from "./support";

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
}

async function chooseItem(page: Page, label: string, item: string) {
  const select = page.getByLabel(label);
  const value = await select.locator("option", { hasText: item }).first().getAttribute("value");
  await select.selectOption(value ?? "");
}

for (const width of [390, 1366] as const) {
  test(`at ${width} px: a requester's requisition is ordered without a buyer, and its free-text line becomes an RFQ`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const freeText = `Torque wrench ${width}`;
    const requester = await signIn(browser, "requester@acme.test");
    await requester.setViewportSize({ width, height: 900 });
    await requester.goto("/catalogue");
    await noSidewaysScroll(requester);
    await requester.getByRole("link", { name: /^Add to requisition: Cable tie 200 mm/ }).click();
    await expect(requester.getByRole("heading", { name: "New requisition" })).toBeVisible();
    await requester.getByLabel("Cost centre").fill("CC-410 Maintenance");
    await requester.getByLabel("Reason").fill("Line 3 rewiring and tools.");
    await requester.getByLabel("Quantity 1").fill("200");
    await requester.getByRole("button", { name: "Add line" }).click();
    await chooseItem(requester, "Catalogue item 2", "Hex nut M8");
    await requester.getByLabel("Quantity 2").fill("300");
    await requester.getByRole("button", { name: "Add line" }).click();
    await requester.getByLabel("Item 3", { exact: true }).fill(freeText);
    await requester.getByLabel("Category 3").fill("Tools");
    await requester.getByLabel("Estimated price 3").fill("85");
    await requester.getByLabel("Quantity 3").fill("1");
    await noSidewaysScroll(requester);
    await requester.getByRole("button", { name: "Submit requisition" }).click();

    const heading = requester.getByRole("heading", { name: /Requisition REQ-\d{4}-\d{6}/ });
    await expect(heading).toContainText("sourcing");
    const number = ((await heading.textContent()) ?? "").match(/REQ-\d{4}-\d{6}/)?.[0] ?? "";
    const lines = requester.getByRole("region", { name: "Requisition lines" });
    // Both catalogue lines on one PO, issued to Northwind by itself; the requester reads its summary only.
    await expect(lines.getByText(/PO-\d{4}-\d{6}/)).toHaveCount(2);
    await expect(lines).toContainText("issued");
    await expect(lines.getByRole("link", { name: /PO-/ })).toHaveCount(0);
    await expect(lines).toContainText("with the buyers to source");
    await noSidewaysScroll(requester);

    const buyer = await signIn(browser, "buyer@acme.test");
    await buyer.setViewportSize({ width, height: 900 });
    await buyer.goto("/sourcing");
    await noSidewaysScroll(buyer);
    await buyer.getByRole("checkbox", { name: `Choose ${freeText} of ${number}` }).check();
    await buyer.getByRole("button", { name: "Make RFQ from chosen lines" }).click();
    await expect(buyer.getByRole("heading", { name: new RegExp(freeText) })).toContainText("draft");

    await requester.reload();
    await expect(requester.getByRole("region", { name: "Requisition lines" })).toContainText(
      "In a request for quotation",
    );
  });
}
