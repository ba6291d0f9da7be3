/**
 * A company adopts Quotient as new people would, on a fresh server, from
 * nothing of the demo's: it signs up and confirms its address by the mailed
 * link; its admin invites a buyer and a finance colleague, who join by their
 * mailed links, and sets the organisation's bill-to address and logo; the
 * buyer adds two suppliers from the supplier list, each registers by its
 * mailed link; a category requires a certificate, one supplier sends it and
 * the buyer approves it and the supplier; the buyer blocks the other, which
 * the RFQ form then refuses, saying why; the approved supplier changes its
 * bank details and finance sees the change flagged. The pages a new company
 * meets first that the demo's sweep (layout.spec.ts) cannot reach are read
 * at 390 and 1366 px (no sideways scrolling, no serious axe violation): the
 * add-a-supplier form on the supplier list, the registration page of a
 * supplier invited to the list (no RFQ behind it), and the admin's reset of
 * a colleague's two-factor sign-in. Times are shown in the zone of the
 * browser the company signed up from, for the admin and for colleagues who
 * chose none of their own. The sign-up link is followed from the sign-in
 * page, as a newcomer would, with its form untouched.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

import { demoLogoPng } from "../../db/demo-logo";

import { mailsTo, followMainNavigation, seriousAxeViolations } from "./support";

// Each step is a few people's minutes of work; on a machine shared with other work that takes a while.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const stamp = Date.now().toString(36);
const COMPANY = `Larkspur Tools ${stamp}`;
const ADMIN = `owner-${stamp}@larkspur.test`;
const BUYER = `buyer-${stamp}@larkspur.test`;
const FINANCE = `finance-${stamp}@larkspur.test`;
const PASSWORD = "larkspur tools passphrase";
const KEPT = { email: `sales-${stamp}@osprey.test`, name: `Osprey Fasteners ${stamp}` };
const BLOCKED = { email: `sales-${stamp}@grebe.test`, name: `Grebe Bolts ${stamp}` };
const SUPPLIER_PASSWORD = "supplier side passphrase";
const CERTIFICATE = "ISO 9001 certificate";
const PDF = Buffer.from("%PDF-1.4\n% ISO 9001 certificate\n%%EOF\n");
// The browser the company signs up from is not in the server's zone, so a default taken from the server shows.
const ZONE = "America/Sao_Paulo";
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };

let keptSupplierPath = "";
let blockedSupplierPath = "";
let financeUserPath = "";

/** The path of the newest link under `prefix` mailed to `address`, once it has arrived. */
async function mailedPath(address: string, prefix: string): Promise<string> {
  const pattern = new RegExp(`(https?://\\S+${prefix}[A-Za-z0-9_-]+)`);
  let found = "";
  await expect
    .poll(
      async () => {
        for (const mail of (await mailsTo(address)).reverse()) {
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

async function freshPage(browser: Browser, viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, timezoneId: ZONE });
  return context.newPage();
}

/** Each person signs in once and keeps their browser from step to step, as people do. */
const signedIn = new Map<string, Page>();

test.afterAll(async () => {
  for (const page of signedIn.values()) await page.context().close();
});

async function signInAs(browser: Browser, email: string, password = PASSWORD, viewport = LAPTOP): Promise<Page> {
  const known = signedIn.get(email);
  if (known) {
    await known.setViewportSize(viewport);
    return known;
  }
  const page = await freshPage(browser, viewport);
  signedIn.set(email, page);
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  return page;
}

/**
 * The page as it stands, at 390 px and then at 1366 px: nothing scrolls
 * sideways on the phone, and axe finds no serious or critical violation at
 * either width. Leaves the page at 1366 px.
 */
async function fitsBothWidths(page: Page) {
  for (const viewport of [PHONE, LAPTOP]) {
    await page.setViewportSize(viewport);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${page.url()} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(1);
    expect(await seriousAxeViolations(page), `${page.url()} at ${viewport.width} px`).toEqual([]);
  }
}

test("1. a company signs up on a phone, confirms its address by the mailed link, and its admin signs in", async ({
  browser,
}) => {
  const page = await freshPage(browser, PHONE);
  await page.goto("/login");
  await page.getByRole("link", { name: "Sign up your company" }).click();
  await expect(page.getByRole("heading", { name: "Sign up your company" })).toBeVisible();
  await page.getByLabel("Organisation name").fill(COMPANY);
  await page.getByLabel("Legal name").fill(`${COMPANY} Ltda.`);
  await page.getByLabel("Country").selectOption("BR");
  await page.getByLabel("Your name").fill("Lia Prado");
  await page.getByLabel("Your work email").fill(ADMIN);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  await page.goto(await mailedPath(ADMIN, "/signup/confirm/"));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("status")).toContainText("Your address is confirmed");
  await page.context().close();

  const admin = await signInAs(browser, ADMIN, PASSWORD, PHONE);
  await expect(admin.getByRole("banner")).toContainText(COMPANY);
});

test("2. the admin invites a buyer and a finance colleague, who join by their mailed links", async ({ browser }) => {
  const admin = await signInAs(browser, ADMIN, PASSWORD, PHONE);
  await followMainNavigation(admin, "Users");
  await expect(admin.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
  for (const [email, role] of [
    [BUYER, "Buyer"],
    [FINANCE, "Finance"],
  ] as const) {
    await admin.getByLabel("Email").fill(email);
    await admin.getByRole("checkbox", { name: role }).check();
    await admin.getByRole("button", { name: "Send invitation" }).click();
    await expect(admin.getByRole("status")).toContainText(`${email} is invited`);
    // The next colleague gets a fresh, empty form.
    await expect(admin.getByLabel("Email")).toHaveValue("");
  }

  for (const [email, name, role] of [
    [BUYER, "Bruno Costa", "Buyer"],
    [FINANCE, "Fernanda Reis", "Finance"],
  ] as const) {
    const page = await freshPage(browser);
    await page.goto(await mailedPath(email, "/invitation/"));
    await expect(page.getByRole("heading", { name: `Join ${COMPANY}` })).toBeVisible();
    await page.getByLabel("Your name").fill(name);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Accept and sign in" }).click();
    await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(role);
    await page.context().close();
  }
});

test("3. the admin sets the organisation's bill-to address and logo", async ({ browser }) => {
  const admin = await signInAs(browser, ADMIN);
  await followMainNavigation(admin, "Settings");
  await expect(admin.getByRole("heading", { name: "Organisation settings" })).toBeVisible();
  await admin.getByLabel("Bill-to address").fill(`${COMPANY} Ltda.\nRua Augusta 100\n01304-000 São Paulo\nBrazil`);
  await admin.getByRole("button", { name: "Save organisation settings" }).click();
  await expect(admin.getByRole("status")).toHaveText("Organisation settings saved.");
  await expect(admin.getByLabel("Bill-to address")).toHaveValue(/Rua Augusta 100/);

  await admin.getByLabel("Upload a logo").setInputFiles({
    name: "larkspur.png",
    mimeType: "image/png",
    buffer: demoLogoPng(64),
  });
  await admin.getByRole("button", { name: "Save logo" }).click();
  await expect(admin.getByRole("status")).toHaveText("Logo saved. New PDFs of your purchase orders carry it.");
  await expect(admin.getByRole("img", { name: /logo as printed on purchase orders/ })).toBeVisible();
});

test("4. the buyer adds two suppliers from the supplier list", async ({ browser }) => {
  const buyer = await signInAs(browser, BUYER, PASSWORD, PHONE);
  await followMainNavigation(buyer, "Suppliers");
  await expect(buyer.getByRole("heading", { name: "Suppliers", level: 1 })).toBeVisible();
  await buyer.getByText("Add a supplier", { exact: true }).click();
  // A mistyped address is refused beside its field, the categories kept.
  await buyer.getByLabel("Email").fill("osprey at example");
  await buyer.getByLabel("Categories").fill("Fasteners");
  await buyer.getByRole("button", { name: "Invite supplier" }).click();
  await expect(buyer.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(buyer.getByLabel("Categories")).toHaveValue("Fasteners");
  await fitsBothWidths(buyer);
  for (const supplier of [KEPT, BLOCKED]) {
    await buyer.getByLabel("Email").fill(supplier.email);
    await buyer.getByLabel("Categories").fill("Fasteners");
    await buyer.getByRole("button", { name: "Invite supplier" }).click();
    await expect(buyer.getByRole("status")).toContainText(`${supplier.email} is invited`);
    // The next supplier gets a fresh, empty form.
    await expect(buyer.getByLabel("Email")).toHaveValue("");
  }
  await expect(buyer.getByRole("list", { name: "Invited, not registered yet" })).toContainText(KEPT.email);
  await fitsBothWidths(buyer);
});

test("5. each supplier registers by its mailed link", async ({ browser }) => {
  for (const [index, supplier] of [KEPT, BLOCKED].entries()) {
    const page = await freshPage(browser, PHONE);
    await page.goto(await mailedPath(supplier.email, "/register/"));
    await expect(page.getByRole("heading", { name: "Register your company" })).toBeVisible();
    await expect(page.getByText("invites you to join its suppliers")).toBeVisible();
    if (index === 0) await fitsBothWidths(page);
    await page.getByLabel("Organisation name").fill(supplier.name);
    await page.getByLabel("Address").fill("Avenida Paulista 1000\n01310-100 São Paulo");
    await page.getByLabel("Your name").fill(`Contact of ${supplier.name}`);
    await page.getByLabel("Password").fill(SUPPLIER_PASSWORD);
    await page.getByRole("button", { name: "Register your company" }).click();
    await expect(page.getByRole("heading", { name: "Buying organisations", level: 1 })).toBeVisible();
    await expect(page.getByRole("region", { name: "Working with you" })).toContainText(COMPANY);
    await page.context().close();
  }
});

test("6. a category requires a certificate; one supplier sends it and the buyer approves it and the supplier", async ({
  browser,
}) => {
  const buyer = await signInAs(browser, BUYER);
  await buyer.goto("/suppliers");
  const list = buyer.getByRole("list", { name: "Suppliers" });
  await expect(list.getByRole("link", { name: KEPT.name })).toBeVisible();
  await expect(list.getByRole("link", { name: BLOCKED.name })).toBeVisible();
  keptSupplierPath = (await list.getByRole("link", { name: KEPT.name }).getAttribute("href")) ?? "";
  blockedSupplierPath = (await list.getByRole("link", { name: BLOCKED.name }).getAttribute("href")) ?? "";

  await buyer.getByRole("link", { name: "Documents each category requires" }).click();
  await expect(buyer.getByRole("heading", { name: "Supplier documents", level: 1 })).toBeVisible();
  await buyer.getByLabel("Category").fill("Fasteners");
  await buyer.getByLabel("Document", { exact: true }).fill(CERTIFICATE);
  await buyer.getByRole("button", { name: "Require document" }).click();
  await expect(buyer.getByRole("list", { name: "Required documents" })).toContainText(`Fasteners: ${CERTIFICATE}`);

  const supplier = await signInAs(browser, KEPT.email, SUPPLIER_PASSWORD, PHONE);
  await supplier.goto("/relationships");
  const customer = supplier.getByRole("article", { name: new RegExp(COMPANY) });
  await expect(customer.getByRole("list", { name: `Documents ${COMPANY} asks for` })).toContainText(
    `${CERTIFICATE}: Not sent yet`,
  );
  await customer.getByLabel("Document", { exact: true }).selectOption(CERTIFICATE);
  await customer.getByLabel("Valid until").fill("2031-03-31");
  await customer.getByLabel("File").setInputFiles({ name: "iso-9001.pdf", mimeType: "application/pdf", buffer: PDF });
  await customer.getByRole("button", { name: `Send document to ${COMPANY}` }).click();
  await expect(supplier.getByRole("status")).toContainText("Sent");

  await buyer.goto(keptSupplierPath);
  await expect(buyer.getByRole("heading", { name: KEPT.name, level: 1 })).toBeVisible();
  await buyer.getByRole("button", { name: `Approve ${CERTIFICATE}` }).click();
  await expect(buyer.getByRole("status")).toContainText("The document is approved.");
  await expect(buyer.getByRole("list", { name: "Required documents" })).toContainText(
    `${CERTIFICATE}: Approved (valid until 2031-03-31)`,
  );
  await buyer.getByRole("button", { name: `Approve ${KEPT.name}` }).click();
  await expect(buyer.getByRole("status")).toContainText("Approved. The supplier can now be invited");
});

test("7. the buyer blocks the other supplier, and the RFQ form refuses it, saying why", async ({ browser }) => {
  const buyer = await signInAs(browser, BUYER, PASSWORD, PHONE);
  await buyer.goto(blockedSupplierPath);
  await buyer.getByText("Block", { exact: true }).click();
  await buyer.getByLabel("Why block (the supplier is told)").fill("Bolts failed the tensile test");
  await buyer.getByRole("button", { name: "Block supplier" }).click();
  await expect(buyer.getByRole("status")).toContainText("Blocked.");

  await buyer.goto("/rfqs/new");
  // The approved supplier may be chosen; the blocked one is named apart, with the reason.
  await expect(buyer.getByLabel(KEPT.name)).toBeVisible();
  await expect(buyer.getByLabel(BLOCKED.name)).toHaveCount(0);
  await expect(buyer.locator("#unavailable-suppliers")).toContainText(
    `${BLOCKED.name}: Blocked: Bolts failed the tensile test`,
  );
  await buyer.getByLabel("Title").fill(`Hex bolts ${stamp}`);
  await buyer.getByLabel("Item 1").fill("Hex bolt M12 x 60");
  await buyer.getByLabel("Quantity 1").fill("500");
  await buyer.getByLabel("Invite by email").fill(BLOCKED.email);
  await buyer.getByRole("button", { name: "Save draft" }).click();
  await expect(buyer.locator("#inviteEmails-error")).toContainText(
    `${BLOCKED.email} works for ${BLOCKED.name}, which cannot be invited. Blocked: Bolts failed the tensile test`,
  );
  await expect(buyer.getByLabel("Title")).toHaveValue(`Hex bolts ${stamp}`);
});

test("8. the approved supplier changes its bank details, and finance sees the change flagged", async ({ browser }) => {
  const supplier = await signInAs(browser, KEPT.email, SUPPLIER_PASSWORD);
  await supplier.goto("/company");
  const form = supplier.getByRole("form", { name: "Change bank details" });
  await form.getByLabel("Account holder").fill(KEPT.name);
  await form.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 00");
  await form.getByLabel("BIC (SWIFT code)").fill("COBADEFFXXX");
  await form.getByRole("button", { name: "Propose bank details" }).click();
  await expect(supplier.getByRole("status")).toBeVisible();

  // Alone in its company, the supplier's admin confirms by the link mailed to its own address.
  const confirm = await freshPage(browser, PHONE);
  await confirm.goto(await mailedPath(KEPT.email, "/company/bank-confirm/"));
  await expect(confirm.getByRole("heading", { name: "Confirm new bank details" })).toBeVisible();
  await confirm.getByRole("button", { name: "Confirm bank details" }).click();
  await expect(confirm.getByRole("heading", { name: "Bank details confirmed" })).toBeVisible();
  await confirm.context().close();

  const finance = await signInAs(browser, FINANCE, PASSWORD, PHONE);
  await expect(finance.getByRole("region", { name: /Bank changes to acknowledge/ })).toContainText(KEPT.name);
  await finance.goto("/bank-changes");
  await expect(finance.getByRole("main")).toContainText("DE89 3704 0044 0532 0130 00");
  await finance.getByRole("button", { name: `Acknowledge the bank change of ${KEPT.name}` }).click();
  await expect(finance.getByRole("status")).toContainText("Change acknowledged");
  // Shown in the zone the company signed up from: finance chose none of its own.
  await expect(finance.getByRole("main")).toContainText(ZONE);
});

test("9. finance turns on two-factor sign-in, and the admin may reset it", async ({ browser }) => {
  const finance = await signInAs(browser, FINANCE);
  await finance.goto("/profile/two-factor");
  await finance.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const key = ((await finance.locator("code.secret").textContent()) ?? "").replace(/\s/g, "");
  const totp = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30, algorithm: "SHA1" });
  await finance.getByLabel("Code from the app").fill(totp.generate());
  await finance.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(finance.getByRole("status")).toContainText("Two-factor sign-in is on");

  const admin = await signInAs(browser, ADMIN);
  await admin.goto("/admin/users");
  // The admin's own last sign-in, in the zone the company signed up from.
  await expect(admin.getByRole("row", { name: new RegExp(ADMIN) })).toContainText(ZONE);
  await admin.getByRole("link", { name: "Fernanda Reis" }).click();
  await expect(admin.getByRole("heading", { name: "Fernanda Reis", level: 1 })).toBeVisible();
  financeUserPath = new URL(admin.url()).pathname;
  await expect(admin.getByRole("region", { name: "Two-factor sign-in" })).toBeVisible();
  await fitsBothWidths(admin);
  await admin.getByLabel("Your password").fill(PASSWORD);
  await admin.getByRole("button", { name: "Reset two-factor sign-in" }).click();
  await expect(admin.getByRole("status")).toBeVisible();
  await admin.goto(financeUserPath);
  await expect(admin.getByRole("region", { name: "Two-factor sign-in" })).toHaveCount(0);
});
