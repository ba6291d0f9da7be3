/**
 * A goods receipt in a real browser, on its own small PO (under the first
 * approval threshold, so it is issued on submission): the buyer books a
 * delivery under its delivery note; the form is empty afterwards and shows
 * what was just booked; sending the same delivery note again is refused next
 * to the field, until the buyer confirms it is a second delivery. The page
 * fits a 390 px wide screen without sideways scrolling and has no serious
 * accessibility violation, at that width and wide.
 */
import { expect, test } from "@playwright/test";

import { draftPoFromRfq, seriousAxeViolations, sidewaysOverflow, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const deliveryNote = `DN-${stamp}`;
let poUrl = "";

test("1. an issued and acknowledged PO for 100 hinges", async ({ browser }) => {
  const made = await draftPoFromRfq(browser, {
    title: `Hinge ${stamp}`,
    item: "Door hinge",
    quantity: "100",
    unitPrice: "5",
  });
  const { buyer, northwind, heading } = made;
  poUrl = made.poUrl;
  await buyer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(heading).toContainText("issued");
  await northwind.goto(poUrl);
  await northwind.getByRole("button", { name: "Acknowledge" }).click();
  await expect(northwind.getByRole("heading", { name: /Purchase order/ })).toContainText("acknowledged");
});

test("2. the buyer books a delivery: the form is empty afterwards and shows what was booked", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.setViewportSize({ width: 390, height: 844 });
  await buyer.goto(poUrl);
  await buyer.waitForLoadState("networkidle");
  const heading = buyer.getByRole("heading", { name: /Purchase order/ });
  const form = buyer.getByRole("region", { name: "Record goods received" });
  expect(await sidewaysOverflow(buyer)).toBe(0);
  expect(await seriousAxeViolations(buyer, { allRules: true })).toEqual([]);

  // Nothing typed: the delivery note is asked for next to its field, before anything is sent.
  await form.getByRole("button", { name: "Record receipt" }).click();
  await expect(buyer.locator("#deliveryNote-error")).toHaveText(
    "Enter the delivery note number from the supplier's paperwork.",
  );
  await expect(form.getByLabel("Delivery note number")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Delivery note number").fill(deliveryNote);
  await form.getByLabel("Quantity received of Door hinge (pcs)").fill("40");
  await form.getByRole("button", { name: "Record receipt" }).click();
  await expect(heading).toContainText("partially received");
  await expect(buyer.getByRole("status")).toContainText(`Receipt recorded. Delivery note ${deliveryNote}`);
  const booked = buyer.getByRole("region", { name: `Just recorded: delivery note ${deliveryNote}` });
  await expect(booked.getByRole("list", { name: "Quantities just recorded" })).toHaveText("40 pcs Door hinge");
  // The form starts over: pressing the button again cannot book the same goods again.
  await expect(form.getByLabel("Delivery note number")).toHaveValue("");
  await expect(form.getByLabel("Quantity received of Door hinge (pcs)")).toHaveValue("");
  await expect(form.getByText("100 ordered, 40 received so far")).toBeVisible();
  await expect(buyer.getByRole("list", { name: "Goods received" })).toContainText(`delivery note ${deliveryNote}`);
  expect(await sidewaysOverflow(buyer)).toBe(0);
});

test("3. the same delivery note again is refused next to the field until confirmed as a second delivery", async ({
  browser,
}) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.setViewportSize({ width: 390, height: 844 });
  await buyer.goto(poUrl);
  await buyer.waitForLoadState("networkidle");
  const heading = buyer.getByRole("heading", { name: /Purchase order/ });
  const form = buyer.getByRole("region", { name: "Record goods received" });
  const note = form.getByLabel("Delivery note number");
  await note.fill(deliveryNote);
  await form.getByLabel("Quantity received of Door hinge (pcs)").fill("40");
  await form.getByRole("button", { name: "Record receipt" }).click();

  await expect(buyer.locator("#deliveryNote-error")).toHaveText(
    new RegExp(
      `^Delivery note ${deliveryNote} was already booked on this PO on \\d{4}-\\d{2}-\\d{2}: confirm it is a second delivery\\.$`,
    ),
  );
  await expect(note).toHaveAttribute("aria-invalid", "true");
  await expect(note).toHaveAttribute("aria-describedby", /deliveryNote-error/);
  await expect(note).toHaveValue(deliveryNote);
  await expect(form.getByLabel("Quantity received of Door hinge (pcs)")).toHaveValue("40");
  await expect(heading).toContainText("partially received");
  await expect(form.getByText("100 ordered, 40 received so far")).toBeVisible();
  expect(await sidewaysOverflow(buyer)).toBe(0);
  expect(await seriousAxeViolations(buyer, { allRules: true })).toEqual([]);

  // It really did come twice: confirmed, it is booked as a second delivery.
  await form.getByLabel("This is a second delivery under the same delivery note").check();
  await form.getByRole("button", { name: "Record receipt" }).click();
  await expect(buyer.getByRole("status")).toContainText(`Receipt recorded. Delivery note ${deliveryNote}`);
  await expect(form.getByText("100 ordered, 80 received so far")).toBeVisible();
  await expect(form.getByLabel("This is a second delivery under the same delivery note")).toHaveCount(0);

  await buyer.setViewportSize({ width: 1280, height: 900 });
  expect(await seriousAxeViolations(buyer, { allRules: true })).toEqual([]);
});
