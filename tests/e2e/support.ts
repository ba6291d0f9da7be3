import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { simpleParser, type ParsedMail } from "mailparser";

import { mailDir, workerPort } from "./servers";

export const DEMO_PASSWORD = "quotient-demo";
/** Where the server of this worker files the mail its SMTP server receives. */
export const MAIL_DIR = mailDir(workerPort());

type Cookies = Awaited<ReturnType<BrowserContext["storageState"]>>;

/**
 * The sessions this worker opened, by email, and the test that last took
 * each one. Signing in is a page, a form post and a password check; a
 * test that only needs to be someone starts from the cookies of an earlier
 * test of the same worker instead (every worker has its own server, so
 * nothing another worker does ends them).
 */
const sessions = new Map<string, { cookies: Cookies; test: string }>();

function currentTest(): string {
  try {
    return test.info().testId;
  } catch {
    return "";
  }
}

/**
 * A new browser context signed in as `email`, on the dashboard. It reuses
 * the worker's session of that person when it still answers; a test never
 * gets the same session twice (one of its pages signing out would sign the
 * other out too), and `fresh` asks for a sign-in of its own: for a test that
 * signs out, or changes what a session rests on (a password, two-factor).
 */
async function signedInPage(
  browser: Browser,
  email: string,
  options: { fresh?: boolean; javaScriptEnabled?: boolean },
): Promise<Page> {
  const testId = currentTest();
  const known = sessions.get(email);
  if (known && !options.fresh && known.test !== testId) {
    const context = await browser.newContext({
      storageState: known.cookies,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    const page = await context.newPage();
    await page.goto("/dashboard");
    // An ended session (signed out, a password changed) lands on the sign-in page: sign in again below.
    if (new URL(page.url()).pathname === "/dashboard") {
      await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
      known.test = testId;
      return page;
    }
    await context.close();
    sessions.delete(email);
  }
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  // A session signed in for a test that will end it is not handed on.
  if (!options.fresh) sessions.set(email, { cookies: await context.storageState(), test: testId });
  return page;
}

/** A browser context signed in as the given demo user (see `signedInPage` for when it is a new sign-in). */
export async function signIn(browser: Browser, email: string, options: { fresh?: boolean } = {}): Promise<Page> {
  return signedInPage(browser, email, options);
}

/** The control is marked invalid and its aria-describedby names an element saying `message`. */
export async function expectInvalid(page: Page, control: Locator, message: string) {
  await expect(control).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await control.getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
  expect(errorId, `aria-describedby of the control: "${describedBy}"`).toBeTruthy();
  await expect(page.locator(`[id="${errorId}"]`)).toHaveText(message);
}

/**
 * Follows an entry of the header's main navigation. On a narrow screen the
 * navigation is folded into the header's menu, which is opened first.
 */
export async function followMainNavigation(page: Page, name: string) {
  const menu = page.locator("details.site-menu");
  if ((await menu.isVisible()) && !(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await menu.locator("summary").click();
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
}

/**
 * Counts the requests the page sends from now on that ask the server about
 * data: the router's discovery of routes behind the page's links (`/__manifest`)
 * and script or style files may arrive whenever the browser is idle and say
 * nothing about a form.
 */
export function countRequests(page: Page): () => number {
  let count = 0;
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === "/__manifest" || pathname.startsWith("/build/") || pathname === "/favicon.svg") return;
    count++;
  });
  return () => count;
}

/** A browser context without JavaScript, signed in as the given demo user. */
export async function signInWithoutJavaScript(
  browser: Browser,
  email: string,
  options: { fresh?: boolean } = {},
): Promise<Page> {
  return signedInPage(browser, email, { ...options, javaScriptEnabled: false });
}

/** The rules every page is held to: WCAG 2.1 A and AA. */
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * axe's serious and critical violations on the page as it is now, one line
 * each (rule, impact, the first places): WCAG 2.1 A/AA, or every rule axe
 * has with `allRules`; `include` limits it to a part of the page.
 *
 * Only violations are collected: passes and incomplete results are most of
 * a run's work and no test reads them. Legacy mode runs axe in the page
 * itself, where the default opens a blank page per run to put the results
 * of the page's frames together; our pages have no frames.
 */
export async function seriousAxeViolations(
  page: Page,
  options: { include?: string; allRules?: boolean } = {},
): Promise<string[]> {
  // `options` first: it replaces what `withTags` sets.
  let axe = new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).setLegacyMode(true);
  if (!options.allRules) axe = axe.withTags(WCAG_21_AA);
  if (options.include) axe = axe.include(options.include);
  const { violations } = await axe.analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => {
      const where = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join("; ");
      return `${v.id} (${v.impact}) at ${where}`;
    });
}

