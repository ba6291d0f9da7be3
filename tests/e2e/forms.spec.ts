/**
 * One schema per form on both sides: with JavaScript the schema's message
 * shows as soon as a field loses focus, without a request; without
 * JavaScript the server answers a bad post with the same message next to
 * the field, every invalid control (selects included) marked
 * `aria-invalid` and described by its error, and what was typed kept.
 */
import { expect, test, type Page } from "@playwright/test";

import { countRequests, expectInvalid, signIn } from "./support";

/**
 * Rewrites the named fields of the page's next form post (urlencoded or
 * multipart) before it reaches the server: a select can only send one of
 * its options, so this is how a value outside the list arrives, as it
 * would from a stale page or a forged post.
 */
async function forgeNextPost(page: Page, path: string, values: Record<string, string>) {
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      const request = route.request();
      if (request.method() !== "POST") return route.continue();
      let body = request.postDataBuffer()?.toString("latin1") ?? "";
      const type = request.headers()["content-type"] ?? "";
      for (const [name, value] of Object.entries(values)) {
        if (type.startsWith("multipart/form-data")) {
          const field = new RegExp(`(name="${name.replace(/[[\].]/g, "\\$&")}"\\r\\n\\r\\n)[^\\r]*`);
          body = body.replace(field, `$1${value}`);
        } else {
          const params = new URLSearchParams(body);
          params.set(name, value);
          body = params.toString();
        }
      }
      await route.continue({ postData: Buffer.from(body, "latin1") });
    },
    { times: 1 },
  );
}

test.describe("with JavaScript: the schema's message as soon as a field is left", () => {
  test("RFQ form: an emptied title and an item left blank are refused on blur, with no request", async ({
    browser,
  }) => {
    const page = await signIn(browser, "buyer@acme.test");
    await page.goto("/rfqs/new");
    await page.waitForLoadState("networkidle");
    const requests = countRequests(page);

    const title = page.getByLabel("Title");
    await title.fill("Hex bolts");
    await title.fill("");
    await title.blur();
    await expectInvalid(page, title, "The title needs at least 3 characters.");

    const quantity = page.getByLabel("Quantity 1");
    await quantity.fill("ten");
    await quantity.blur();
    await expectInvalid(page, quantity, "The quantity must be a number, like 12 or 12.5.");

    // Corrected as it is typed, again without asking the server.
    await title.fill("Hex bolts");
    await expect(title).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#title-error")).toHaveCount(0);
    expect(requests()).toBe(0);
  });

  test("PO form: an emptied delivery address is refused on blur, with no request; lines are added and removed", async ({
    browser,
  }) => {
    const page = await signIn(browser, "buyer@acme.test");
    await page.goto("/pos/new");
    await page.waitForLoadState("networkidle");
    const requests = countRequests(page);

    // Acme has ship-to addresses: typing one of its own means choosing "another address" first.
    await page.getByLabel("Ship to").selectOption({ label: "Another address (type it below)" });
    const address = page.getByLabel("Other delivery address");
    await address.fill("");
    await address.blur();
    await expectInvalid(page, address, "Enter the delivery address.");

    const price = page.getByLabel("Unit price 1");
    await price.fill("-3");
    await price.blur();
    await expectInvalid(page, price, "The unit price cannot be negative.");

    await page.getByRole("button", { name: "Add line" }).click();
    await expect(page.getByLabel("Item 2")).toBeVisible();
    await expect(page.getByLabel("Unit 2")).toHaveValue("pcs");
    await page.getByLabel("Item 2").fill("Spare blade");
    await page.getByRole("button", { name: "Remove line 1" }).click();
    await expect(page.getByLabel("Item 1")).toHaveValue("Spare blade");
    await expect(page.getByLabel("Item 2")).toHaveCount(0);
    expect(requests()).toBe(0);
  });
});

