/**
 * A PO's fulfilment in a real browser, on its own RFQ: a PO above the second
 * threshold (25,000 EUR) is approved by two different finance people, the
 * supplier acknowledges, the buyer receives the goods in two deliveries
 * (and is refused a third beyond the tolerance), the supplier invoices above
 * the PO price, and finance sees the dispute with the difference in words.
 */
import { expect, test } from "@playwright/test";

import { draftPoFromRfq, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const title = `Steel plate ${Date.now().toString(36)}`;
const invoiceNumber = `NW-${Date.now().toString(36)}`;
let poUrl = "";
let poNumber = "";

test("1. the buyer gets a 30,000 EUR draft PO from its own RFQ and submits it", async ({ browser }) => {
  const made = await draftPoFromRfq(browser, {
    title,
    item: "Steel plate S355",
    specification: "EN 10025-2, 10 mm",
    quantity: "100",
    unitPrice: "300",
  });
  const { buyer, heading } = made;
  ({ poUrl, poNumber } = made);
  await buyer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(heading).toContainText("pending approval");
});

test("2. two different finance people approve it; the first alone does not issue it", async ({ browser }) => {
  const finance = await signIn(browser, "finance@acme.test");
  await finance.goto("/approvals");
  await finance.getByRole("link", { name: poNumber }).click();
  await finance.getByRole("button", { name: "Approve" }).click();
  const heading = finance.getByRole("heading", { name: /Purchase order/ });
  await expect(finance.getByRole("status")).toContainText("Approved.");
  await expect(heading).toContainText("pending approval");
  // The same person may not count twice: no button, and the queue no longer lists it for them.
  await expect(finance.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await finance.goto("/approvals");
  await expect(finance.getByRole("link", { name: poNumber })).toHaveCount(0);

  const controller = await signIn(browser, "controller@acme.test");
  await controller.goto("/approvals");
  await controller.getByRole("link", { name: poNumber }).click();
  await controller.getByRole("button", { name: "Approve" }).click();
  await expect(controller.getByRole("heading", { name: /Purchase order/ })).toContainText("issued");
  await expect(controller.getByText(/approved by Farid Nasser/)).toBeVisible();
  await expect(controller.getByText(/approved by Carla Jensen/)).toBeVisible();
});

test("3. the supplier acknowledges", async ({ browser }) => {
  const northwind = await signIn(browser, "sales@northwind.test");
  await northwind.goto("/pos");
  await northwind.getByRole("link", { name: poNumber }).click();
  await northwind.getByRole("button", { name: "Acknowledge" }).click();
  await expect(northwind.getByRole("heading", { name: /Purchase order/ })).toContainText("acknowledged");
});

test("4. the buyer receives in two parts; too much is refused next to the field, keeping what was typed", async ({
  browser,
}) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto(poUrl);
  const heading = buyer.getByRole("heading", { name: /Purchase order/ });
  const quantity = buyer.getByLabel("Quantity received of Steel plate S355 (pcs)");
  const deliveryNote = buyer.getByLabel("Delivery note number");
  await deliveryNote.fill("NW-DN-1");
  await quantity.fill("40");
  await buyer.getByRole("button", { name: "Record receipt" }).click();
  await expect(heading).toContainText("partially received");

  // Finance's demo policy allows 5% over the 100 ordered: 65 more at most.
  await deliveryNote.fill("NW-DN-2");
  await quantity.fill("66");
  await buyer.getByRole("button", { name: "Record receipt" }).click();
  await expect(buyer.locator("#receive-0-error")).toContainText("at most 65 more can be received");
  await expect(quantity).toHaveValue("66");
  await expect(heading).toContainText("partially received");

  await quantity.fill("60");
  await buyer.getByRole("button", { name: "Record receipt" }).click();
  await expect(heading).toContainText("received");
  await expect(heading).not.toContainText("partially");
  await expect(buyer.getByRole("heading", { name: "Goods received" })).toBeVisible();
});

test("5. the supplier invoices above the PO price and finance sees the dispute", async ({ browser }) => {
  const northwind = await signIn(browser, "sales@northwind.test");
  await northwind.goto(poUrl);
  await northwind.getByRole("link", { name: "Submit an invoice" }).click();
  await northwind.getByLabel("Invoice number").fill(invoiceNumber);
  await expect(northwind.getByLabel("Quantity invoiced of Steel plate S355")).toHaveValue("100");
  await northwind.getByLabel("Unit price of Steel plate S355 (EUR)").fill("310");
  await northwind.getByRole("button", { name: "Submit invoice" }).click();
  await expect(northwind.getByRole("heading", { name: `Invoice ${invoiceNumber}` })).toContainText("disputed");

  const finance = await signIn(browser, "finance@acme.test");
  await finance.goto("/invoices");
  await finance.getByLabel("Status").selectOption("disputed");
  await finance.getByRole("button", { name: "Filter" }).click();
  await finance.getByRole("link", { name: invoiceNumber }).click();
  await expect(finance.getByRole("heading", { name: `Invoice ${invoiceNumber}` })).toContainText("disputed");
  await expect(finance.getByRole("region", { name: "Differences from the purchase order" })).toContainText(
    "Line 1 (Steel plate S355): unit price 310.00 EUR invoiced, 300.00 EUR on the purchase order.",
  );
  // Approving a disputed invoice needs a reason, asked for next to its field.
  await finance.getByRole("button", { name: "Approve invoice" }).click();
  await expect(finance.locator("#overrideReason-error")).toContainText("give a reason");
  await expect(finance.getByRole("heading", { name: `Invoice ${invoiceNumber}` })).toContainText("disputed");
});

test("6. a direct PO: bad input is shown next to its field, the draft is edited, issued, and the supplier declines it", async ({
  browser,
}) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto("/pos");
  await buyer.getByRole("link", { name: "New purchase order" }).click();
  // Hydration resets a select chosen before it to its default: let the page settle first.
  await buyer.waitForLoadState("networkidle");
  await buyer.getByLabel("Supplier").selectOption({ label: "Northwind Components" });
  await buyer.getByLabel("Item 1").fill("Torque wrench 40-200 Nm");
  await buyer.getByLabel("Quantity 1").fill("two");
  await buyer.getByLabel("Unit price 1").fill("180");
  await buyer.getByRole("button", { name: "Create draft purchase order" }).click();
  await expect(buyer.locator("#po-line-0-qty-error")).toHaveText("The quantity must be a number, like 12 or 12.5.");
  await expect(buyer.getByLabel("Item 1")).toHaveValue("Torque wrench 40-200 Nm");
  await expect(buyer.getByLabel("Quantity 1")).toHaveValue("two");

  await buyer.getByLabel("Quantity 1").fill("2");
  await buyer.getByRole("button", { name: "Create draft purchase order" }).click();
  const heading = buyer.getByRole("heading", { name: /Purchase order PO-\d{4}-\d{6}/ });
  await expect(heading).toContainText("draft");
  await expect(buyer.getByRole("row", { name: /Torque wrench/ })).toContainText("360.00 EUR");
  const number = ((await heading.innerText()).match(/PO-\d{4}-\d{6}/) ?? [""])[0];

  await buyer.getByRole("link", { name: "Edit draft" }).click();
  await buyer.getByLabel("Quantity 1").fill("3");
  await buyer.getByRole("button", { name: "Save draft" }).click();
  await expect(buyer.getByRole("row", { name: /Torque wrench/ })).toContainText("540.00 EUR");
  // Under threshold one (1,000 EUR): approved and issued on submission.
  await buyer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(heading).toContainText("issued");

  const northwind = await signIn(browser, "sales@northwind.test");
  await northwind.goto("/pos");
  await northwind.locator("main").getByLabel("Search").fill(number.slice(-6));
  await northwind.getByRole("button", { name: "Filter" }).click();
  await northwind.getByRole("link", { name: number }).click();
  await northwind.locator("summary", { hasText: "Decline" }).click();
  await northwind.getByRole("button", { name: "Decline purchase order" }).click();
  await expect(northwind.locator("#declineReason-error")).toHaveText("Say why you decline it.");
  await northwind.getByLabel("Reason for declining").fill("Model discontinued");
  await northwind.getByRole("button", { name: "Decline purchase order" }).click();
  await expect(northwind.getByRole("heading", { name: /Purchase order/ })).toContainText("declined");

  await buyer.reload();
  await expect(heading).toContainText("declined");
  await expect(buyer.getByText("The supplier declined this purchase order: Model discontinued")).toBeVisible();
});

