/**
 * Two-factor sign-in in a real browser: a colleague invited by Acme's admin
 * sets it up from the profile on a phone (QR code and key, a wrong code
 * refused next to the field, ten recovery codes shown once), then signs in
 * with a code from the app at a laptop's width and with a recovery code on
 * the phone; the password alone opens nothing. Codes are computed from the
 * key the page shows, as an authenticator app would.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

import { expectFitsPhone, expectInvalid, mailsTo, seriousAxeViolations, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const PERSON = `twofa-${stamp}@acme.test`;
const PASSWORD = "second factor passphrase";
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };

let key = "";
let recoveryCodes: string[] = [];

/** The code the app shows `offsetSeconds` from now. */
function codeAt(offsetSeconds: number): string {
  const totp = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30, algorithm: "SHA1" });
  return totp.generate({ timestamp: Date.now() + offsetSeconds * 1000 });
}

async function freshPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}

async function password(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(PERSON);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
}

async function noSeriousAxeViolation(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** Acme's admin invites `email` with `role`; the person accepts the mailed link and sets their password. */
async function joinAcme(browser: Browser, email: string, role: "Buyer" | "Finance", name: string) {
  const admin = await signIn(browser, "admin@acme.test");
  await admin.goto("/admin/users");
  await admin.getByLabel("Email").fill(email);
  await admin.getByRole("checkbox", { name: role }).check();
  await admin.getByRole("button", { name: "Send invitation" }).click();
  await expect(admin.getByRole("status")).toContainText(`${email} is invited`);
  let path = "";
  await expect
    .poll(
      async () => {
        for (const mail of (await mailsTo(email)).reverse()) {
          const match = /(https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]+)/.exec(mail.text ?? "");
          if (match) path = new URL(match[1]).pathname;
        }
        return path;
      },
      { timeout: 20_000 },
    )
    .not.toBe("");
  const page = await freshPage(browser, LAPTOP);
  await page.goto(path);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Accept and sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await admin.context().close();
  await page.context().close();
}

test("1. an invited colleague joins Acme", async ({ browser }) => {
  await joinAcme(browser, PERSON, "Buyer", "Tomas Vik");
});

test("2. sets up two-factor sign-in from the profile on a phone", async ({ browser }) => {
  const page = await freshPage(browser, PHONE);
  await page.goto("/login");
  await page.getByLabel("Email").fill(PERSON);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/profile");
  await expect(page.getByRole("region", { name: "Two-factor sign-in" })).toContainText("Off");
  await page.getByRole("link", { name: "Manage two-factor sign-in" }).click();
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  key = ((await page.locator("code.secret").textContent()) ?? "").replace(/\s/g, "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await expectFitsPhone(page);
  await noSeriousAxeViolation(page);

  const wrong = codeAt(0) === "000000" ? "111111" : "000000";
  await page.getByLabel("Code from the app").fill(wrong);
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expectInvalid(
    page,
    page.getByLabel("Code from the app"),
    "That code is not right. Check that the app shows Quotient and type its newest code.",
  );
  await page.getByLabel("Code from the app").fill(codeAt(0));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("status")).toContainText("Two-factor sign-in is on");
  const codes = page.getByRole("region", { name: "Your recovery codes" }).locator("li code");
  await expect(codes).toHaveCount(10);
  recoveryCodes = await codes.allTextContents();
  await expectFitsPhone(page);

  // The key is never shown again.
  await page.reload();
  await expect(page.locator("code.secret")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "On" })).toContainText("10 of 10 recovery codes unused");
});

test("3. signs in with a code from the app at 1366 px; the password alone opens nothing", async ({ browser }) => {
  const page = await freshPage(browser, LAPTOP);
  await password(page);
  // No session yet: any other page sends the person back to sign in.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
  await password(page);
  await noSeriousAxeViolation(page);
  await page.getByLabel("Code").fill("123");
  await page.getByRole("button", { name: "Verify" }).click();
  await expectInvalid(
    page,
    page.getByLabel("Code"),
    "Type the six digits your app shows, or a recovery code like abcde-fghij.",
  );
  // The code of the next step: the app's clock may run ahead, and the code used at setup cannot be used again.
  await page.getByLabel("Code").fill(codeAt(30));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Tomas Vik");
});

test("4. signs in with a recovery code on a phone, which then no longer works", async ({ browser }) => {
  const page = await freshPage(browser, PHONE);
  await password(page);
  await expectFitsPhone(page);
  await page.getByLabel("Code").fill(recoveryCodes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();

  const again = await freshPage(browser, PHONE);
  await password(again);
  await again.getByLabel("Code").fill(recoveryCodes[0]);
  await again.getByRole("button", { name: "Verify" }).click();
  await expect(again.getByRole("alert")).toContainText("not a recovery code of yours, or it was used already");
});

test("5. when Acme requires it, a finance colleague without it sets it up at sign-in, on a phone", async ({
  browser,
}) => {
  const colleague = `twofa-finance-${stamp}@acme.test`;
  await joinAcme(browser, colleague, "Finance", "Fenna Holt");
  const admin = await signIn(browser, "admin@acme.test");
  const requirement = async (on: boolean) => {
    await admin.goto("/settings/organisation");
    await admin.getByLabel("Require two-factor sign-in for finance and admin").setChecked(on);
    await admin.getByRole("button", { name: "Save organisation settings" }).click();
    await expect(admin.getByRole("status")).toBeVisible();
  };
  await requirement(true);
  try {
    const page = await freshPage(browser, PHONE);
    await page.goto("/login");
    await page.getByLabel("Email").fill(colleague);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Set up two-factor sign-in" })).toBeVisible();
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
    await expectFitsPhone(page);
    await noSeriousAxeViolation(page);
    key = ((await page.locator("code.secret").textContent()) ?? "").replace(/\s/g, "");
    await page.getByLabel("Code from the app").fill(codeAt(0));
    await page.getByRole("button", { name: "Turn on and sign in" }).click();
    await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
    await expect(page.getByRole("listitem")).toHaveCount(10);
    await expectFitsPhone(page);
    await page.getByRole("link", { name: "I have saved them, continue" }).click();
    await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText("Fenna Holt");
  } finally {
    // The other browser tests sign Acme's finance and admin in with the password alone.
    await requirement(false);
  }
});
