/**
 * The RFQ page's forms, the quote form and the award form on the form kit:
 * with JavaScript the schema's message shows as soon as a field is left,
 * without a request; the quote form checks a draft loosely and a submission
 * fully, by the button pressed; without JavaScript the server's answer
 * comes back next to the field with the input kept; the running total
 * follows the prices typed, and is on the page the server renders too. At a
 * phone's width the three pages do not scroll sideways.
 */
import { expect, test, type Page } from "@playwright/test";

import { countRequests, expectFitsPhone, expectInvalid, signIn, signInWithoutJavaScript, utcLocal } from "./support";

test.describe.configure({ mode: "serial" });

const title = `Fasteners ${Date.now().toString(36)}`;
let rfqUrl = "";

const ENTER_PRICE = "Enter a unit price, or tick “No bid”.";

async function openQuote(page: Page) {
  await page.goto(`${rfqUrl}/quote`);
  await page.waitForLoadState("networkidle");
}

test("1. the buyer publishes a two-line RFQ to Northwind; the RFQ page fits a phone", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto("/rfqs/new");
  await buyer.getByLabel("Title").fill(title);
  await buyer.getByLabel("Currency").selectOption("EUR");
  await buyer.getByLabel("Response deadline").fill(utcLocal(new Date(Date.now() + 3 * 86_400_000)));
  await buyer.getByLabel("Time zone").selectOption("UTC");
  await buyer.getByRole("button", { name: "Add line" }).click();
  await buyer.getByLabel("Item 1").fill("Hex bolt M12");
  await buyer.getByLabel("Quantity 1").fill("100");
  await buyer.getByLabel("Item 2").fill("Washer M12");
  await buyer.getByLabel("Quantity 2").fill("250");
  await buyer.getByLabel("Northwind Components").check();
  await buyer.getByRole("button", { name: "Publish RFQ" }).click();
  await expect(buyer.getByRole("heading", { name: title })).toContainText("open");
  rfqUrl = new URL(buyer.url()).pathname;

  // Every folded form open, so its controls are measured too.
  await buyer.locator("details").evaluateAll((all) => all.forEach((d) => d.setAttribute("open", "")));
  await expectFitsPhone(buyer);
  await buyer.context().close();
});

test("2. cancelling refuses an empty reason next to the field, with and without JavaScript", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto(rfqUrl);
  await buyer.waitForLoadState("networkidle");
  await buyer.getByText("Cancel this RFQ").click();
  const requests = countRequests(buyer);
  const reason = buyer.getByLabel("Reason for cancelling");
  await reason.fill("  ");
  await buyer.getByRole("button", { name: "Cancel RFQ" }).click();
  await expectInvalid(buyer, reason, "Say why the RFQ is cancelled.");
  expect(requests()).toBe(0);
  await expect(buyer.getByRole("heading", { name: title })).toContainText("open");
  await buyer.context().close();

  const plain = await signInWithoutJavaScript(browser, "buyer@acme.test");
  await plain.goto(rfqUrl);
  await plain.getByText("Cancel this RFQ").click();
  await plain.getByLabel("Reason for cancelling").fill("no");
  await plain.getByRole("button", { name: "Cancel RFQ" }).click();
  // The server's answer: the form comes back open, the message next to the field, what was typed kept.
  await expectInvalid(plain, plain.getByLabel("Reason for cancelling"), "Say why the RFQ is cancelled.");
  await expect(plain.getByLabel("Reason for cancelling")).toHaveValue("no");
  await expect(plain.getByRole("heading", { name: title })).toContainText("open");
  await plain.context().close();
});

test("3. declining refuses an empty reason next to the field", async ({ browser }) => {
  const northwind = await signIn(browser, "sales@northwind.test");
  await northwind.goto(rfqUrl);
  await northwind.waitForLoadState("networkidle");
  await northwind.getByText("Decline to quote", { exact: true }).first().click();
  const requests = countRequests(northwind);
  await northwind.getByRole("button", { name: "Decline to quote" }).click();
  await expectInvalid(northwind, northwind.getByLabel("Reason for declining"), "Say why you are not quoting.");
  expect(requests()).toBe(0);
  await northwind.context().close();

  const plain = await signInWithoutJavaScript(browser, "sales@northwind.test");
  await plain.goto(rfqUrl);
  await plain.getByText("Decline to quote", { exact: true }).first().click();
  await plain.getByRole("button", { name: "Decline to quote" }).click();
  await expectInvalid(plain, plain.getByLabel("Reason for declining"), "Say why you are not quoting.");
  await expect(plain.getByText("You declined to quote")).toHaveCount(0);
  await plain.context().close();
});

