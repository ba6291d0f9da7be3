/**
 * A supplier's bank details change and a buying organisation pays, in a real
 * browser, on a phone's width (390 px) and a laptop's (1366 px): Northwind's
 * admin proposes new bank details (a mistyped IBAN is refused beside its
 * field), a colleague confirms them, Acme's finance sees the flag on its
 * dashboard, finds the payment of an approved invoice held with the reason
 * and a link beside the button, acknowledges the change, records the
 * payment; the supplier is told by mail.
 */
import { expect, test } from "@playwright/test";

import { draftPoFromRfq, expectFitsPhone, mailsTo, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const invoiceNumber = `NW-P-${stamp}`;
let invoiceUrl = "";

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };

test("1. an approved invoice of Northwind's to Acme", async ({ browser }) => {
  const made = await draftPoFromRfq(browser, {
    title: `Washer ${stamp}`,
    item: "Flat washer",
    quantity: "10",
    unitPrice: "3",
  });
  const { buyer, northwind, heading, poUrl } = made;
  await buyer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(heading).toContainText("issued");
  await northwind.goto(poUrl);
  await northwind.getByRole("button", { name: "Acknowledge" }).click();
  await expect(northwind.getByRole("heading", { name: /Purchase order/ })).toContainText("acknowledged");
  await buyer.goto(poUrl);
  await buyer.getByLabel("Delivery note number").fill(`NW-DN-${stamp}`);
  await buyer.getByLabel("Quantity received of Flat washer (pcs)").fill("10");
  await buyer.getByRole("button", { name: "Record receipt" }).click();
  await expect(heading).toContainText("received");

  await northwind.goto(poUrl);
  await northwind.getByRole("link", { name: "Submit an invoice" }).click();
  await northwind.getByLabel("Invoice number").fill(invoiceNumber);
  await northwind.getByRole("button", { name: "Submit invoice" }).click();
  const invoiceHeading = northwind.getByRole("heading", { name: `Invoice ${invoiceNumber}` });
  await expect(invoiceHeading).toContainText("matched");
  invoiceUrl = new URL(northwind.url()).pathname;

  const finance = await signIn(browser, "finance@acme.test");
  await finance.goto(invoiceUrl);
  await finance.getByRole("button", { name: "Approve invoice" }).click();
  await expect(finance.getByRole("status")).toContainText("Invoice approved.");
});

test("2. Northwind's admin proposes new bank details on a phone", async ({ browser }) => {
  const sales = await signIn(browser, "sales@northwind.test");
  await sales.setViewportSize(PHONE);
  await sales.goto("/company");
  await expect(sales.getByRole("heading", { name: "Company", level: 1 })).toBeVisible();
  await expectFitsPhone(sales);
  const form = sales.getByRole("form", { name: "Change bank details" });
  await form.getByLabel("Account holder").fill("Northwind Components AB");
  await form.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 01");
  await form.getByLabel("BIC (SWIFT code)").fill("COBADEFFXXX");
  await form.getByRole("button", { name: "Propose bank details" }).click();
  await expect(sales.getByText("This IBAN's check digits do not match")).toBeVisible();
  await expect(form.getByLabel("IBAN")).toHaveValue("DE89 3704 0044 0532 0130 01");

  await form.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 00");
  await form.getByRole("button", { name: "Propose bank details" }).click();
  await expect(sales.getByRole("status")).toContainText("A colleague must confirm them");
  const proposal = sales.getByRole("region", { name: "Proposed bank details, waiting for confirmation" });
  await expect(proposal).toContainText("DE89 3704 0044 0532 0130 00");
  // The proposer is not offered the confirmation.
  await expect(proposal.getByRole("button", { name: "Confirm bank details" })).toHaveCount(0);
  await expectFitsPhone(sales);
});

test("3. a colleague confirms them", async ({ browser }) => {
  const accounts = await signIn(browser, "accounts@northwind.test");
  await accounts.setViewportSize(LAPTOP);
  await accounts.goto("/company");
  await accounts.getByRole("button", { name: "Confirm bank details" }).click();
  await expect(accounts.getByRole("status")).toContainText("Bank details confirmed");
  // The page reloads its data after the confirmation: the proposal is gone and the new details are in force.
  await expect(accounts.getByRole("region", { name: /Proposed bank details/ })).toHaveCount(0);
  await expect(accounts.getByRole("region", { name: "Bank details", exact: true })).toContainText(
    "DE89 3704 0044 0532 0130 00",
  );
});

test("4. finance sees the flag, is refused the payment, acknowledges, and pays", async ({ browser }) => {
  const finance = await signIn(browser, "finance@acme.test");
  await finance.setViewportSize(PHONE);
  await finance.goto("/dashboard");
  await expect(finance.getByRole("region", { name: /Bank changes to acknowledge/ })).toContainText(
    "Northwind Components",
  );

  await finance.goto(invoiceUrl);
  await expectFitsPhone(finance);
  const pay = finance.getByRole("form", { name: "Record payment" });
  await expect(pay).toContainText(/Payments held: Northwind Components changed its bank details on \d{4}-\d{2}-\d{2}/);
  await expect(pay.getByRole("button", { name: "Record payment" })).toBeDisabled();
  await pay.getByRole("link", { name: "Review the bank change" }).click();

  await expect(finance).toHaveURL(/\/bank-changes$/);
  await expect(finance.getByRole("main")).toContainText("SE45 5000 0000 0583 9825 7466");
  await expect(finance.getByRole("main")).toContainText("DE89 3704 0044 0532 0130 00");
  await expectFitsPhone(finance);
  await finance.getByRole("button", { name: "Acknowledge the bank change of Northwind Components" }).click();
  await expect(finance.getByRole("status")).toContainText("Change acknowledged");

  await finance.setViewportSize(LAPTOP);
  await finance.goto(invoiceUrl);
  const released = finance.getByRole("form", { name: "Record payment" });
  await released.getByLabel("Date paid").fill(new Date().toISOString().slice(0, 10));
  await released.getByLabel("Payment reference").fill(`TRX-${stamp}`);
  await released.getByRole("button", { name: "Record payment" }).click();
  await expect(finance.getByRole("status")).toContainText("Payment recorded");
  await expect(finance.getByRole("heading", { name: `Invoice ${invoiceNumber}` })).toContainText("paid");

  await finance.goto("/invoices?status=paid");
  await expect(finance.getByRole("link", { name: invoiceNumber })).toBeVisible();
});

test("5. the supplier is told it was paid", async ({ browser }) => {
  await expect
    .poll(async () => (await mailsTo("sales@northwind.test")).map((m) => m.subject ?? ""), { timeout: 20_000 })
    .toContain(`Invoice paid: ${invoiceNumber}`);
  const mail = (await mailsTo("sales@northwind.test")).find((m) => m.subject === `Invoice paid: ${invoiceNumber}`);
  expect(mail?.text).toContain(`TRX-${stamp}`);
  const sales = await signIn(browser, "sales@northwind.test");
  await sales.goto(invoiceUrl);
  await expect(sales.getByRole("heading", { name: `Invoice ${invoiceNumber}` })).toContainText("paid");
  // The payment's reference is in the invoice's facts and in its history.
  await expect(sales.locator("dd", { hasText: `reference TRX-${stamp}` })).toBeVisible();
  await expect(sales.getByRole("region", { name: "Timeline" })).toContainText(`TRX-${stamp}`);
});
