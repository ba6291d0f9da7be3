/**
 * A split award in a real browser. The buyer posts an RFQ with two lines to
 * three suppliers, each quotes through its own quote page, the buyer closes
 * the RFQ early and compares the quotes in two currencies (Globex's in USD,
 * converted at finance's seeded rate of 0.92), downloads the CSV, and awards
 * line 1 to Globex and line 2 to Northwind, which is not the cheapest for
 * it: the page asks for a justification, and the award ends as two draft POs.
 *
 * The third supplier is new to the platform: the buyer invites its address
 * by email, and it registers from the mailed link before quoting. Globex
 * chooses USD on its quote form.
 *
 * Worked out by hand, in EUR:
 *   line 1, 500 pcs: Northwind 1.20 → 600.00; Globex 1.25 USD → 625.00 USD → 575.00; Umbrella 1.18 → 590.00
 *   line 2, 20 kg:   Northwind 5.00 → 100.00; Globex 5.60 USD → 112.00 USD → 103.04; Umbrella 4.80 → 96.00
 *   totals: Globex 678.04 (lowest), Umbrella 686.00, Northwind 700.00
 */
import { readFileSync } from "node:fs";

import { expect, test, type Browser } from "@playwright/test";

import { DEMO_PASSWORD, expectFitsPhone, mailsTo, signIn, utcLocal } from "./support";

test.describe.configure({ mode: "serial" });

const title = `Bearings ${Date.now().toString(36)}`;
const UMBRELLA = "Umbrella Bearings";
const UMBRELLA_SALES = `sales-${Date.now().toString(36)}@umbrella.test`;
let rfqUrl = "";

async function quote(browser: Browser, email: string, prices: [string, string], currency?: string) {
  const page = await signIn(browser, email);
  await page.goto(rfqUrl);
  await page.getByRole("link", { name: "Enter quote" }).click();
  if (currency) await page.getByLabel("Quote currency").fill(currency);
  await page.getByLabel("Unit price for Ball bearing 6204").fill(prices[0]);
  await page.getByLabel("Unit price for Bearing grease").fill(prices[1]);
  await page.getByLabel("Lead time (days)").fill("10");
  await page.getByRole("button", { name: "Submit quote" }).click();
  await expect(page.getByRole("status")).toContainText("Your quote was received");
  await page.context().close();
}

test("1. the buyer posts the RFQ to three suppliers, each quotes, and the buyer closes it", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto("/rfqs/new");
  await buyer.getByLabel("Title").fill(title);
  await buyer.getByLabel("Currency").selectOption("EUR");
  await buyer.getByLabel("Response deadline").fill(utcLocal(new Date(Date.now() + 3 * 86_400_000)));
  await buyer.getByLabel("Time zone").selectOption("UTC");
  await buyer.getByRole("button", { name: "Add line" }).click();
  await buyer.getByLabel("Item 1").fill("Ball bearing 6204");
  await buyer.getByLabel("Quantity 1").fill("500");
  await buyer.getByLabel("Item 2").fill("Bearing grease");
  await buyer.getByLabel("Quantity 2").fill("20");
  await buyer.getByLabel("Unit 2").selectOption("kg");
  for (const supplier of ["Northwind Components", "Globex Industrial"]) await buyer.getByLabel(supplier).check();
  await buyer.getByLabel("Invite by email").fill(UMBRELLA_SALES);
  await buyer.getByRole("button", { name: "Publish RFQ" }).click();
  await expect(buyer.getByRole("heading", { name: title })).toContainText("open");
  rfqUrl = new URL(buyer.url()).pathname;

  await quote(browser, "sales@northwind.test", ["1.20", "5.00"]);
  await quote(browser, "sales@globex.test", ["1.25", "5.60"], "USD");

  // The new supplier registers from the mailed link, then quotes like the others.
  await expect.poll(async () => (await mailsTo(UMBRELLA_SALES)).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const link = /(https?:\/\/\S+\/register\/[A-Za-z0-9_-]+)/.exec((await mailsTo(UMBRELLA_SALES))[0].text ?? "");
  expect(link).not.toBeNull();
  const registering = await (await browser.newContext()).newPage();
  await registering.goto(new URL(link![1]).pathname);
  await registering.getByLabel("Organisation name").fill(UMBRELLA);
  await registering.getByLabel("Address").fill("Mill Lane 1\nLeeds LS1 4AP");
  await registering.getByLabel("Your name").fill("Uma Brenner");
  await registering.getByLabel("Password").fill(DEMO_PASSWORD);
  await registering.getByRole("button", { name: "Register and open the request" }).click();
  await expect(registering.getByRole("heading", { name: title })).toBeVisible();
  await registering.context().close();
  await quote(browser, UMBRELLA_SALES, ["1.18", "4.80"]);

  await buyer.goto(rfqUrl);
  await buyer.getByRole("button", { name: "Close RFQ" }).click();
  await expect(buyer.getByRole("heading", { name: title })).toContainText("closed");
});