test("4. quote form: a bad price is refused on blur without a request, and the running total follows the prices", async ({
  browser,
}) => {
  const page = await signIn(browser, "sales@northwind.test");
  await openQuote(page);
  const requests = countRequests(page);

  const bolt = page.getByLabel("Unit price for Hex bolt M12");
  await bolt.fill("12,50");
  await bolt.blur();
  await expectInvalid(page, bolt, "The unit price must be a number, like 12.50.");
  await bolt.fill("-1");
  await expectInvalid(page, bolt, "The unit price cannot be negative.");

  // The total counts only what the schema would accept: nothing yet.
  await expect(page.getByTestId("quote-total")).toHaveText("0.00 EUR");
  await expect(page.getByTestId("quote-unpriced")).toHaveText("2 lines have no price yet and count nothing.");

  await bolt.fill("2.5");
  await expect(bolt).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("quote-subtotal")).toHaveText("250.00 EUR");
  await page.getByLabel("Unit price for Washer M12").fill("0.125");
  // 250 × 0.125 = 31.25: each line rounded to the currency, as the server stores it.
  await expect(page.getByTestId("quote-subtotal")).toHaveText("281.25 EUR");
  await page.getByLabel("Freight (EUR)").fill("40");
  await page.getByLabel("Other charges (EUR)").fill("3.75");
  await expect(page.getByTestId("quote-charges")).toHaveText("43.75 EUR");
  await expect(page.getByTestId("quote-total")).toHaveText("325.00 EUR");
  await expect(page.getByTestId("quote-unpriced")).toHaveCount(0);
  // "No bid" takes the line out of the total.
  await page.getByLabel("No bid for Washer M12").check();
  await expect(page.getByTestId("quote-total")).toHaveText("293.75 EUR");
  // The amounts follow the quote's currency.
  await page.getByLabel("Quote currency").fill("USD");
  await expect(page.getByTestId("quote-total")).toHaveText("293.75 USD");
  // The file form on the kit too: no file chosen is refused next to the input, before anything is sent.
  await page.getByRole("button", { name: "Attach file" }).click();
  await expectInvalid(page, page.getByLabel("Attach a file"), "Choose a file to attach.");
  expect(requests()).toBe(0);

  await expectFitsPhone(page);
  await page.context().close();
});

test("5. quote form: saving a draft accepts an empty price; submitting refuses it next to the field", async ({
  browser,
}) => {
  const page = await signIn(browser, "sales@northwind.test");
  await openQuote(page);
  await page.getByLabel("Unit price for Hex bolt M12").fill("2.40");
  await page.getByLabel("Unit price for Washer M12").fill("");
  await page.getByLabel("Lead time (days)").fill("9");

  const requests = countRequests(page);
  await page.getByRole("button", { name: "Submit quote" }).click();
  await expectInvalid(page, page.getByLabel("Unit price for Washer M12"), ENTER_PRICE);
  expect(requests()).toBe(0);

  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Your draft is saved. It is not sent to the buyer until you submit it.",
  );
  await expect(page.getByLabel("Unit price for Washer M12")).not.toHaveAttribute("aria-invalid", "true");

  // The draft comes back as saved, with its running total.
  await openQuote(page);
  await expect(page.getByLabel("Unit price for Hex bolt M12")).toHaveValue("2.40");
  await expect(page.getByLabel("Unit price for Washer M12")).toHaveValue("");
  await expect(page.getByTestId("quote-total")).toHaveText("240.00 EUR");

  // Submitting the draft as it is is refused, next to the field, and nothing is received.
  await page.getByRole("button", { name: "Submit quote" }).click();
  await expectInvalid(page, page.getByLabel("Unit price for Washer M12"), ENTER_PRICE);
  await page.goto(rfqUrl);
  await expect(page.getByText("You have not quoted yet.")).toBeVisible();
  await page.context().close();
});

test("6. quote form without JavaScript: the server's message next to the field, the input and the total kept", async ({
  browser,
}) => {
  const page = await signInWithoutJavaScript(browser, "sales@northwind.test");
  await page.goto(`${rfqUrl}/quote`);
  // Rendered by the server from the saved draft.
  await expect(page.getByTestId("quote-total")).toHaveText("240.00 EUR");
  await page.getByLabel("Unit price for Hex bolt M12").fill("3");
  await page.getByLabel("Unit price for Washer M12").fill("abc");
  await page.getByLabel("Freight (EUR)").fill("10");
  await page.getByRole("button", { name: "Submit quote" }).click();

  await expectInvalid(
    page,
    page.getByLabel("Unit price for Washer M12"),
    "The unit price must be a number, like 12.50.",
  );
  await expect(page.getByLabel("Unit price for Washer M12")).toHaveValue("abc");
  await expect(page.getByLabel("Unit price for Hex bolt M12")).toHaveValue("3");
  await expect(page.getByLabel("Unit price for Hex bolt M12")).not.toHaveAttribute("aria-invalid", "true");
  // The total the server renders is the one of what was typed: 100 × 3 + 10 freight.
  await expect(page.getByTestId("quote-total")).toHaveText("310.00 EUR");

  // Corrected, the quote is received.
  await page.getByLabel("Unit price for Washer M12").fill("0.11");
  await page.getByRole("button", { name: "Submit quote" }).click();
  await expect(page.getByRole("status")).toContainText("Your quote was received (revision 1)");
  await page.context().close();
});

test("7. the award form shows its error next to the field; the compare page fits a phone", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto(rfqUrl);
  await buyer.getByRole("button", { name: "Close RFQ" }).click();
  await expect(buyer.getByRole("heading", { name: title })).toContainText("closed");
  await buyer.goto(`${rfqUrl}/compare`);
  await buyer.waitForLoadState("networkidle");
  await expectFitsPhone(buyer);

  // A justification over the limit is refused by the schema before any request.
  const requests = countRequests(buyer);
  const justification = buyer.getByLabel("Justification");
  await justification.evaluate((el) => el.removeAttribute("maxlength"));
  await justification.fill("x".repeat(2001));
  await justification.blur();
  await expectInvalid(buyer, justification, "Keep the justification under 2000 characters.");
  expect(requests()).toBe(0);
  await buyer.context().close();

  // Without JavaScript the server says the same, next to the field.
  const plain = await signInWithoutJavaScript(browser, "buyer@acme.test");
  await plain.goto(`${rfqUrl}/compare`);
  await plain.getByLabel("Justification").evaluate((el) => el.removeAttribute("maxlength"));
  await plain.getByLabel("Justification").fill("y".repeat(2001));
  await plain.getByRole("button", { name: "Award to Northwind Components" }).click();
  await expectInvalid(plain, plain.getByLabel("Justification"), "Keep the justification under 2000 characters.");
  await expect(plain.getByRole("heading", { name: /Compare quotes/ })).toContainText("closed");
  await plain.context().close();
});
