/**
 * A disputed invoice corrected in a real browser: on its own small RFQ (under
 * the first approval threshold, so the PO is issued on submission) the
 * supplier invoices above the PO price, sees the difference beside the line,
 * is refused a malformed price next to its field with what it typed kept,
 * corrects and resubmits; the match runs again, finance sees the
 * resubmission with the first submission's figures, approves it, and the
 * supplier is told by mail.
 */
import { expect, test } from "@playwright/test";

import { draftPoFromRfq, mailsTo, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const title = `Hinge ${stamp}`;
const invoiceNumber = `NW-R-${stamp}`;
let poUrl = "";
let poNumber = "";
let invoiceUrl = "";

test("1. an issued, acknowledged and received PO for 10 hinges at 30 EUR", async ({ browser }) => {
  const made = await draftPoFromRfq(browser, { title, item: "Door hinge", quantity: "10", unitPrice: "30" });
  const { buyer, northwind, heading } = made;
  ({ poUrl, poNumber } = made);
  await buyer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(heading).toContainText("issued");

  await northwind.goto(poUrl);
  await northwind.getByRole("button", { name: "Acknowledge" }).click();
  await expect(northwind.getByRole("heading", { name: /Purchase order/ })).toContainText("acknowledged");

  await buyer.goto(poUrl);
  await buyer.getByLabel("Delivery note number").fill("NW-DN-10");
  await buyer.getByLabel("Quantity received of Door hinge (pcs)").fill("10");
  await buyer.getByRole("button", { name: "Record receipt" }).click();
  await expect(heading).toContainText("received");
});

test("2. the supplier invoices above the PO price, corrects the line and resubmits", async ({ browser }) => {
  const northwind = await signIn(browser, "sales@northwind.test");
  await northwind.goto(poUrl);
  await northwind.getByRole("link", { name: "Submit an invoice" }).click();
  await northwind.getByLabel("Invoice number").fill(invoiceNumber);
  await northwind.getByLabel("Unit price of Door hinge (EUR)").fill("33");
  await northwind.getByRole("button", { name: "Submit invoice" }).click();
  const heading = northwind.getByRole("heading", { name: `Invoice ${invoiceNumber}` });
  await expect(heading).toContainText("disputed");
  invoiceUrl = new URL(northwind.url()).pathname;

  // The difference stands beside the line it concerns, in the correction form.
  const form = northwind.getByRole("form", { name: "Correct and resubmit" });
  await expect(form.getByRole("list", { name: "Differences on line 1" })).toContainText(
    "Line 1 (Door hinge): unit price 33.00 EUR invoiced, 30.00 EUR on the purchase order.",
  );
  const price = form.getByLabel("Unit price of Door hinge (EUR)");
  await expect(price).toHaveValue("33");

  // A malformed price is refused next to its field, keeping what was typed, and changes nothing.
  await price.fill("30,5x");
  await form.getByRole("button", { name: "Resubmit invoice" }).click();
  await expect(northwind.locator("#price-0-error")).toContainText("Enter the unit price as a number");
  await expect(form.getByLabel("Unit price of Door hinge (EUR)")).toHaveValue("30,5x");
  await expect(heading).toContainText("disputed");

  await form.getByLabel("Unit price of Door hinge (EUR)").fill("30");
  await form.getByRole("button", { name: "Resubmit invoice" }).click();
  await expect(northwind.getByRole("status")).toContainText("It matches the purchase order");
  await expect(heading).toContainText("matched");
  await expect(northwind.getByRole("button", { name: "Resubmit invoice" })).toHaveCount(0);
});

test("3. finance sees the resubmission and its history, and approves; the supplier is told", async ({ browser }) => {
  const finance = await signIn(browser, "finance@acme.test");
  await finance.goto("/invoices");
  await finance.getByRole("link", { name: invoiceNumber }).click();
  const heading = finance.getByRole("heading", { name: `Invoice ${invoiceNumber}` });
  await expect(heading).toContainText("matched");
  await expect(finance.getByText("2 (resubmitted once)")).toBeVisible();
  const history = finance.getByRole("region", { name: "Earlier submissions" });
  await history.getByText(/Submission 1: 330\.00 EUR/).click();
  await expect(history.getByRole("table", { name: "Submission 1" })).toContainText("33.00");
  await expect(history).toContainText("unit price 33.00 EUR invoiced, 30.00 EUR on the purchase order.");

  await finance.getByRole("button", { name: "Approve invoice" }).click();
  await expect(finance.getByRole("status")).toContainText("Invoice approved.");
  await expect(heading).toContainText("approved");

  // Finance was asked to approve the corrected invoice; the supplier hears it was approved.
  await expect
    .poll(async () => (await mailsTo("finance@acme.test")).map((m) => m.subject ?? ""), { timeout: 20_000 })
    .toContain(`Invoice to approve: ${invoiceNumber} for ${poNumber}`);
  await expect
    .poll(async () => (await mailsTo("sales@northwind.test")).map((m) => m.subject ?? ""), { timeout: 20_000 })
    .toEqual(expect.arrayContaining([`Invoice disputed: ${invoiceNumber}`, `Invoice approved: ${invoiceNumber}`]));
  const approved = (await mailsTo("sales@northwind.test")).find(
    (m) => m.subject === `Invoice approved: ${invoiceNumber}`,
  );
  expect(approved?.text).toContain(invoiceUrl);
});