test.describe("without JavaScript: the server's answer, next to each field", () => {
  test.use({ javaScriptEnabled: false });

  test("PO form: every invalid control is marked, selects included, and input is kept", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill("buyer@acme.test");
    await page.getByLabel("Password").fill("quotient-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();

    await page.goto("/pos/new");
    await page.getByLabel("Ship to").selectOption({ label: "Another address (type it below)" });
    await page.getByLabel("Other delivery address").fill("");
    await page.getByLabel("Item 1").fill("Torque wrench");
    await page.getByLabel("Quantity 1").fill("two");
    await page.getByLabel("Notes (optional)").fill("Keep this note");
    await forgeNextPost(page, "/pos/new", {
      currency: "XXX",
      paymentTerms: "Net 1000",
      incoterm: "ZZZ",
      "lines[0].unit": "bushel",
    });
    await page.getByRole("button", { name: "Create draft purchase order" }).click();

    await expectInvalid(page, page.getByLabel("Supplier"), "Choose a supplier.");
    await expectInvalid(page, page.getByLabel("Currency"), "Choose a currency.");
    await expectInvalid(page, page.getByLabel("Payment terms"), "Choose payment terms from the list.");
    await expectInvalid(page, page.getByLabel("Incoterm"), "Choose an Incoterm from the list.");
    await expectInvalid(page, page.getByLabel("Unit 1"), "Choose a unit.");
    await expectInvalid(page, page.getByLabel("Other delivery address"), "Enter the delivery address.");
    await expectInvalid(page, page.getByLabel("Quantity 1"), "The quantity must be a number, like 12 or 12.5.");
    await expectInvalid(page, page.getByLabel("Unit price 1"), "Enter the unit price.");
    await expect(page.getByRole("alert")).toContainText("Correct the 8 fields marked below.");
    // What was typed is still there; valid fields are not marked.
    await expect(page.getByLabel("Item 1")).toHaveValue("Torque wrench");
    await expect(page.getByLabel("Quantity 1")).toHaveValue("two");
    await expect(page.getByLabel("Notes (optional)")).toHaveValue("Keep this note");
    await expect(page.getByLabel("Item 1")).not.toHaveAttribute("aria-invalid", "true");

    // "Add line" works without JavaScript too: the page comes back with a row more and nothing lost.
    await page.getByRole("button", { name: "Add line" }).click();
    await expect(page.getByLabel("Item 2")).toBeVisible();
    await expect(page.getByLabel("Item 1")).toHaveValue("Torque wrench");
    await context.close();
  });

  test("RFQ form: the emptied title's message comes from the server, and every invalid select is marked", async ({
    browser,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill("buyer@acme.test");
    await page.getByLabel("Password").fill("quotient-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();

    await page.goto("/rfqs/new");
    await page.getByLabel("Title").fill("");
    await page.getByLabel("Item 1").fill("Hex nut M10");
    await page.getByLabel("Quantity 1").fill("ten");
    await page.getByLabel("Description").fill("Kept as typed");
    await forgeNextPost(page, "/rfqs/new", {
      currency: "XXX",
      deadlineTimeZone: "Mars/Olympus",
      paymentTerms: "Net 1000",
      incoterm: "ZZZ",
      "lines[0].unit": "bushel",
    });
    await page.getByRole("button", { name: "Publish RFQ" }).click();

    await expectInvalid(page, page.getByLabel("Title"), "The title needs at least 3 characters.");
    await expectInvalid(page, page.getByLabel("Currency"), "Choose a currency.");
    await expectInvalid(page, page.getByLabel("Time zone"), "Choose the deadline's time zone.");
    await expectInvalid(page, page.getByLabel("Payment terms wanted"), "Choose payment terms from the list.");
    await expectInvalid(page, page.getByLabel("Incoterm wanted"), "Choose an Incoterm from the list.");
    await expectInvalid(page, page.getByLabel("Unit 1"), "Choose a unit.");
    await expectInvalid(page, page.getByLabel("Quantity 1"), "The quantity must be a number, like 12 or 12.5.");
    await expect(page.getByLabel("Item 1")).toHaveValue("Hex nut M10");
    await expect(page.getByLabel("Description")).toHaveValue("Kept as typed");
    await context.close();
  });
});
