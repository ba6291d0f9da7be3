/**
 * The whole procurement journey once, in a real browser, by each role:
 * buyer posts an RFQ, both suppliers quote (sealed), the buyer closes,
 * compares and awards, finance approves (the buyer cannot), the PO is
 * issued with its PDF mailed to the supplier, and the supplier acknowledges.
 */
import { expect, test, type Page } from "@playwright/test";

import { mailsTo, pdfText, signIn, utcLocal } from "./support";

test.describe.configure({ mode: "serial" });

const title = `Stainless fasteners ${Date.now().toString(36)}`;
let rfqUrl = "";
let poUrl = "";
let poNumber = "";

async function quote(page: Page, prices: [string, string], leadTime: string) {
  await page.goto("/rfqs");
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("link", { name: "Enter quote" }).click();
  await page.getByLabel("Unit price for Hex nut M10").fill(prices[0]);
  await page.getByLabel("Unit price for Washer M10").fill(prices[1]);
  await page.getByLabel("Lead time (days)").fill(leadTime);
  await page.getByRole("button", { name: "Submit quote" }).click();
  await expect(page.getByRole("status")).toContainText("Your quote was received (revision 1)");
  await expect(page.getByRole("heading", { name: title })).toContainText("open");
}

test("1. the buyer creates and publishes an RFQ, and a bad value is shown next to its field", async ({ browser }) => {
  const page = await signIn(browser, "buyer@acme.test");
  await page.goto("/rfqs/new");
  await page.getByLabel("Title").fill("Ab");
  await page.getByLabel("Item 1").fill("Hex nut M10");
  await page.getByLabel("Quantity 1").fill("ten");
  await page.getByRole("button", { name: "Publish RFQ" }).click();
  await expect(page.locator("#title-error")).toHaveText("The title needs at least 3 characters.");
  await expect(page.locator("#line-0-qty-error")).toHaveText("The quantity must be a number, like 12 or 12.5.");
  // What was typed is still there.
  await expect(page.getByLabel("Item 1")).toHaveValue("Hex nut M10");
  await expect(page.getByLabel("Quantity 1")).toHaveValue("ten");

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByLabel("Response deadline").fill(utcLocal(new Date(Date.now() + 3 * 86_400_000)));
  await page.getByLabel("Time zone").selectOption("UTC");
  await page.getByLabel("Quantity 1").fill("10000");
  await page.getByLabel("Specification 1").fill("ISO 4032, A2 stainless");
  await page.getByLabel("Item 2").fill("Washer M10");
  await page.getByLabel("Quantity 2").fill("10000");
  await page.getByLabel("Northwind Components").check();
  await page.getByLabel("Globex Industrial").check();
  await page.getByRole("button", { name: "Publish RFQ" }).click();

  await expect(page.getByRole("heading", { name: title })).toContainText("open");
  await expect(page.getByRole("row", { name: /Northwind Components/ })).toContainText("invited");
  rfqUrl = new URL(page.url()).pathname;
  expect(rfqUrl).toMatch(/^\/rfqs\/[0-9a-f-]{36}$/);
});

test("2. each supplier sees the invitation and submits a sealed quote; the buyer sees no price", async ({
  browser,
}) => {
  const northwind = await signIn(browser, "sales@northwind.test");
  await quote(northwind, ["0.25", "0.05"], "10");
  const globex = await signIn(browser, "sales@globex.test");
  await quote(globex, ["0.22", "0.06"], "14");

  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto(rfqUrl);
  await expect(buyer.getByRole("row", { name: /Northwind Components/ })).toContainText("submitted");
  await expect(buyer.getByRole("row", { name: /Globex Industrial/ })).toContainText("submitted");
  const body = await buyer.locator("main").innerText();
  for (const price of ["0.25", "0.22", "2,500", "2,800", "3,000"]) expect(body).not.toContain(price);
  await expect(buyer.getByRole("link", { name: "Compare quotes" })).toHaveCount(0);
  const sealed = await buyer.goto(`${rfqUrl}/compare`);
  expect(sealed?.status()).toBe(403);
  await expect(buyer.getByText(/sealed until the RFQ closes/)).toBeVisible();
});