test("2. the buyer compares in EUR, downloads the CSV, and awards line by line with a justification", async ({
  browser,
}) => {
  const page = await signIn(browser, "buyer@acme.test");
  // One line a page: only the shown line has a choice; the other goes to its cheapest, and the page says so.
  await page.goto(`${rfqUrl}/compare?pageSize=1`);
  await expect(page.getByLabel("Line 1: Ball bearing 6204").locator("option:checked")).toHaveText(
    "Globex Industrial: 575.00 EUR",
  );
  await expect(page.getByLabel("Line 2: Bearing grease")).toHaveCount(0);
  await expect(page.getByTestId("split-paging-note")).toContainText(
    "Lines not shown on this page go to their cheapest price.",
  );
  await expect(page.getByTestId("split-note")).toHaveText(
    "These choices, and the cheapest for the lines not shown, are the cheapest for every line.",
  );
  // The whole-award buttons judge every line, also on a page of one.
  await expect(page.getByRole("button", { name: "Award to Globex Industrial" })).toHaveAccessibleDescription(
    /678\.04 EUR landed · lowest landed total/,
  );
  await expect(page.getByRole("button", { name: "Award to Northwind Components" })).toHaveAccessibleDescription(
    /justification required/,
  );
  // A dearer choice on page 1 goes along when the buyer moves on to page 2.
  await page.getByLabel("Line 1: Ball bearing 6204").selectOption({ label: "Northwind Components: 600.00 EUR" });
  await page
    .getByRole("navigation", { name: "Pages of lines above the matrix" })
    .getByRole("link", {
      name: "Next lines",
    })
    .click();
  const pagedLine2 = page.getByLabel("Line 2: Bearing grease");
  // The next page's line starts at its cheapest too.
  await expect(pagedLine2.locator("option:checked")).toHaveText("Umbrella Bearings: 96.00 EUR");
  await expect(page.getByTestId("split-kept-note")).toHaveText(
    "Your choices for 1 line on other pages are kept and sent with this form.",
  );
  const northwindId = await pagedLine2.locator("option", { hasText: "Northwind Components" }).getAttribute("value");
  await expect(page.locator('input[name="lines[1].supplierOrgId"]')).toHaveValue(northwindId ?? "missing");
  await expect(page.getByTestId("split-note")).toContainText("justification required");
  await pagedLine2.selectOption({ label: "Northwind Components: 100.00 EUR" });
  await expect(page.getByTestId("split-note")).toContainText("justification required");
  await page.getByRole("button", { name: "Award line by line" }).click();
  await expect(page.locator("#justification-error")).toHaveText(
    "Say why you award to a supplier that is not the cheapest.",
  );
  await expect(page).toHaveURL(/pageSize=1&page=2/);
  await expect(pagedLine2.locator("option:checked")).toHaveText("Northwind Components: 100.00 EUR");

  await page.goto(`${rfqUrl}/compare`);
  await expect(page.getByTestId("total-Globex Industrial")).toHaveText("678.04 EUR");
  await expect(page.getByTestId("total-Umbrella Bearings")).toHaveText("686.00 EUR");
  await expect(page.getByTestId("total-Northwind Components")).toHaveText("700.00 EUR");
  // No freight on these quotes: the landed total is the goods total.
  await expect(page.getByTestId("summary-lowest")).toHaveText("Globex Industrial: 678.04 EUR (goods 678.04 EUR)");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  const bytes = readFileSync((await download.path()) as string);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = bytes.toString("utf8").slice(1).split("\r\n");
  const totalRow = rows.find((r) => r.startsWith("Goods total (EUR),"))?.split(",") ?? [];
  const shown = await page.getByTestId("total-Globex Industrial").innerText();
  expect(totalRow).toContain(shown.replace(/,/g, "").replace(" EUR", ""));
  expect(totalRow).toContain("700.00");

  // Pre-set to the cheapest landed amount per line (no freight here, so the converted price): Globex (575.00) and
  // Umbrella (96.00).
  const line1 = page.getByLabel("Line 1: Ball bearing 6204");
  const line2 = page.getByLabel("Line 2: Bearing grease");
  await expect(line1.locator("option:checked")).toHaveText("Globex Industrial: 575.00 EUR");
  await expect(line2.locator("option:checked")).toHaveText("Umbrella Bearings: 96.00 EUR");
  await expect(page.getByTestId("split-note")).toHaveText("These choices are the cheapest for every line.");
  await line2.selectOption({ label: "Northwind Components: 100.00 EUR" });
  await expect(page.getByTestId("split-note")).toContainText("justification required");

  // Without a justification the award is refused next to the field, and the choice is kept.
  await page.getByRole("button", { name: "Award line by line" }).click();
  await expect(page.locator("#justification-error")).toHaveText(
    "Say why you award to a supplier that is not the cheapest.",
  );
  await expect(line2.locator("option:checked")).toHaveText("Northwind Components: 100.00 EUR");
  await expect(page.getByRole("heading", { name: /Compare quotes/ })).toContainText("closed");

  const why = "Northwind keeps the grease on consignment at our plant.";
  await page.getByLabel("Justification").fill(why);
  await page.getByRole("button", { name: "Award line by line" }).click();

  // First what the award will make and whom it tells; nothing is awarded yet.
  const preview = page.getByRole("region", { name: "Check the award" });
  await expect(preview.getByRole("status")).toContainText(
    "Nothing is awarded yet. Confirming makes 2 draft purchase orders",
  );
  await expect(preview.getByRole("heading", { name: "Draft purchase order to Globex Industrial" })).toBeVisible();
  await expect(
    preview.getByRole("region", { name: "Lines of the purchase order to Northwind Components" }),
  ).toContainText("Bearing grease");
  await expect(preview.getByRole("listitem").filter({ hasText: "Umbrella Bearings" })).toContainText("in the app");
  await expect(preview).toContainText(why);
  await expectFitsPhone(page);
  await page.setViewportSize({ width: 1366, height: 900 });
  await expect(page.getByRole("heading", { name: /Compare quotes/ })).toContainText("closed");
  await page.getByRole("button", { name: "Confirm award" }).click();

  await expect(page.getByRole("heading", { name: title })).toContainText("awarded");
  await expect(page.getByRole("status")).toContainText("2 draft purchase orders");
  await expect(page.getByTestId("award-justification")).toHaveText(why);
  const list = page.getByRole("list", { name: "Purchase orders from this award" });
  const items = list.getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: "Globex Industrial" })).toContainText("625.00 USD");
  await expect(items.filter({ hasText: "Northwind Components" })).toContainText("100.00 EUR");

  for (const supplier of ["Globex Industrial", "Northwind Components"]) {
    await list.getByRole("listitem").filter({ hasText: supplier }).getByRole("link").click();
    await expect(page.getByRole("heading", { name: /Purchase order PO-\d{4}-\d{6}/ })).toContainText("draft");
    await expect(page.getByText(supplier).first()).toBeVisible();
    await page.goBack();
  }
});
