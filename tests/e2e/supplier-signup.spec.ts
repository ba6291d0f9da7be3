/**
 * A supplier that is not on Quotient yet, end to end in a real browser: the
 * buyer invites it by email on the RFQ form and publishes; the mailed link
 * opens the registration page; the supplier registers (a weak password is
 * refused next to the field, keeping what was typed), lands signed in on the
 * invitation, attaches a data sheet and submits a quote in US dollars.
 */
import { expect, test } from "@playwright/test";

import { mailsTo, signIn, utcLocal } from "./support";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const title = `Stainless hinges ${stamp}`;
const EMAIL = `sales-${stamp}@vega.test`;
const DATASHEET = Buffer.from("%PDF-1.4\n% Vega hinge data sheet\n%%EOF\n");
let rfqPath = "";
let registrationPath = "";
let fileHref = "";

test("1. the buyer invites a new supplier by email and publishes", async ({ browser }) => {
  const page = await signIn(browser, "buyer@acme.test");
  await page.goto("/rfqs/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Response deadline").fill(utcLocal(new Date(Date.now() + 2 * 86_400_000)));
  await page.getByLabel("Time zone").selectOption("UTC");
  await page.getByLabel("Item 1").fill("Hinge 60 mm, stainless");
  await page.getByLabel("Quantity 1").fill("400");

  // A typo is refused next to the field, and the rest of the form is kept.
  await page.getByLabel("Invite by email").fill(`${EMAIL}\nnot-an-address`);
  await page.getByRole("button", { name: "Publish RFQ" }).click();
  await expect(page.locator("#inviteEmails-error")).toHaveText("“not-an-address” is not an email address.");
  await expect(page.getByLabel("Title")).toHaveValue(title);

  await page.getByLabel("Invite by email").fill(EMAIL);
  await page.getByRole("button", { name: "Publish RFQ" }).click();
  await expect(page.getByRole("heading", { name: title })).toContainText("open");
  await expect(page.getByRole("cell", { name: EMAIL })).toBeVisible();
  rfqPath = new URL(page.url()).pathname;
  await page.context().close();
});

test("2. the invitation mail carries a registration link", async () => {
  await expect.poll(async () => (await mailsTo(EMAIL)).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const [mail] = await mailsTo(EMAIL);
  expect(mail.subject).toContain(title);
  expect(mail.text).toContain("Acme Manufacturing invites you to quote");
  const link = /(https?:\/\/\S+\/register\/[A-Za-z0-9_-]+)/.exec(mail.text ?? "");
  expect(link).not.toBeNull();
  registrationPath = new URL(link![1]).pathname;
});

test("3. the supplier registers, lands on the invitation and quotes in USD with a file", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(registrationPath);
  await expect(page.getByRole("heading", { name: "Register to quote" })).toBeVisible();
  await expect(page.getByText(`invites you to quote on “${title}”`)).toBeVisible();
  await expect(page.getByText("Acme Manufacturing", { exact: true })).toBeVisible();

  await page.getByLabel("Organisation name").fill(`Vega Hinges ${stamp}`);
  await page.getByLabel("Address").fill("Kungsgatan 1\n111 43 Stockholm");
  await page.getByLabel("Tax id (optional)").fill("SE556677889901");
  await page.getByLabel("Your name").fill("Vera Holm");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Register and open the request" }).click();
  await expect(page.locator("#password-error")).toHaveText("Use at least 12 characters for the password.");
  await expect(page.getByLabel("Organisation name")).toHaveValue(`Vega Hinges ${stamp}`);

  await page.getByLabel("Password").fill("a long and quiet hinge");
  await page.getByRole("button", { name: "Register and open the request" }).click();
  await expect(page).toHaveURL(new RegExp(`${rfqPath}$`));
  await expect(page.getByRole("heading", { name: title })).toBeVisible();

  await page.getByRole("link", { name: "Enter quote" }).click();
  await page.getByLabel("Attach a file").setInputFiles({
    name: "hinge-datasheet.pdf",
    mimeType: "application/pdf",
    buffer: DATASHEET,
  });
  await page.getByRole("button", { name: "Attach file" }).click();
  await expect(page.getByRole("status")).toContainText("The file is attached");
  await expect(page.getByRole("list", { name: "Files to send with your quote" })).toContainText("hinge-datasheet.pdf");

  await page.getByLabel("Quote currency").fill("USD");
  await expect(page.getByRole("columnheader", { name: "Unit price (USD)" })).toBeVisible();
  await expect(page.getByLabel("Freight (USD)")).toBeVisible();
  await page.getByLabel("Unit price for Hinge 60 mm, stainless").fill("1.15");
  await page.getByLabel("Lead time (days)").fill("12");
  await page.getByRole("button", { name: "Submit quote" }).click();
  await expect(page.getByRole("status")).toContainText("Your quote was received (revision 1)");

  await page.getByRole("link", { name: "Revision history" }).click();
  const row = page.getByRole("row", { name: /^1 / });
  await expect(row).toContainText("USD");
  await expect(page.getByRole("list", { name: "Files of revision 1" })).toContainText("hinge-datasheet.pdf");
  const href = await page.getByRole("link", { name: "hinge-datasheet.pdf" }).getAttribute("href");
  const download = await page.request.get(href!);
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(DATASHEET)).toBe(true);

  fileHref = href!;

  // The link has done its work: a second visit says so instead of offering the form.
  await page.goto(registrationPath);
  await expect(page.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Register and open the request" })).toHaveCount(0);
  await context.close();
});

test("4. the buyer opens the quote's file only once the RFQ is closed", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  expect((await buyer.request.get(fileHref)).status()).toBe(403);

  await buyer.goto(rfqPath);
  await expect(buyer.getByRole("row", { name: new RegExp(`Vega Hinges ${stamp}`) })).toContainText("submitted");
  // The only invited supplier has answered, so the buyer may close early.
  await buyer.getByRole("button", { name: "Close RFQ" }).click();
  await expect(buyer.getByRole("heading", { name: title })).toContainText("closed");
  const files = buyer.getByRole("list", { name: "Files received with quotes" });
  await expect(files).toContainText(`Vega Hinges ${stamp}, revision 1: hinge-datasheet.pdf`);
  const download = await buyer.request.get(fileHref);
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(DATASHEET)).toBe(true);
  await buyer.context().close();
});
