/**
 * Notifications in a real browser: the supplier acknowledges a PO and reads
 * that the buyer has been told; the buyer sees the unread count in the
 * header, finds the notification in the list, and following it leads to the
 * PO and marks it read. The buyer gets the mail too. At 390 px and 1366 px,
 * without sideways scrolling and with no serious axe violation.
 */
import { expect, test, type Page } from "@playwright/test";

import { draftPoFromRfq, mailsTo, seriousAxeViolations, sidewaysOverflow, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
let poUrl = "";
let poNumber = "";

/** The header's way in, with its count read as a screen reader hears it. */
const headerLink = (page: Page) => page.getByRole("banner").getByRole("link", { name: /^Notifications/ });

async function unread(page: Page): Promise<number> {
  const name = (await headerLink(page).textContent()) ?? "";
  return Number(/, (\d+) unread/.exec(name)?.[1] ?? "0");
}

test("1. the supplier acknowledges a PO and is told the buyer has been told", async ({ browser }) => {
  const made = await draftPoFromRfq(browser, {
    title: `Notified hinge ${stamp}`,
    item: "Door hinge",
    quantity: "10",
    unitPrice: "5",
  });
  poUrl = made.poUrl;
  poNumber = made.poNumber;
  // Under the first threshold: issued on submission, by the buyer, who is not told of their own act.
  await made.buyer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(made.heading).toContainText("issued");
  await made.northwind.goto(poUrl);
  await made.northwind.getByRole("button", { name: "Acknowledge" }).click();
  await expect(made.northwind.getByRole("heading", { name: /Purchase order/ })).toContainText("acknowledged");
  await expect(made.northwind.getByRole("status")).toContainText("The buyer has been told");
});

test("2. the buyer sees the count and the notification at 1366 px, and the mail came", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.setViewportSize({ width: 1366, height: 900 });
  await buyer.goto("/dashboard");
  expect(await unread(buyer)).toBeGreaterThan(0);
  await headerLink(buyer).click();
  await expect(buyer.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(
    buyer.getByRole("link", { name: `Northwind Components acknowledged purchase order ${poNumber}.` }),
  ).toBeVisible();
  expect(await sidewaysOverflow(buyer)).toBe(0);
  expect(await seriousAxeViolations(buyer)).toEqual([]);

  await expect
    .poll(async () => (await mailsTo("buyer@acme.test")).map((m) => m.subject), { timeout: 20_000 })
    .toContain(`Acknowledged by Northwind Components: ${poNumber}`);
});

test("3. at 390 px the buyer follows it to the PO, and it is read", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.setViewportSize({ width: 390, height: 844 });
  await buyer.goto("/notifications");
  const before = await unread(buyer);
  expect(before).toBeGreaterThan(0);
  expect(await sidewaysOverflow(buyer)).toBe(0);
  expect(await seriousAxeViolations(buyer)).toEqual([]);

  const item = buyer.getByRole("listitem").filter({ hasText: `acknowledged purchase order ${poNumber}` });
  await expect(item).toContainText("Unread");
  await item.getByRole("link").click();
  await expect(buyer).toHaveURL(new RegExp(`${poUrl}$`));
  await expect(buyer.getByRole("heading", { name: /Purchase order/ })).toContainText("acknowledged");
  expect(await unread(buyer)).toBe(before - 1);

  await buyer.goto("/notifications");
  await expect(
    buyer.getByRole("listitem").filter({ hasText: `acknowledged purchase order ${poNumber}` }),
  ).not.toContainText("Unread");
  await buyer.getByRole("button", { name: "Mark all as read" }).click();
  await expect(buyer.getByRole("status")).toContainText("marked as read");
  // The header's count comes with the page's reload after the action, not with its reply.
  await expect.poll(() => unread(buyer)).toBe(0);
  expect(await sidewaysOverflow(buyer)).toBe(0);
});
