/**
 * Every page each kind of person opens, at a phone's width (390 px) and a
 * laptop's (1366 px): nothing scrolls sideways (wide tables scroll inside
 * their own frame), and axe finds no serious or critical violation of
 * WCAG 2.1 A/AA. Refusal pages (403, 404) are looked at too: they keep the
 * frame. Read only, so its tests may run side by side on one server. One
 * load of a page serves both widths: the page is widened in place.
 */
import { expect, test, type Page } from "@playwright/test";

import { seriousAxeViolations, signIn } from "./support";

const WIDTHS = [390, 1366] as const;

/** How many detail pages of each list a person's look covers: the buying and supplying sides see them all, the others their own. */
type Depth = {
  rfqs: number;
  pos: number;
  invoices: number;
  agreements: number;
  users?: number;
  /** Supplier scorecards, reached from the on-time figures of the comparisons of the RFQ list. */
  scorecards?: number;
  reorder?: number;
  suppliers?: number;
  requisitions?: number;
};

/** The pages of a person's day, the same for everyone (a page refused to someone is looked at as refused). */
const FIXED = [
  "/dashboard",
  "/rfqs",
  "/rfqs/new",
  "/pos",
  "/pos/new",
  "/invoices",
  "/approvals",
  "/settings/approvals",
  "/settings/organisation",
  "/settings/addresses",
  "/admin/audit",
  "/admin/outbox",
  "/admin/refused-reads",
  "/admin/users",
  "/profile",
  "/profile/two-factor",
  "/relationships",
  "/notifications",
  "/notifications/settings",
  "/agreements",
  "/agreements/new",
  "/catalogue",
  "/company",
  "/bank-changes",
  "/company/bank-confirm/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
  // The search with results of several kinds, with a refusal beside the box, and lists sorted by a header.
  "/search?q=a",
  "/search?q=PO",
  "/search?q=ac",
  "/pos?sort=total&dir=desc",
  "/invoices?sort=due&dir=asc&disputed=1",
  "/reorder",
  "/reorder/new",
  "/reorder/stock",
  "/suppliers",
  "/settings/supplier-documents",
  "/requisitions",
  "/requisitions/new",
  "/sourcing",
  "/rfqs/00000000-0000-4000-8000-000000000000",
  // A scorecard of no supplier of the reader's: the 404 in the frame (a supplier's is the gate's 403).
  "/suppliers/00000000-0000-4000-8000-000000000000/scorecard",
];

/** The first detail pages a person's lists link to. */
async function detailPagesOf(page: Page, depth: Depth): Promise<string[]> {
  const linked = async (list: string, pattern: RegExp, count: number) => {
    if (count === 0) return [];
    await page.goto(list);
    const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    return [...new Set(hrefs.filter((h) => pattern.test(h)))].slice(0, count);
  };
  const rfqs = await linked("/rfqs", /^\/rfqs\/[0-9a-f-]{36}$/, depth.rfqs);
  const pos = await linked("/pos", /^\/pos\/[0-9a-f-]{36}$/, depth.pos);
  const invoices = await linked("/invoices", /^\/invoices\/[0-9a-f-]{36}$/, depth.invoices);
  const agreements = await linked("/agreements", /^\/agreements\/[0-9a-f-]{36}$/, depth.agreements);
  const requisitions = await linked("/requisitions", /^\/requisitions\/[0-9a-f-]{36}$/, depth.requisitions ?? 1);
  const people = await linked("/admin/users", /^\/admin\/users\/[0-9a-f-]{36}$/, depth.users ?? 0);
  const scorecards: string[] = [];
  if (depth.scorecards) {
    for (const rfq of await linked("/rfqs", /^\/rfqs\/[0-9a-f-]{36}$/, 20)) {
      scorecards.push(...(await linked(`${rfq}/compare`, /^\/suppliers\/[0-9a-f-]{36}\/scorecard$/, depth.scorecards)));
      if (scorecards.length >= depth.scorecards) break;
    }
    expect(scorecards.length, "a comparison that links a scorecard").toBeGreaterThan(0);
  }
  const rules = await linked("/reorder", /^\/reorder\/[0-9a-f-]{36}$/, depth.reorder ?? 0);
  const suppliers = await linked("/suppliers", /^\/suppliers\/[0-9a-f-]{36}$/, depth.suppliers ?? 0);
  return [
    ...people,
    ...rfqs.flatMap((r) => [r, `${r}/compare`, `${r}/quote`, `${r}/questions`]),
    ...pos.flatMap((p) => [p, `${p}/edit`, `${p}/change`, `${p}/invoice`]),
    ...invoices,
    ...agreements.flatMap((a) => [a, `${a}/edit`]),
    ...scorecards.slice(0, depth.scorecards),
    ...rules,
    ...suppliers,
    ...requisitions,
  ];
}