test("3. the buyer closes the RFQ and compares the quotes side by side, lowest total marked", async ({ browser }) => {
  const page = await signIn(browser, "buyer@acme.test");
  await page.goto(rfqUrl);
  await page.getByRole("button", { name: "Close RFQ" }).click();
  await expect(page.getByRole("heading", { name: title })).toContainText("closed");
  await page.getByRole("link", { name: "Compare quotes" }).click();
  const table = page.getByRole("table", { name: "Quote comparison" });
  await expect(table.getByRole("columnheader", { name: /Globex Industrial/ })).toContainText("Lowest landed total");
  await expect(table.getByRole("columnheader", { name: /Northwind Components/ })).not.toContainText(
    "Lowest landed total",
  );
  await expect(page.getByTestId("total-Globex Industrial")).toHaveText("2,800.00 EUR");
  await expect(page.getByTestId("total-Northwind Components")).toHaveText("3,000.00 EUR");
});

test("4. the buyer awards to one supplier, a draft PO is created and submitted for approval", async ({ browser }) => {
  const page = await signIn(browser, "buyer@acme.test");
  await page.goto(`${rfqUrl}/compare`);
  await page.getByRole("button", { name: "Award to Globex Industrial" }).click();
  await expect(page.getByRole("heading", { name: "Check the award" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm award" }).click();
  const heading = page.getByRole("heading", { name: /Purchase order PO-\d{4}-\d{6}/ });
  await expect(heading).toContainText("draft");
  poUrl = new URL(page.url()).pathname;
  poNumber = ((await heading.innerText()).match(/PO-\d{4}-\d{6}/) ?? [""])[0];
  await expect(page.getByRole("row", { name: /Hex nut M10/ })).toContainText("2,200.00 EUR");
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(heading).toContainText("pending approval");

  // Separation of duties: the buyer who raised it has no Approve button, and a forged post is refused.
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  // With the version the page shows, so the refusal comes from separation of duties, not from a malformed form.
  const version = await page.locator('input[name="version"]').first().inputValue();
  const forged = await page.request.post(poUrl, { form: { intent: "approve", version } });
  expect(forged.status()).toBe(409);
  await page.reload();
  await expect(heading).toContainText("pending approval");
});

test("5. finance approves; the PO is issued, its PDF downloads and the supplier gets it by mail", async ({
  browser,
}) => {
  const page = await signIn(browser, "finance@acme.test");
  await page.goto("/approvals");
  await page.getByRole("link", { name: poNumber }).click();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("heading", { name: /Purchase order/ })).toContainText("issued");

  const download = await page.request.get(`${poUrl}/pdf`);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  const text = pdfText(await download.body());
  expect(text).toContain(poNumber);
  expect(text).toContain("Globex Industrial");
  expect(text).toContain("Hex nut M10");

  await expect
    .poll(async () => (await mailsTo("sales@globex.test")).some((m) => m.subject?.includes(poNumber)), {
      timeout: 20_000,
    })
    .toBe(true);
  const mail = (await mailsTo("sales@globex.test")).find((m) => m.subject?.includes(poNumber));
  const attachment = mail?.attachments.find((a) => a.contentType === "application/pdf");
  expect(attachment?.filename).toBe(`${poNumber}.pdf`);
  expect(pdfText(attachment?.content as Buffer)).toContain(poNumber);
});

test("6. the supplier acknowledges the PO", async ({ browser }) => {
  const page = await signIn(browser, "sales@globex.test");
  await page.goto("/pos");
  await page.getByRole("link", { name: poNumber }).click();
  await page
    .getByLabel("Promised delivery date (optional)")
    .fill(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByRole("heading", { name: /Purchase order/ })).toContainText("acknowledged");
});

test("tenants and competitors are kept apart", async ({ browser }) => {
  const initech = await signIn(browser, "buyer@initech.test");
  expect((await initech.goto(rfqUrl))?.status()).toBe(404);
  expect((await initech.goto(poUrl))?.status()).toBe(404);
  await initech.goto("/rfqs");
  await expect(initech.getByRole("link", { name: title })).toHaveCount(0);

  // Northwind lost: it may not compare, nor open the PO that went to Globex.
  const northwind = await signIn(browser, "sales@northwind.test");
  expect([403, 404]).toContain((await northwind.goto(`${rfqUrl}/compare`))?.status());
  expect((await northwind.goto(poUrl))?.status()).toBe(404);
  // A form posted from another site is refused before it reaches any action.
  const forged = await northwind.request.post("/logout", { headers: { Origin: "http://attacker.example" } });
  expect(forged.status()).toBe(403);
  await northwind.goto("/dashboard");
  await expect(northwind.getByRole("heading", { name: /Welcome/ })).toBeVisible();

  const lost = await mailsTo("sales@northwind.test");
  const result = lost.find((m) => m.subject?.startsWith("Result of") && m.subject.includes(title));
  expect(result?.text).toContain("another supplier");
  expect(result?.text).not.toContain("Globex");
});