test("7. finance rejects with a reason; the buyer sees it, revises and resubmits, then cancels", async ({
  browser,
}) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto("/pos/new");
  await buyer.waitForLoadState("networkidle");
  await buyer.getByLabel("Supplier").selectOption({ label: "Globex Industrial" });
  await buyer.getByLabel("Item 1").fill("Pallet truck 2.5 t");
  await buyer.getByLabel("Quantity 1").fill("4");
  await buyer.getByLabel("Unit price 1").fill("450");
  await buyer.getByRole("button", { name: "Create draft purchase order" }).click();
  const heading = buyer.getByRole("heading", { name: /Purchase order PO-\d{4}-\d{6}/ });
  await buyer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(heading).toContainText("pending approval");
  const poPath = new URL(buyer.url()).pathname;

  const finance = await signIn(browser, "finance@acme.test");
  await finance.goto(poPath);
  await finance.locator("summary", { hasText: "Reject" }).click();
  await finance.getByLabel("Reason for rejecting").fill("Use the framework supplier instead");
  await finance.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(finance.getByRole("heading", { name: /Purchase order/ })).toContainText("rejected");

  await buyer.reload();
  await expect(
    buyer.getByText("Finance rejected this purchase order: Use the framework supplier instead"),
  ).toBeVisible();
  await buyer.getByRole("button", { name: "Revise purchase order" }).click();
  await expect(heading).toContainText("draft");
  await buyer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(heading).toContainText("pending approval");

  await buyer.locator("summary", { hasText: "Cancel purchase order" }).click();
  await buyer.getByLabel("Reason for cancelling").fill("Bought from stock instead");
  await buyer.getByRole("button", { name: "Cancel purchase order" }).click();
  await expect(heading).toContainText("cancelled");
  await expect(buyer.getByText("This purchase order was cancelled: Bought from stock instead")).toBeVisible();
});

test("8. finance's approval policy checks its thresholds next to the field; others may not open it", async ({
  browser,
}) => {
  const finance = await signIn(browser, "finance@acme.test");
  await finance.getByRole("link", { name: "Approval policy" }).click();
  await expect(finance.getByLabel("Threshold two", { exact: true })).toHaveValue("25000.00");
  await finance.getByLabel("Threshold one", { exact: true }).fill("30000");
  await finance.getByRole("button", { name: "Save approval policy" }).click();
  await expect(finance.locator("#thresholdTwo-error")).toHaveText("Threshold two must be at least threshold one.");
  await expect(finance.getByLabel("Threshold one", { exact: true })).toHaveValue("30000");
  await finance.reload();
  await expect(finance.getByLabel("Threshold one", { exact: true })).toHaveValue("1000.00");

  const buyer = await signIn(browser, "buyer@acme.test");
  expect((await buyer.goto("/settings/approvals"))?.status()).toBe(403);
});
