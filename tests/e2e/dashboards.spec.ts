/**
 * Each role's day starts on its dashboard: every queue item is a link to the
 * page where it is done, and that page offers the thing to do. Walked at a
 * phone's width (390 px) and a laptop's (1366 px); on every page an item
 * opens, nothing scrolls sideways and axe finds no serious or critical
 * violation.
 * Read only, so the other specs see the demo as seeded.
 */
import { expect, test, type Page } from "@playwright/test";

import { seriousAxeViolations, signIn } from "./support";

const WIDTHS = [390, 1366] as const;

// Read only: its tests spread over the workers like files do.
test.describe.configure({ mode: "parallel" });

/** What the page an item leads to must offer, by queue. */
const DONE_THERE: Record<string, (page: Page, label: string) => Promise<void>> = {
  "sourcing-lines": async (page) =>
    expect(page.getByRole("button", { name: "Make RFQ from chosen lines" })).toBeVisible(),
  "rfq-drafts": async (page) => expect(page.getByRole("button", { name: "Publish RFQ" })).toBeVisible(),
  "rfqs-open": async (page, label) => expect(page.getByRole("heading", { level: 1 })).toContainText(label),
  "rfqs-to-close": async (page) => expect(page.getByRole("button", { name: "Close RFQ" })).toBeVisible(),
  "rfqs-to-award": async (page) => expect(page.getByRole("heading", { name: "Award" })).toBeVisible(),
  "pos-to-submit": async (page) => expect(page.getByRole("button", { name: "Submit for approval" })).toBeVisible(),
  "pos-rejected": async (page) => expect(page.getByRole("button", { name: "Revise purchase order" })).toBeVisible(),
  "pos-to-receive": async (page) => expect(page.getByRole("button", { name: "Record receipt" })).toBeVisible(),
  "pos-to-approve": async (page) => {
    await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
    // Approval with the facts: the threshold, the RFQ and its comparison.
    await expect(page.getByRole("region", { name: "Approval facts" })).toContainText(/Threshold (one|two)/);
    await expect(page.getByRole("link", { name: "Compare the quotes" })).toBeVisible();
    // Its neighbours: the list it belongs to and the RFQ it came from.
    const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    await expect(crumbs.getByRole("link", { name: "Purchase orders" })).toBeVisible();
    await expect(crumbs.getByRole("link", { name: /^RFQ / })).toBeVisible();
  },
  "invoices-to-approve": async (page, label) => expect(page.getByRole("heading", { level: 1 })).toContainText(label),
  "invoices-disputed": async (page, label) => {
    await expect(page.getByRole("heading", { level: 1 })).toContainText(label);
    await expect(
      page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: /^PO / }),
    ).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("disputed");
  },
  "invoices-due": async (page, label) => expect(page.getByRole("heading", { level: 1 })).toContainText(label),
  invitations: async (page) => expect(page.getByRole("button", { name: "Submit quote" })).toBeVisible(),
  "questions-answered": async (page) =>
    expect(page.getByRole("heading", { name: /Questions and answers/ })).toBeVisible(),
  "pos-to-acknowledge": async (page) => expect(page.getByRole("button", { name: "Acknowledge" })).toBeVisible(),
  "change-orders": async (page) => expect(page.getByRole("button", { name: "Acknowledge" })).toBeVisible(),
  "deliveries-due": async (page, label) => {
    await expect(page.getByRole("heading", { level: 1 })).toContainText(label);
    // The supplier reaches the RFQ it won the order on.
    await expect(
      page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: /^RFQ / }),
    ).toBeVisible();
  },
  "outbox-failed": async (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible(),
};

async function looksRight(page: Page, problems: string[], width: number) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (overflow > 1) problems.push(`${width}px ${page.url()}: ${overflow}px sideways`);
  for (const v of await seriousAxeViolations(page)) problems.push(`${width}px ${page.url()}: ${v}`);
}

