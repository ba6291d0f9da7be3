/**
 * A change order in a real browser: an acknowledged 2,000 EUR PO is changed
 * by the buyer to 3,000 EUR (a missing reason is refused next to its field,
 * keeping the typed quantity), finance approves the new revision, and the
 * supplier sees revision 2, gets the change-order mail and can still open
 * revision 1 with what changed.
 */
import { expect, test } from "@playwright/test";

import { draftPoFromRfq, mailsTo, pdfText, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const title = `Hex nuts ${Date.now().toString(36)}`;
let poUrl = "";
let poNumber = "";

test("1. an acknowledged 2,000 EUR PO from the buyer's own RFQ", async ({ browser }) => {
  const made = await draftPoFromRfq(browser, { title, item: "Hex nut M12", quantity: "100", unitPrice: "20" });
  const { buyer, northwind, heading } = made;
  ({ poUrl, poNumber } = made);
  await buyer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(heading).toContainText("pending approval");

  const finance = await signIn(browser, "finance@acme.test");
  await finance.goto(poUrl);
  await finance.getByRole("button", { name: "Approve" }).click();
  await expect(finance.getByRole("heading", { name: /Purchase order/ })).toContainText("issued");

  await northwind.goto(poUrl);
  await northwind.getByRole("button", { name: "Acknowledge" }).click();
  await expect(northwind.getByRole("heading", { name: /Purchase order/ })).toContainText("acknowledged");
});

test("2. the buyer makes a change order that raises the total; it goes to finance", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto(poUrl);
  await buyer.getByRole("link", { name: "Make a change order" }).click();
  await expect(buyer.getByRole("heading", { name: `Change order for ${poNumber}` })).toBeVisible();
  const quantity = buyer.getByLabel("Quantity 1");
  await expect(quantity).toHaveValue("100");
  await quantity.fill("150");
  await buyer.getByRole("button", { name: "Save change order" }).click();
  // No reason: refused next to the field, and the typed quantity is kept.
  await expect(buyer.locator("#reason-error")).toHaveText("Give a reason for the change.");
  await expect(buyer.getByLabel("Quantity 1")).toHaveValue("150");

  await buyer.getByLabel("Reason for the change").fill("Second production line starts in March");
  await buyer.getByRole("button", { name: "Save change order" }).click();
  const heading = buyer.getByRole("heading", { name: /Purchase order/ });
  await expect(heading).toContainText("pending approval");
  await expect(buyer.getByRole("status")).toContainText("Change order saved as revision 2");
  await expect(buyer.getByText(/changed the order \(revision 2\)/)).toBeVisible();
});

test("2b. while finance decides, the supplier keeps revision 1 and cannot see the proposal", async ({ browser }) => {
  const supplier = await signIn(browser, "sales@northwind.test");
  await supplier.goto(poUrl);
  await expect(supplier).toHaveURL(/\/revisions\/1$/);
  await expect(supplier.getByRole("status")).toContainText("Revision 1 stays in force");
  await expect(supplier.getByText("What revision 2 changed")).toHaveCount(0);
  expect((await supplier.request.get(`${poUrl}/revisions/2`)).status()).toBe(404);
  expect((await supplier.request.get(`${poUrl}/pdf`)).status()).toBe(404);
});

test("3. finance approves revision 2 and it is issued again", async ({ browser }) => {
  const finance = await signIn(browser, "finance@acme.test");
  await finance.goto("/approvals");
  const row = finance.getByRole("listitem").filter({ has: finance.getByRole("link", { name: poNumber }) });
  await expect(row).toContainText("Change order, revision 2");
  await expect(row).toContainText("Alice Byrne");
  await finance.getByRole("link", { name: poNumber }).click();
  await finance.getByRole("button", { name: "Approve" }).click();
  await expect(finance.getByRole("heading", { name: /Purchase order/ })).toContainText("issued");
  await expect(finance.getByRole("link", { name: "Revision 1" })).toBeVisible();
  await expect(finance.getByRole("link", { name: "Revision 2 (current)" })).toBeVisible();
  // Each approval says which revision it was given to.
  await expect(finance.getByText(/^approved by .*\(revision 1\)$/)).toBeVisible();
  await expect(finance.getByText(/^approved by .*\(revision 2\)$/)).toBeVisible();
});

test("4. the supplier sees revision 2, gets the change-order mail, and can open revision 1", async ({ browser }) => {
  const northwind = await signIn(browser, "sales@northwind.test");
  await northwind.goto(poUrl);
  await expect(northwind.getByRole("heading", { name: /Purchase order/ })).toContainText("issued");
  await expect(northwind.getByText("Second production line starts in March").first()).toBeVisible();
  await expect(northwind.getByRole("cell", { name: "150 pcs" }).first()).toBeVisible();
  await expect(northwind.getByRole("button", { name: "Acknowledge" })).toBeVisible();

  await expect
    .poll(
      async () => (await mailsTo("sales@northwind.test")).some((m) => m.subject?.includes(`${poNumber} revision 2`)),
      {
        timeout: 20_000,
      },
    )
    .toBe(true);
  const mail = (await mailsTo("sales@northwind.test")).find((m) => m.subject?.includes(`${poNumber} revision 2`));
  expect(mail?.subject).toBe(`Change order: purchase order ${poNumber} revision 2 from Acme Manufacturing`);
  const attachment = mail?.attachments.find((a) => a.contentType === "application/pdf");
  expect(pdfText(attachment?.content as Buffer)).toContain("Revision 2");

  await northwind.getByRole("link", { name: "Revision 1" }).click();
  await expect(northwind.getByRole("heading", { name: `Purchase order ${poNumber}, revision 1` })).toBeVisible();
  await expect(northwind.getByText("This revision was replaced by revision 2")).toBeVisible();
  await expect(northwind.getByRole("cell", { name: "100 pcs" })).toBeVisible();
  const changes = northwind.getByRole("heading", { name: "What revision 2 changed" }).locator("..");
  await expect(changes).toContainText("quantity 100 → 150 pcs");
  await expect(changes).toContainText("Second production line starts in March");

  // Another supplier cannot open it.
  const globex = await signIn(browser, "sales@globex.test");
  const response = await globex.goto(`${poUrl}/revisions/1`);
  expect(response?.status()).toBe(404);
});
