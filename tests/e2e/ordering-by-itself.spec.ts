/**
 * Ordering that runs by itself, walked whole on the demo data by each person
 * it touches: a buyer turns an award into an agreement and the supplier
 * acknowledges it; a requester orders two of its items and one free-text
 * item, above the requisition rule's first threshold (500 EUR at Acme);
 * finance approves; the catalogue lines become a PO issued to the supplier
 * without any buyer, and the free-text line waits in the sourcing queue
 * until one click makes it an RFQ; a reorder rule below its point raises one
 * requisition line over three runs, and its decision log says why. At a
 * phone's width (no page scrolls sideways) and a laptop's.
 *
 * The demo has one RFQ ready to award ("Safety gloves, Q1 supply"): the
 * phone walk awards it; the laptop walk first gets its own RFQ quoted and
 * closed, so each walk has its agreement and its items.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";

import { followMainNavigation, signIn, utcLocal } from "./support";

type Width = 390 | 1366;

async function noSidewaysScroll(page: Page, width: Width) {
  if (width !== 390) return;
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${page.url()} scrolls sideways at 390 px`).toBeLessThanOrEqual(1);
}

async function signInAt(browser: Browser, email: string, width: Width): Promise<Page> {
  const page = await signIn(browser, email);
  await page.setViewportSize({ width, height: 900 });
  return page;
}

/** Follows the header's link and waits for its page, so the next click lands on that page and not the one before. */
async function navigateTo(page: Page, name: string, path: string) {
  await followMainNavigation(page, name);
  await expect(page).toHaveURL((url) => url.pathname === path);
  await noSidewaysScroll(page, page.viewportSize()?.width === 390 ? 390 : 1366);
}

async function chooseItem(page: Page, label: string, item: string) {
  const select = page.getByLabel(label, { exact: true });
  const value = await select.locator("option", { hasText: item }).first().getAttribute("value");
  await select.selectOption(value ?? "");
}

/** Presses "Run now" and waits for the run's answer, so three presses are three runs. */
async function runNow(page: Page) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/reorder")),
    page.getByRole("button", { name: "Run now" }).click(),
  ]);
  await expect(page.getByRole("status")).toContainText("Run finished");
  await expect(page.getByRole("button", { name: "Run now" })).toBeEnabled();
}

interface Award {
  rfqTitle: string;
  supplier: { name: string; email: string };
  items: [string, string];
}

/** The phone walk awards the demo's RFQ: Globex has the lowest landed total, so no justification is asked. */
const DEMO_AWARD: Award = {
  rfqTitle: "Safety gloves, Q1 supply",
  supplier: { name: "Globex Industrial", email: "sales@globex.test" },
  items: ["Cut-resistant gloves", "Nitrile disposable gloves"],
};

/** The laptop walk's RFQ, published, quoted by Northwind and closed in the browser. */
async function rfqReadyToAward(browser: Browser, width: Width): Promise<Award> {
  const award: Award = {
    rfqTitle: `Workshop consumables ${width}`,
    supplier: { name: "Northwind Components", email: "sales@northwind.test" },
    items: [`Abrasive disc 125 mm (${width})`, `Marking spray, white (${width})`],
  };
  const buyer = await signInAt(browser, "buyer@acme.test", width);
  await buyer.goto("/rfqs/new");
  await buyer.getByLabel("Title").fill(award.rfqTitle);
  await buyer.getByLabel("Currency").selectOption("EUR");
  await buyer.getByLabel("Response deadline").fill(utcLocal(new Date(Date.now() + 3 * 86_400_000)));
  await buyer.getByLabel("Time zone").selectOption("UTC");
  await buyer.getByLabel("Item 1").fill(award.items[0]);
  await buyer.getByLabel("Quantity 1").fill("500");
  await buyer.getByRole("button", { name: "Add line" }).click();
  await buyer.getByLabel("Item 2").fill(award.items[1]);
  await buyer.getByLabel("Quantity 2").fill("200");
  await buyer.getByLabel("Northwind Components").check();
  await buyer.getByRole("button", { name: "Publish RFQ" }).click();
  await expect(buyer.getByRole("heading", { name: award.rfqTitle })).toContainText("open");
  const rfqUrl = new URL(buyer.url()).pathname;

  const northwind = await signInAt(browser, award.supplier.email, width);
  await northwind.goto(rfqUrl);
  await northwind.getByRole("link", { name: "Enter quote" }).click();
  await northwind.getByLabel(`Unit price for ${award.items[0]}`).fill("3.95");
  await northwind.getByLabel(`Unit price for ${award.items[1]}`).fill("8.40");
  await northwind.getByLabel("Lead time (days)").fill("7");
  await northwind.getByRole("button", { name: "Submit quote" }).click();
  await expect(northwind.getByRole("status")).toContainText("Your quote was received");

  await buyer.goto(rfqUrl);
  await buyer.getByRole("button", { name: "Close RFQ" }).click();
  await expect(buyer.getByRole("heading", { name: award.rfqTitle })).toContainText("closed");
  await buyer.context().close();
  await northwind.context().close();
  return award;
}