/** How far the page scrolls sideways, in pixels (0 when it fits). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * At a phone's width (390 px) the page does not scroll sideways, and the
 * wiring of its form controls holds: ids are unique, every control has a
 * label, and every id named by aria-describedby exists.
 */
export async function expectFitsPhone(page: Page) {
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll, `${page.url()} scrolls sideways at 390 px`).toBeLessThanOrEqual(widths.client);
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const ids = new Map<string, number>();
    for (const el of document.querySelectorAll("[id]")) ids.set(el.id, (ids.get(el.id) ?? 0) + 1);
    for (const [id, n] of ids) if (n > 1) found.push(`id "${id}" used ${n} times`);
    for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      const control = el as HTMLInputElement;
      const labelled =
        control.labels?.length || control.getAttribute("aria-label") || control.getAttribute("aria-labelledby");
      if (!labelled) found.push(`control "${control.name}" has no label`);
    }
    for (const el of document.querySelectorAll("[aria-describedby]")) {
      for (const id of (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean))
        if (!document.getElementById(id)) found.push(`aria-describedby names a missing id "${id}"`);
    }
    return found;
  });
  expect(problems, page.url()).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** Mails the test SMTP server received for this address, parsed. */
export async function mailsTo(address: string): Promise<ParsedMail[]> {
  const files = readdirSync(MAIL_DIR)
    .filter((f) => f.endsWith(`-${address}.eml`))
    .sort();
  return Promise.all(files.map((f) => simpleParser(readFileSync(path.join(MAIL_DIR, f)))));
}

export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "quotient-pdf-"));
  const file = path.join(dir, "doc.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

/** "YYYY-MM-DDTHH:mm" in UTC, for a datetime-local input with the UTC zone chosen. */
export function utcLocal(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/**
 * The way to a PO the browser tests share: the buyer publishes a one-line
 * RFQ to Northwind, Northwind quotes, the buyer closes and awards it. Ends
 * on the buyer's page of the new draft PO.
 */
export async function draftPoFromRfq(
  browser: Browser,
  rfq: { title: string; item: string; specification?: string; quantity: string; unitPrice: string },
): Promise<{ buyer: Page; northwind: Page; heading: Locator; poUrl: string; poNumber: string }> {
  const buyer = await signIn(browser, "buyer@acme.test");
  await buyer.goto("/rfqs/new");
  await buyer.getByLabel("Title").fill(rfq.title);
  await buyer.getByLabel("Currency").selectOption("EUR");
  await buyer.getByLabel("Response deadline").fill(utcLocal(new Date(Date.now() + 3 * 86_400_000)));
  await buyer.getByLabel("Time zone").selectOption("UTC");
  await buyer.getByLabel("Item 1").fill(rfq.item);
  if (rfq.specification) await buyer.getByLabel("Specification 1").fill(rfq.specification);
  await buyer.getByLabel("Quantity 1").fill(rfq.quantity);
  await buyer.getByLabel("Northwind Components").check();
  await buyer.getByRole("button", { name: "Publish RFQ" }).click();
  await expect(buyer.getByRole("heading", { name: rfq.title })).toContainText("open");
  const rfqUrl = new URL(buyer.url()).pathname;

  const northwind = await signIn(browser, "sales@northwind.test");
  await northwind.goto(rfqUrl);
  await northwind.getByRole("link", { name: "Enter quote" }).click();
  await northwind.getByLabel(`Unit price for ${rfq.item}`).fill(rfq.unitPrice);
  await northwind.getByLabel("Lead time (days)").fill("7");
  await northwind.getByRole("button", { name: "Submit quote" }).click();
  await expect(northwind.getByRole("status")).toContainText("Your quote was received");

  await buyer.goto(rfqUrl);
  await buyer.getByRole("button", { name: "Close RFQ" }).click();
  await expect(buyer.getByRole("heading", { name: rfq.title })).toContainText("closed");
  await buyer.goto(`${rfqUrl}/compare`);
  await buyer.getByRole("button", { name: "Award to Northwind Components" }).click();
  // The award shows what it will make first; confirming makes it.
  await expect(buyer.getByRole("heading", { name: "Draft purchase order to Northwind Components" })).toBeVisible();
  await buyer.getByRole("button", { name: "Confirm award" }).click();
  const heading = buyer.getByRole("heading", { name: /Purchase order PO-\d{4}-\d{6}/ });
  await expect(heading).toContainText("draft");
  const poNumber = ((await heading.innerText()).match(/PO-\d{4}-\d{6}/) ?? [""])[0];
  return { buyer, northwind, heading, poUrl: new URL(buyer.url()).pathname, poNumber };
}