const PEOPLE: [email: string, depth: Depth][] = [
  ["buyer@acme.test", { rfqs: 1, pos: 2, invoices: 1, agreements: 2, scorecards: 1, reorder: 1, suppliers: 1 }],
  ["sales@northwind.test", { rfqs: 2, pos: 2, invoices: 1, agreements: 1, users: 1 }],
  ["finance@acme.test", { rfqs: 0, pos: 1, invoices: 1, agreements: 1, scorecards: 1 }],
  ["admin@acme.test", { rfqs: 0, pos: 1, invoices: 0, agreements: 0, users: 2 }],
  ["requester@acme.test", { rfqs: 0, pos: 0, invoices: 0, agreements: 0, requisitions: 3 }],
];

// Read only, so its tests spread over the workers like files do.
test.describe.configure({ mode: "parallel" });

/**
 * Opens each page once at 390 px, then widens the same page to 1366 px:
 * at each width nothing scrolls sideways and axe finds no serious or
 * critical violation. Returns what was wrong, by width and page.
 */
async function sweep(page: Page, who: string, paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  // A refusal (403, 404) is one error page in the frame whatever was asked for: axe reads the first of each
  // status; every one is still checked for sideways scroll.
  const refusalsRead = new Set<number>();
  for (const path of paths) {
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    const response = await page.goto(path);
    const status = response?.status() ?? 0;
    expect(status, `${who} ${path}`).toBeLessThan(500);
    const readAxe = status < 400 || !refusalsRead.has(status);
    if (status >= 400) refusalsRead.add(status);
    for (const width of WIDTHS) {
      if (width !== WIDTHS[0]) await page.setViewportSize({ width, height: 900 });
      // Where a page leads on by itself (an edit page of a PO that is no longer a draft), judge where it lands.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (overflow > 1) problems.push(`${width}px ${path} (${status}): ${overflow}px sideways`);
      if (!readAxe) continue;
      for (const v of await seriousAxeViolations(page)) problems.push(`${width}px ${path} (${status}): ${v}`);
    }
  }
  return problems;
}

for (const [email, depth] of PEOPLE) {
  // In two halves, so that the two workers share a person's day.
  for (const [half, paths] of [
    ["first", FIXED.slice(0, Math.ceil(FIXED.length / 2))],
    ["second", FIXED.slice(Math.ceil(FIXED.length / 2))],
  ] as const) {
    test(`${email}: the pages of the day (${half} half) fit 390 and 1366 px without a serious axe violation`, async ({
      browser,
    }) => {
      // Two widths of every page with axe on each: minutes on a machine shared with other work.
      test.setTimeout(600_000);
      const page = await signIn(browser, email);
      expect(await sweep(page, email, paths)).toEqual([]);
    });
  }

  test(`${email}: the detail pages their lists link to fit 390 and 1366 px without a serious axe violation`, async ({
    browser,
  }) => {
    test.setTimeout(600_000);
    const page = await signIn(browser, email);
    const paths = await detailPagesOf(page, depth);
    expect(await sweep(page, email, paths)).toEqual([]);
  });
}

/** Pages for people not signed in: sign-in, sign-up and the pages its links lead to. */
const PUBLIC_PAGES = [
  "/login",
  "/signup",
  "/signup/resend",
  "/forgot-password",
  "/signup/confirm/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
  "/reset-password/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
  "/invitation/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
];

test("signed out: sign-in and sign-up pages fit 390 and 1366 px without a serious axe violation", async ({
  browser,
}) => {
  const page = await (await browser.newContext()).newPage();
  expect(await sweep(page, "signed out", PUBLIC_PAGES)).toEqual([]);
});
