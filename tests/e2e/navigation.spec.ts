/**
 * The header and main navigation of every demo user, built from what each
 * may do: the items they had, each one opening (the navigation never links a
 * page that would refuse them), the same header on a refusal, from 390 px
 * wide without sideways scrolling, and with no serious accessibility fault.
 */
import { expect, test, type Page } from "@playwright/test";

import { seriousAxeViolations, sidewaysOverflow, signIn, signInWithoutJavaScript } from "./support";

// Read only: its tests spread over the workers like files do.
test.describe.configure({ mode: "parallel" });

const BUYING = [
  "Dashboard",
  "RFQs",
  "Purchase orders",
  "Agreements",
  "Suppliers",
  "Requisitions",
  "Sourcing queue",
  "Catalogue",
  "Reorder",
];
const FINANCE = [
  "Dashboard",
  "Approvals",
  "RFQs",
  "Purchase orders",
  "Agreements",
  "Requisitions",
  "Catalogue",
  "Invoices",
  "Approval policy",
  "Bank changes",
];
// The demo's supplier sales people are their organisations' admins: they keep colleagues and the company too.
const SUPPLIER = [
  "Dashboard",
  "Invitations",
  "Purchase orders",
  "Agreements",
  "Invoices",
  "Users",
  "Buyers",
  "Company",
];

const PEOPLE = [
  { email: "buyer@acme.test", role: "Buyer", items: BUYING, refused: "/approvals" },
  { email: "finance@acme.test", role: "Finance", items: FINANCE, refused: "/rfqs/new" },
  { email: "controller@acme.test", role: "Finance", items: FINANCE, refused: "/admin/outbox" },
  {
    email: "admin@acme.test",
    role: "Admin",
    items: [
      "Dashboard",
      "RFQs",
      "Purchase orders",
      "Suppliers",
      "Requisitions",
      "Reorder",
      "Settings",
      "Audit log",
      "Users",
      "Outbox",
      "Refused reads",
    ],
    refused: "/approvals",
  },
  { email: "sales@northwind.test", role: "Admin, Supplier", items: SUPPLIER, refused: "/settings/approvals" },
  { email: "sales@globex.test", role: "Admin, Supplier", items: SUPPLIER, refused: "/rfqs/new" },
  { email: "buyer@initech.test", role: "Buyer", items: BUYING, refused: "/admin/outbox" },
];

async function expectHeader(page: Page, items: string[], role: string) {
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(items);
  await expect(page.locator("header .role")).toHaveText(role);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

for (const { email, role, items, refused } of PEOPLE) {
  test(`the header of ${email} offers what they may open, also on a refusal`, async ({ browser }) => {
    const page = await signIn(browser, email);
    await expectHeader(page, items, role);

    const hrefs = await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) {
      const response = await page.goto(href);
      expect(response?.status(), `${email} ${href}`).toBe(200);
      await expectHeader(page, items, role);
    }

    const response = await page.goto(refused);
    expect(response?.status(), `${email} ${refused}`).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
    await expectHeader(page, items, role);
  });
}

for (const email of ["finance@acme.test", "admin@acme.test", "sales@northwind.test"]) {
  test(`the header of ${email} fits 390 px and has no serious accessibility fault`, async ({ browser }) => {
    // Two widths, two pages, each with axe: more than the default minute on a shared machine.
    test.setTimeout(300_000);
    const page = await signIn(browser, email);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of ["/dashboard", "/no-such-page"]) {
        await page.goto(path);
        // Folded into the menu on a phone, a row of links on a wide screen.
        if (width < 900) await expect(page.locator("header summary", { hasText: "Menu" })).toBeVisible();
        else await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
        expect(await sidewaysOverflow(page), `${email} ${path} at ${width} px`).toBeLessThanOrEqual(0);
        expect(
          await seriousAxeViolations(page, { include: "header", allRules: true }),
          `${email} ${path} at ${width} px`,
        ).toEqual([]);
      }
    }
    await page.context().close();
  });
}

for (const email of [
  "buyer@acme.test",
  "finance@acme.test",
  "admin@acme.test",
  "requester@acme.test",
  "sales@northwind.test",
]) {
  test(`at 390 px the navigation of ${email} is a folded menu with every entry, each one opening its page`, async ({
    browser,
  }) => {
    // Every entry opened from the menu, each a page load on a shared machine.
    test.setTimeout(300_000);
    const page = await signIn(browser, email);
    // At 1366 px every entry is on show without opening anything.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto("/dashboard");
    const nav = page.getByRole("navigation", { name: "Main" });
    const menu = page.locator("header summary", { hasText: "Menu" });
    await expect(menu).toBeHidden();
    const wide = await nav.getByRole("link").allTextContents();
    expect(wide.length, email).toBeGreaterThan(2);
    const hrefs = await nav.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/dashboard");
    await expect(nav).toBeHidden();
    // Closed or open, the count of notifications and signing out stay in the band.
    await expect(page.getByRole("banner").getByRole("link", { name: /^Notifications/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await menu.click();
    await expect(nav.getByRole("link")).toHaveText(wide);
    expect(await sidewaysOverflow(page), `${email} with the menu open`).toBeLessThanOrEqual(0);
    expect(
      await seriousAxeViolations(page, { include: "header", allRules: true }),
      `${email} with the menu open`,
    ).toEqual([]);

    for (const [i, label] of wide.entries()) {
      if (i > 0) await menu.click();
      await nav.getByRole("link", { name: label, exact: true }).click();
      await expect(page, `${email} ${label}`).toHaveURL(
        new RegExp(`${hrefs[i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`),
      );
      // The menu folds again on the page it opened.
      await expect(nav).toBeHidden();
      await expect(menu).toBeVisible();
    }
    await page.context().close();
  });
}

test("the menu opens without JavaScript", async ({ browser }) => {
  const page = await signInWithoutJavaScript(browser, "finance@acme.test");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/dashboard");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  await page.locator("header summary", { hasText: "Menu" }).click();
  await nav.getByRole("link", { name: "Invoices", exact: true }).click();
  await expect(page).toHaveURL(/\/invoices$/);
  await page.context().close();
});