for (const width of [390, 1366] as const) {
  test(`at ${width} px: an award becomes an agreement, a requisition orders itself after approval, and a reorder rule raises one line`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const award = width === 390 ? DEMO_AWARD : await rfqReadyToAward(browser, width);
    const [firstItem, secondItem] = award.items;
    const freeText = `Pipe wrench 450 mm (${width})`;

    // 1. The buyer awards the RFQ as an agreement; the supplier acknowledges it and it is in force.
    const buyer = await signInAt(browser, "buyer@acme.test", width);
    await navigateTo(buyer, "RFQs", "/rfqs");
    await buyer.getByRole("link", { name: award.rfqTitle }).click();
    await expect(buyer.getByRole("heading", { name: award.rfqTitle })).toContainText("closed");
    await noSidewaysScroll(buyer, width);
    await buyer.getByRole("link", { name: "Compare quotes" }).click();
    await expect(buyer.getByRole("heading", { name: `Compare quotes: ${award.rfqTitle}` })).toBeVisible();
    await noSidewaysScroll(buyer, width);
    await buyer.getByRole("button", { name: `Agreement with ${award.supplier.name}` }).click();
    const preview = buyer.getByRole("region", { name: "Check the award" });
    await expect(preview.getByRole("heading", { name: `Draft agreement to ${award.supplier.name}` })).toBeVisible();
    await expect(preview).toContainText(firstItem);
    await expect(preview).toContainText(secondItem);
    await noSidewaysScroll(buyer, width);
    await buyer.getByRole("button", { name: "Confirm award" }).click();
    const agreementHeading = buyer.getByRole("heading", { name: /Agreement AGR-\d{4}-\d{6}/ });
    await expect(agreementHeading).toContainText("draft");
    const agreementNumber = /AGR-\d{4}-\d{6}/.exec((await agreementHeading.textContent()) ?? "")?.[0] ?? "";
    expect(agreementNumber).not.toBe("");
    const agreementUrl = new URL(buyer.url()).pathname;
    await noSidewaysScroll(buyer, width);
    await buyer.getByRole("button", { name: "Send to supplier" }).click();
    await expect(agreementHeading).toContainText("sent");

    const supplier = await signInAt(browser, award.supplier.email, width);
    await navigateTo(supplier, "Agreements", "/agreements");
    await noSidewaysScroll(supplier, width);
    await supplier.getByRole("link", { name: new RegExp(agreementNumber) }).click();
    await expect(supplier).toHaveURL(new RegExp(`${agreementUrl}$`));
    await noSidewaysScroll(supplier, width);
    await supplier.getByRole("button", { name: "Acknowledge agreement" }).click();
    await expect(supplier.getByRole("heading", { name: /Agreement AGR-/ })).toContainText("active");
    await noSidewaysScroll(supplier, width);

    // 2. The requester orders both items from the catalogue and a free-text item: 100 × 3.95 + 10 × 8.40
    // + 1 × 120.00 (an estimate) = 599.00 EUR, above the rule's first threshold of 500 EUR.
    const requester = await signInAt(browser, "requester@acme.test", width);
    await navigateTo(requester, "Catalogue", "/catalogue");
    await expect(requester.getByRole("main")).toContainText(firstItem);
    await noSidewaysScroll(requester, width);
    await requester.getByRole("link", { name: `Add to requisition: ${firstItem} (${agreementNumber})` }).click();
    await expect(requester.getByRole("heading", { name: "New requisition" })).toBeVisible();
    await requester.getByLabel("Cost centre").fill("CC-410 Maintenance");
    await requester.getByLabel("Reason").fill("Gloves for the new shift and a wrench for the pump room.");
    await requester.getByLabel("Quantity 1").fill("100");
    await requester.getByRole("button", { name: "Add line" }).click();
    await chooseItem(requester, "Catalogue item 2", `${secondItem} (${award.supplier.name},`);
    await requester.getByLabel("Quantity 2").fill("10");
    await requester.getByRole("button", { name: "Add line" }).click();
    await requester.getByLabel("Item 3", { exact: true }).fill(freeText);
    await requester.getByLabel("Category 3").fill("Tools");
    await requester.getByLabel("Estimated price 3").fill("120");
    await requester.getByLabel("Quantity 3").fill("1");
    await noSidewaysScroll(requester, width);
    await requester.getByRole("button", { name: "Submit requisition" }).click();
    const requisitionHeading = requester.getByRole("heading", { name: /Requisition REQ-\d{4}-\d{6}/ });
    await expect(requisitionHeading).toContainText("submitted");
    const requisitionNumber = /REQ-\d{4}-\d{6}/.exec((await requisitionHeading.textContent()) ?? "")?.[0] ?? "";
    expect(requisitionNumber).not.toBe("");
    await expect(requester.getByRole("main")).toContainText("599.00 EUR");
    const lines = requester.getByRole("region", { name: "Requisition lines" });
    await expect(lines.getByText(/PO-\d{4}-\d{6}/)).toHaveCount(0);
    await noSidewaysScroll(requester, width);

    // 3. Finance, the rule's approver, approves it.
    const approver = await signInAt(browser, "finance@acme.test", width);
    await navigateTo(approver, "Requisitions", "/requisitions");
    await noSidewaysScroll(approver, width);
    await approver.getByRole("link", { name: requisitionNumber }).click();
    await expect(approver.getByRole("heading", { name: new RegExp(requisitionNumber) })).toContainText("submitted");
    await noSidewaysScroll(approver, width);
    await approver.getByRole("button", { name: "Approve requisition" }).click();
    await expect(approver.getByRole("heading", { name: new RegExp(requisitionNumber) })).not.toContainText("submitted");

    // 4. Without a buyer: both catalogue lines on one PO to the supplier, issued; the free-text line with the buyers.
    await requester.reload();
    await expect(requisitionHeading).toContainText("sourcing");
    const poNumbers = lines.getByText(/PO-\d{4}-\d{6}/);
    await expect(poNumbers).toHaveCount(2);
    const poNumber = /PO-\d{4}-\d{6}/.exec((await poNumbers.first().textContent()) ?? "")?.[0] ?? "";
    await expect(poNumbers.nth(1)).toContainText(poNumber);
    await expect(lines.getByRole("row", { name: new RegExp(escape(firstItem)) })).toContainText("issued");
    await expect(lines.getByRole("row", { name: new RegExp(escape(secondItem)) })).toContainText("issued");
    await expect(lines.getByRole("row", { name: new RegExp(escape(freeText)) })).toContainText(
      "with the buyers to source",
    );
    await noSidewaysScroll(requester, width);

    await navigateTo(buyer, "Purchase orders", "/pos");
    const poRow = buyer.getByRole("row", { name: new RegExp(poNumber) });
    await expect(poRow).toContainText("issued");
    await expect(poRow).toContainText(award.supplier.name);
    await noSidewaysScroll(buyer, width);
    await poRow.getByRole("link", { name: poNumber }).click();
    await expect(buyer.getByRole("heading", { name: new RegExp(poNumber) })).toContainText("issued");
    await expect(buyer.getByRole("link", { name: new RegExp(`^${agreementNumber}: `) })).toHaveAttribute(
      "href",
      agreementUrl,
    );
    // Made and issued by the ordering run itself, as its history says: neither a buyer nor the requester acted.
    const poTimeline = buyer.getByRole("region", { name: "Timeline" });
    await expect(poTimeline).toContainText(
      "Requisition ordering from agreements created the order as a call-off of an agreement",
    );
    await expect(poTimeline).toContainText("issued the order to the supplier");
    await expect(poTimeline).not.toContainText("Alice Byrne");
    await expect(poTimeline).not.toContainText("Rosa Delgado");
    await noSidewaysScroll(buyer, width);

    await navigateTo(buyer, "Sourcing queue", "/sourcing");
    await noSidewaysScroll(buyer, width);
    await buyer.getByRole("checkbox", { name: `Choose ${freeText} of ${requisitionNumber}` }).check();
    await buyer.getByRole("button", { name: "Make RFQ from chosen lines" }).click();
    await expect(buyer.getByRole("heading", { name: new RegExp(escape(freeText)) })).toContainText("draft");
    await noSidewaysScroll(buyer, width);
    await requester.reload();
    await expect(lines.getByRole("row", { name: new RegExp(escape(freeText)) })).toContainText(
      "In a request for quotation",
    );

    // 5. A reorder rule for the first item, stock below its point, "Run now" three times: one requisition line.
    const site = "Esslingen warehouse";
    await navigateTo(buyer, "Reorder", "/reorder");
    await expect(buyer.getByRole("heading", { name: "Reorder rules" })).toBeVisible();
    await noSidewaysScroll(buyer, width);
    await buyer.getByRole("link", { name: "New rule" }).click();
    await chooseItem(buyer, "Item", `${firstItem} (pcs), ${agreementNumber}`);
    await buyer.getByLabel("Site").selectOption({ label: site });
    await buyer.getByLabel("Reorder point").fill("1000");
    await buyer.getByLabel("How much to order").selectOption("fixed");
    await buyer.getByLabel("Fixed quantity").fill("400");
    await noSidewaysScroll(buyer, width);
    await buyer.getByRole("button", { name: "Create rule" }).click();
    await expect(buyer.getByRole("heading", { name: `${firstItem} at ${site}` })).toBeVisible();
    const ruleUrl = new URL(buyer.url()).pathname;

    await buyer.goto("/reorder/stock");
    await buyer.getByLabel("Site").selectOption({ label: site });
    await buyer.getByLabel("Item").fill(firstItem);
    await buyer.getByLabel("Unit").selectOption("pcs");
    await buyer.getByLabel("Quantity on hand").fill("100");
    await buyer.getByRole("button", { name: "Save count" }).click();
    await expect(buyer.getByRole("status")).toHaveText("Count saved.");
    await noSidewaysScroll(buyer, width);

    await buyer.goto("/reorder");
    for (let i = 0; i < 3; i++) await runNow(buyer);
    await noSidewaysScroll(buyer, width);

    await buyer.goto(ruleUrl);
    const rows = buyer.getByRole("region", { name: "Decision log" }).locator("tbody tr");
    await expect(rows).toHaveCount(3);
    // Latest first: the first run ordered 400 (100 counted is below 1000), the next two found it requested.
    await expect(rows.nth(2)).toContainText(/Ordered 400(\.000)? pcs/);
    const raised = /REQ-\d{4}-\d{6}/.exec((await rows.nth(2).textContent()) ?? "")?.[0] ?? "";
    expect(raised).not.toBe("");
    for (const later of [rows.nth(0), rows.nth(1)]) {
      await expect(later).toContainText("Not ordered: already requested");
      await expect(later).toContainText(`${raised} line 1`);
    }
    await noSidewaysScroll(buyer, width);

    // The raised requisition has that one line, marked as the rule's.
    await navigateTo(buyer, "Requisitions", "/requisitions");
    await buyer.getByRole("link", { name: raised }).click();
    await expect(buyer.getByRole("main")).toContainText("Reorder rule");
    await expect(buyer.getByRole("region", { name: "Requisition lines" }).locator("tbody tr")).toHaveCount(1);
    await noSidewaysScroll(buyer, width);
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
