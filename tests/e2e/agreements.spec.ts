/**
 * An award becomes an agreement, the buyer edits the draft, the supplier acknowledges it, and the
 * buyer orders from it: a call-off past the item's cap is refused with the
 * numbers beside the quantity, one within it becomes a draft PO, and the
 * agreement shows what was consumed, with its chart. At a phone's width and
 * a laptop's, without sideways scrolling.
 */
import { expect, test, type Page } from "@playwright/test";

import { signIn, utcLocal } from "./support";

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
}

for (const width of [390, 1366] as const) {
  test(`at ${width} px: a buyer turns an award into an agreement, the supplier acknowledges, the buyer calls off`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const item = `Spring washer M6 (${width})`;
    const title = `Spring washers framework ${width}`;
    const buyer = await signIn(browser, "buyer@acme.test");
    await buyer.setViewportSize({ width, height: 900 });
    await buyer.goto("/rfqs/new");
    await buyer.getByLabel("Title").fill(title);
    await buyer.getByLabel("Currency").selectOption("EUR");
    await buyer.getByLabel("Response deadline").fill(utcLocal(new Date(Date.now() + 3 * 86_400_000)));
    await buyer.getByLabel("Time zone").selectOption("UTC");
    await buyer.getByLabel("Item 1").fill(item);
    await buyer.getByLabel("Quantity 1").fill("1000");
    await buyer.getByLabel("Northwind Components").check();
    await buyer.getByRole("button", { name: "Publish RFQ" }).click();
    await expect(buyer.getByRole("heading", { name: title })).toContainText("open");
    const rfqUrl = new URL(buyer.url()).pathname;

    const northwind = await signIn(browser, "sales@northwind.test");
    await northwind.setViewportSize({ width, height: 900 });
    await northwind.goto(rfqUrl);
    await northwind.getByRole("link", { name: "Enter quote" }).click();
    await northwind.getByLabel(`Unit price for ${item}`).fill("0.25");
    await northwind.getByLabel("Lead time (days)").fill("4");
    await northwind.getByRole("button", { name: "Submit quote" }).click();
    await expect(northwind.getByRole("status")).toContainText("Your quote was received");

    await buyer.goto(rfqUrl);
    await buyer.getByRole("button", { name: "Close RFQ" }).click();
    await expect(buyer.getByRole("heading", { name: title })).toContainText("closed");
    await buyer.goto(`${rfqUrl}/compare`);
    await buyer.getByRole("button", { name: "Agreement with Northwind Components" }).click();
    const preview = buyer.getByRole("region", { name: "Check the award" });
    await expect(preview.getByRole("heading", { name: "Draft agreement to Northwind Components" })).toBeVisible();
    await expect(preview).toContainText(item);
    await buyer.getByRole("button", { name: "Confirm award" }).click();
    const heading = buyer.getByRole("heading", { name: /Agreement AGR-\d{4}-\d{6}/ });
    await expect(heading).toContainText("draft");
    const agreementUrl = new URL(buyer.url()).pathname;
    await expect(buyer.getByRole("region", { name: "Items and consumption" })).toContainText(item);
    await noSidewaysScroll(buyer);

    // Before sending it, the buyer edits the draft: a new title and a price break on the item.
    await buyer.getByRole("link", { name: "Edit draft" }).click();
    await expect(buyer.getByRole("heading", { name: /Edit agreement AGR-/ })).toBeVisible();
    await expect(buyer.getByLabel("Item 1")).toHaveValue(item);
    await noSidewaysScroll(buyer);
    await buyer.getByLabel("Title").fill(`${title} (revised)`);
    await buyer.getByLabel("Price breaks 1").fill("500: 0.20");
    await buyer.getByRole("button", { name: "Save draft" }).click();
    await expect(heading).toContainText("draft");
    await expect(buyer.getByRole("heading", { name: `${title} (revised)` })).toBeVisible();
    await expect(buyer.getByRole("region", { name: "Items and consumption" })).toContainText("from 500");
    await buyer.getByRole("button", { name: "Send to supplier" }).click();
    await expect(buyer.getByRole("status")).toContainText("Sent");
    await expect(heading).toContainText("sent");

    await northwind.goto(agreementUrl);
    await noSidewaysScroll(northwind);
    await northwind.getByRole("button", { name: "Acknowledge agreement" }).click();
    await expect(northwind.getByRole("heading", { name: /Agreement AGR-/ })).toContainText("active");
    // The supplier never sees the buyer's call-offs, nor the form to make one.
    await expect(northwind.getByRole("button", { name: "Order from this agreement" })).toHaveCount(0);

    await buyer.goto(agreementUrl);
    const quantity = buyer.getByLabel(`Quantity of ${item}`);
    await quantity.fill("1200");
    await buyer.getByRole("button", { name: "Order from this agreement" }).click();
    await expect(quantity).toHaveAttribute("aria-invalid", "true");
    await expect(buyer.locator(`#${await quantity.getAttribute("id")}-error`)).toHaveText(
      "Only 1,000 pcs remain under the cap of 1,000 pcs (0 ordered so far).",
    );
    await expect(quantity).toHaveValue("1200");
    await noSidewaysScroll(buyer);
    await quantity.fill("400");
    await buyer.getByRole("button", { name: "Order from this agreement" }).click();
    const po = buyer.getByRole("heading", { name: /Purchase order PO-\d{4}-\d{6}/ });
    await expect(po).toContainText("draft");
    await expect(buyer.getByText("Call-off against agreement")).toBeVisible();
    // The PO page names its agreement and links back to it.
    await expect(buyer.getByRole("link", { name: /^AGR-\d{4}-\d{6}: / })).toHaveAttribute("href", agreementUrl);

    await buyer.goto(agreementUrl);
    await expect(buyer.getByRole("region", { name: "Items and consumption" })).toContainText("400 pcs (40 %)");
    await expect(buyer.getByRole("region", { name: "Items and consumption" })).toContainText("600 pcs");
    await expect(buyer.getByTestId("value-consumption")).toContainText("100.00 EUR consumed");
    await expect(buyer.getByRole("img", { name: /Consumption over time/ })).toBeVisible();
    await noSidewaysScroll(buyer);
  });
}
