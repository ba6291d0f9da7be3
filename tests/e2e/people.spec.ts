/**
 * A company adopts Quotient, end to end in a real browser: it signs up
 * (a weak password refused next to the field), is refused sign-in until
 * the mailed link confirms the address, confirms, signs in, invites a
 * buyer and a finance colleague, who accept by their mailed links, and one
 * of them resets a forgotten password. Walked at a phone's width (390 px)
 * and a laptop's (1366 px).
 */
import { expect, test, type Browser, type Page } from "@playwright/test";

import { expectFitsPhone, expectInvalid, mailsTo } from "./support";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const ADMIN = `owner-${stamp}@tallow.test`;
const BUYER = `buyer-${stamp}@tallow.test`;
const FINANCE = `finance-${stamp}@tallow.test`;
const PASSWORD = "tallow works passphrase";
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };

/** The path of the newest link under `prefix` mailed to `address`, once it has arrived. */
async function mailedPath(address: string, prefix: string): Promise<string> {
  const pattern = new RegExp(`(https?://\\S+${prefix}[A-Za-z0-9_-]+)`);
  let found = "";
  await expect
    .poll(
      async () => {
        const mails = await mailsTo(address);
        for (const mail of mails.reverse()) {
          const match = pattern.exec(mail.text ?? "");
          if (match) {
            found = new URL(match[1]).pathname;
            return true;
          }
        }
        return false;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found;
}

async function freshPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("1. a company signs up on a phone, and cannot sign in before confirming its address", async ({ browser }) => {
  const page = await freshPage(browser, PHONE);
  await page.goto("/login");
  await expect(page.getByRole("link", { name: "Sign up your company" })).toHaveAttribute("href", "/signup");
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Sign up your company" })).toBeVisible();
  await expectFitsPhone(page);
  await page.setViewportSize(PHONE);

  await page.getByLabel("Organisation name").fill(`Tallow Works ${stamp}`);
  await page.getByLabel("Legal name").fill(`Tallow Works ${stamp} GmbH`);
  await page.getByLabel("Country").selectOption("DE");
  await page.getByLabel("Your name").fill("Tess Keller");
  await page.getByLabel("Your work email").fill(ADMIN);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expectInvalid(page, page.getByLabel("Password"), "Use at least 12 characters for the password.");
  await expect(page.getByLabel("Legal name")).toHaveValue(`Tallow Works ${stamp} GmbH`);

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(ADMIN);

  await signInAs(page, ADMIN, PASSWORD);
  await expect(page.getByRole("alert")).toContainText("Confirm your email address first");
  await expect(page.getByRole("button", { name: "Send the confirmation link again" })).toBeVisible();
  await expectFitsPhone(page);
  await page.context().close();
});

test("2. the mailed link confirms the address, and the admin signs in", async ({ browser }) => {
  const confirmPath = await mailedPath(ADMIN, "/signup/confirm/");
  const page = await freshPage(browser, PHONE);
  await page.goto(confirmPath);
  await expect(page.getByRole("heading", { name: "Confirm your address" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("status")).toContainText("Your address is confirmed");
  // Used once: the same link is dead now.
  await page.goto(confirmPath);
  await expect(page.getByRole("heading", { name: "This link was already used" })).toBeVisible();

  await signInAs(page, ADMIN, PASSWORD);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(`Tallow Works ${stamp}`);
  await page.context().close();
});

test("3. the admin invites a buyer and a finance colleague", async ({ browser }) => {
  const page = await freshPage(browser, LAPTOP);
  await signInAs(page, ADMIN, PASSWORD);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();

  // No role chosen: refused next to the roles, the address kept.
  await page.getByLabel("Email").fill(BUYER);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("#invite-roles-error")).toHaveText("Choose at least one role.");
  await expect(page.getByLabel("Email")).toHaveValue(BUYER);

  await page.getByRole("checkbox", { name: "Buyer" }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`${BUYER} is invited`);

  // A fresh, empty form for the next colleague.
  await expect(page.getByLabel("Email")).toHaveValue("");
  await expect(page.getByRole("checkbox", { name: "Buyer" })).not.toBeChecked();
  await page.getByLabel("Email").fill(FINANCE);
  await page.getByRole("checkbox", { name: "Finance" }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`${FINANCE} is invited`);

  const people = page.getByRole("region", { name: "People of your organisation" });
  await expect(people.getByRole("row", { name: new RegExp(BUYER) })).toContainText("Invited");
  await expect(people.getByRole("row", { name: new RegExp(FINANCE) })).toContainText("Finance");
  await expect(people.getByRole("row", { name: new RegExp(ADMIN) })).toContainText("Active");
  await expectFitsPhone(page);
  await page.context().close();
});

test("4. the colleagues accept their invitations, at 1366 and at 390 px", async ({ browser }) => {
  for (const [email, name, viewport, role] of [
    [BUYER, "Bo Buyer", LAPTOP, "Buyer"],
    [FINANCE, "Fay Finance", PHONE, "Finance"],
  ] as const) {
    const path = await mailedPath(email, "/invitation/");
    const page = await freshPage(browser, viewport);
    await page.goto(path);
    await expect(page.getByRole("heading", { name: `Join Tallow Works ${stamp}` })).toBeVisible();
    await page.getByLabel("Your name").fill(name);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Accept and sign in" }).click();
    await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(name);
    await expect(page.getByRole("banner")).toContainText(role);
    if (viewport === PHONE) await expectFitsPhone(page);
    await page.context().close();
  }
});

test("5. the buyer forgets the password and resets it by the mailed link", async ({ browser }) => {
  const page = await freshPage(browser, PHONE);
  await page.goto("/login");
  await expect(page.getByRole("link", { name: "Forgot your password?" })).toHaveAttribute("href", "/forgot-password");
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(BUYER);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If");
  await expectFitsPhone(page);

  const path = await mailedPath(BUYER, "/reset-password/");
  await page.goto(path);
  await page.getByLabel("New password").fill("a fresh buyer passphrase");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password is changed");

  await signInAs(page, BUYER, PASSWORD);
  await expect(page.getByRole("alert")).toContainText("do not match");
  await signInAs(page, BUYER, "a fresh buyer passphrase");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();

  // The link worked once.
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  await page.context().close();
});

test("6. an unknown address gets the same answer, and no mail", async ({ browser }) => {
  const page = await freshPage(browser, LAPTOP);
  const nobody = `nobody-${stamp}@tallow.test`;
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(nobody);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toHaveText(
    `If ${nobody} has a Quotient account, a link to choose a new password is on its way. It works once, for one hour.`,
  );
  await page.waitForTimeout(1_500);
  expect(await mailsTo(nobody)).toEqual([]);
  await page.context().close();
});

test("7. without JavaScript the forms still answer next to the field, and the reset request goes out", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Organisation name").fill("No Script Ltd");
  await page.getByLabel("Legal name").fill("No Script Limited");
  await page.getByLabel("Your name").fill("Nadia Script");
  await page.getByLabel("Your work email").fill(`noscript-${stamp}@tallow.test`);
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expectInvalid(page, page.getByLabel("Country"), "Choose the country from the list.");
  await expect(page.getByLabel("Legal name")).toHaveValue("No Script Limited");

  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(FINANCE);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText(FINANCE);
  expect(await mailedPath(FINANCE, "/reset-password/")).toMatch(/^\/reset-password\//);
  await context.close();
});