/** Every queue on the dashboard with its count and item links, as the page shows them. */
async function queuesOn(page: Page) {
  return page.locator("section[data-queue]").evaluateAll((sections) =>
    sections.map((s) => ({
      key: s.getAttribute("data-queue") ?? "",
      count: Number(s.querySelector(".queue-count")?.firstChild?.textContent ?? "NaN"),
      items: [...s.querySelectorAll(".queue-list a")].map((a) => ({
        href: a.getAttribute("href") ?? "",
        label: a.textContent ?? "",
      })),
      empty: s.querySelector("p.muted")?.textContent ?? "",
    })),
  );
}

const ROLES: { email: string; queues: string[]; charts: boolean }[] = [
  {
    email: "buyer@acme.test",
    queues: [
      "sourcing-lines",
      "rfq-drafts",
      "rfqs-open",
      "rfqs-to-close",
      "rfqs-to-award",
      "pos-to-submit",
      "pos-rejected",
      "pos-to-receive",
      "invoices-disputed",
    ],
    charts: true,
  },
  {
    email: "finance@acme.test",
    queues: ["pos-to-approve", "invoices-to-approve", "invoices-disputed", "invoices-due", "bank-changes"],
    charts: true,
  },
  {
    email: "sales@northwind.test",
    queues: [
      "invitations",
      "questions-answered",
      "pos-to-acknowledge",
      "change-orders",
      "deliveries-due",
      "invoices-disputed",
    ],
    charts: false,
  },
  { email: "admin@acme.test", queues: ["outbox-failed"], charts: true },
];

for (const role of ROLES) {
  test(`${role.email}: the dashboard's queues lead to where each item is done, at 390 and 1366 px`, async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    const page = await signIn(browser, role.email);
    const problems: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/dashboard");
      const queues = await queuesOn(page);
      expect(queues.map((q) => q.key)).toEqual(role.queues);
      await expect(page.getByRole("img", { name: /Purchase orders issued in Q\d/ })).toHaveCount(role.charts ? 1 : 0);
      // The dashboard itself is held to both widths and axe by the layout sweep, with every page of each person's day.
      let walked = 0;
      for (const queue of queues) {
        // The count is the whole queue; the list its first few; an empty one says so.
        expect(queue.count, queue.key).toBeGreaterThanOrEqual(queue.items.length);
        if (queue.count === 0) expect(queue.empty, queue.key).not.toBe("");
        for (const item of queue.items) {
          await page.goto("/dashboard");
          await page
            .locator(`section[data-queue="${queue.key}"]`)
            .getByRole("link", { name: item.label, exact: true })
            .first()
            .click();
          await expect(page).toHaveURL(new RegExp(`${item.href.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
          await DONE_THERE[queue.key](page, item.label);
          await looksRight(page, problems, width);
          walked += 1;
        }
      }
      // The demo gives every role but the admin something to do.
      if (role.email !== "admin@acme.test") expect(walked).toBeGreaterThan(0);
    }
    expect(problems).toEqual([]);
  });
}

test("the charts read as a table too, and a supplier sees none", async ({ browser }) => {
  const page = await signIn(browser, "finance@acme.test");
  await page.goto("/dashboard");
  const spend = page.getByRole("region", { name: /Spend Q\d/ });
  await spend.getByText("Show as a table").click();
  await expect(spend.getByRole("columnheader", { name: "Week of" })).toBeVisible();
  const open = page.getByRole("region", { name: "Open purchase orders by status" });
  await expect(open.getByRole("img")).toHaveAccessibleName(/Value of open purchase orders by status, in EUR/);
  await open.getByText("Show as a table").click();
  await expect(open.getByRole("cell", { name: /pending approval/ })).toBeVisible();
  const supplier = await signIn(browser, "sales@northwind.test");
  await supplier.goto("/dashboard");
  await expect(supplier.getByRole("img")).toHaveCount(0);
  await expect(supplier.locator("main")).not.toContainText("Globex");
});
