/**
 * The buying organisation's supplier list and qualification, at a phone's
 * width and a laptop's: the buyer lists its suppliers, requires a document
 * of a category, the supplier sends it with its expiry date, the buyer
 * approves it; then the buyer blocks another supplier and sees it refused
 * on an RFQ, with the reason. No page scrolls sideways.
 */
import { expect, test, type Page } from "@playwright/test";

import { signIn, followMainNavigation } from "./support";

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
}

const PDF = Buffer.from("%PDF-1.4\n% quality manual\n%%EOF\n");

for (const [width, blocked, blockedEmail] of [
  [390, "Vortex Supplies", "sales@vortex.test"],
  [1366, "Helix Metals", "sales@helix.test"],
] as const) {
  test(`at ${width} px: a buyer requires a document, the supplier sends it, the buyer approves it and blocks ${blocked}`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const documentType = `Quality manual ${width}`;
    const buyer = await signIn(browser, "buyer@acme.test");
    await buyer.setViewportSize({ width, height: 900 });

    await followMainNavigation(buyer, "Suppliers");
    await expect(buyer.getByRole("heading", { name: "Suppliers", level: 1 })).toBeVisible();
    const list = buyer.getByRole("list", { name: "Suppliers" });
    await expect(list.getByRole("link", { name: "Keystone Fixings" })).toBeVisible();
    await expect(list).toContainText("Cannot be chosen: Blocked: Counterfeit parts found in two deliveries");
    await noSidewaysScroll(buyer);
    await buyer.getByLabel("Qualification").selectOption("suspended");
    await buyer.getByRole("button", { name: "Filter" }).click();
    await expect(list.getByRole("link")).toHaveText(["Helix Metals"]);

    await buyer.goto("/settings/supplier-documents");
    await buyer.getByLabel("Category").fill("Fasteners");
    await buyer.getByLabel("Document", { exact: true }).fill(documentType);
    await buyer.getByRole("button", { name: "Require document" }).click();
    await expect(buyer.getByRole("status")).toContainText("Required");
    await expect(buyer.getByRole("list", { name: "Required documents" })).toContainText(`Fasteners: ${documentType}`);
    await noSidewaysScroll(buyer);

    const keystone = await signIn(browser, "sales@keystone.test");
    await keystone.setViewportSize({ width, height: 900 });
    await keystone.goto("/relationships");
    const acme = keystone.getByRole("article", { name: /Acme Manufacturing/ });
    await expect(acme.getByRole("list", { name: "Documents Acme Manufacturing asks for" })).toContainText(
      `${documentType}: Not sent yet`,
    );
    await acme.getByLabel("Document", { exact: true }).selectOption(documentType);
    await acme.getByLabel("Valid until").fill("2030-06-30");
    await acme
      .getByLabel("File")
      .setInputFiles({ name: "quality-manual.pdf", mimeType: "application/pdf", buffer: PDF });
    await acme.getByRole("button", { name: "Send document to Acme Manufacturing" }).click();
    await expect(keystone.getByRole("status")).toContainText("Sent");
    await expect(keystone.getByRole("list", { name: "Documents Acme Manufacturing asks for" })).toContainText(
      `${documentType}: Sent, waiting for the customer`,
    );
    await noSidewaysScroll(keystone);

    await buyer.goto("/suppliers");
    await buyer.getByRole("link", { name: "Keystone Fixings" }).click();
    await expect(buyer.getByRole("heading", { name: "Keystone Fixings", level: 1 })).toBeVisible();
    await expect(buyer.getByRole("link", { name: "Scorecard" })).toHaveAttribute(
      "href",
      /\/suppliers\/[0-9a-f-]{36}\/scorecard$/,
    );
    await buyer.getByRole("button", { name: `Approve ${documentType}` }).click();
    await expect(buyer.getByRole("status")).toContainText("The document is approved.");
    await expect(buyer.getByRole("list", { name: "Required documents" })).toContainText(
      `${documentType}: Approved (valid until 2030-06-30)`,
    );
    await noSidewaysScroll(buyer);

    await buyer.goto("/suppliers");
    await buyer.getByRole("link", { name: blocked }).click();
    await buyer.getByText("Block", { exact: true }).click();
    await buyer.getByLabel("Why block (the supplier is told)").fill(`Failed the site audit (${width})`);
    await buyer.getByRole("button", { name: "Block supplier" }).click();
    await expect(buyer.getByRole("status")).toContainText("Blocked.");
    await expect(buyer.getByRole("list", { name: "Qualification history" })).toContainText(
      `Failed the site audit (${width})`,
    );
    await noSidewaysScroll(buyer);

    await buyer.goto("/rfqs/new");
    await expect(buyer.getByLabel(blocked)).toHaveCount(0);
    await expect(buyer.locator("#unavailable-suppliers")).toContainText(
      `${blocked}: Blocked: Failed the site audit (${width})`,
    );
    await buyer.getByLabel("Title").fill(`Audit washers ${width}`);
    await buyer.getByLabel("Item 1").fill("Washer M10");
    await buyer.getByLabel("Quantity 1").fill("100");
    await buyer.getByLabel("Invite by email").fill(blockedEmail);
    await buyer.getByRole("button", { name: "Save draft" }).click();
    await expect(buyer.locator("#inviteEmails-error")).toContainText(
      `${blockedEmail} works for ${blocked}, which cannot be invited. Blocked: Failed the site audit (${width})`,
    );
    await noSidewaysScroll(buyer);
  });
}
