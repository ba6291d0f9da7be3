/**
 * Every word a person reads comes from the message catalogue or the
 * formatter: the pages below are rendered in the pseudo-locale, where both
 * mark their text (accented, in ⟦brackets⟧), and whatever text is left
 * unmarked must be data people typed (a title, a name, an address: read from
 * the database), a code (a record number, a currency, a time zone) or
 * punctuation. A literal left in the JSX fails here with its words.
 *
 * Parts of the product not yet through the catalogue are checked by their
 * frame (header, navigation, error pages) until their own turn comes; each
 * area that moves to the catalogue adds its pages with `whole: true`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";
import pg from "pg";

import { unmarked } from "../support/unmarked";

import { workerPort } from "./servers";
import { signIn } from "./support";

// The server this worker talks to (one per worker, each on its own database).
const PORT = workerPort();

/** `follow`: the page is the first link of `path` that matches this selector (a record whose id the seed makes), with `suffix` added. */
type Check = { path: string; whole: boolean; follow?: string; suffix?: string };

const FIRST_SUPPLIER = "ul.supplier-list h2 a";
/**
 * Under "" the pages someone signed out sees. A path may name a demo record
 * by a placeholder (":po:invoiced"): the first of that person's
 * purchase orders in that status, or of their invoices (":invoice:disputed");
 * "{rfq:Title}" stands for the id of the seeded RFQ of that title, "{agreement:active}" for the first
 * agreement in that status, "{reorder:Item}" for the seeded reorder rule of that item,
 * "{requisition:ordered}" for the first requisition in that status of the person's organisation.
 */
const PAGES: Record<string, Check[]> = {
  "": [
    { path: "/login", whole: true },
    { path: "/signup", whole: true },
    { path: "/forgot-password", whole: true },
    { path: "/signup/resend", whole: true },
  ],
  "buyer@acme.test": [
    { path: "/profile", whole: true },
    { path: "/profile/two-factor", whole: true },
    { path: "/dashboard", whole: true },
    { path: "/rfqs", whole: true },
    { path: "/rfqs/new", whole: true },
    { path: "/sourcing", whole: true },
    { path: "/rfqs/{rfq:Ergonomic office chairs}/edit", whole: true },
    { path: "/rfqs/{rfq:Aluminium brackets, batch 7}", whole: true },
    { path: "/rfqs/{rfq:Aluminium brackets, batch 7}/questions", whole: true },
    { path: "/rfqs/{rfq:Safety gloves, Q1 supply}/compare", whole: true },
    { path: "/rfqs/{rfq:Hydraulic fittings}", whole: true },
    { path: "/no-such-page", whole: true },
    { path: "/agreements", whole: true },
    { path: "/agreements/new", whole: true },
    { path: "/agreements/{agreement:active}", whole: true },
    { path: "/agreements/{agreement:draft}", whole: true },
    { path: "/agreements/{agreement:draft}/edit", whole: true },
    { path: "/catalogue", whole: true },
    { path: "/reorder", whole: true },
    { path: "/reorder/new", whole: true },
    { path: "/reorder/stock", whole: true },
    // Its decision log holds the morning run's reason, "no agreement in force offers …", with its figures.
    { path: "/reorder/{reorder:Safety glasses}", whole: true },
    { path: "/reorder/{reorder:Cable tie 200 mm}", whole: true },
    { path: "/pos", whole: true },
    { path: "/pos/new", whole: true },
    { path: "/pos/:po:draft/edit", whole: true },
    { path: "/pos/:po:invoiced", whole: true },
    { path: "/pos/:po:acknowledged/change", whole: true },
    { path: "/pos/:po:invoiced/revisions/1", whole: true },
    { path: "/invoices", whole: true },
    { path: "/invoices/:invoice:disputed", whole: true },
    { path: "/notifications", whole: true },
    { path: "/notifications/settings", whole: true },
    { path: "/search?q=Northwind", whole: true },
    { path: "/suppliers", whole: true },
    { path: "/suppliers", follow: FIRST_SUPPLIER, whole: true },
    { path: "/suppliers", follow: FIRST_SUPPLIER, suffix: "/scorecard", whole: true },
    { path: "/settings/supplier-documents", whole: true },
    { path: "/requisitions", whole: true },
    { path: "/requisitions/{requisition:sourcing}", whole: true },
    { path: "/requisitions/{requisition:ordered}", whole: true },
  ],
  "finance@acme.test": [
    { path: "/approvals", whole: true },
    { path: "/pos/:po:pending_approval", whole: true },
    { path: "/invoices/:invoice:disputed", whole: true },
    { path: "/bank-changes", whole: true },
    { path: "/dashboard", whole: true },
    { path: "/settings/approvals", whole: true },
    { path: "/agreements", whole: true },
    { path: "/agreements/{agreement:active}", whole: true },
    { path: "/requisitions", whole: true },
    // Waiting for finance: the approve and reject forms, and the rule in words.
    { path: "/requisitions/{requisition:submitted}", whole: true },
  ],
  "admin@acme.test": [
    { path: "/admin/users", whole: true },
    { path: "/admin/users", follow: "table a[href^='/admin/users/']", whole: true },
    { path: "/admin/audit", whole: true },
    { path: "/admin/outbox", whole: true },
    { path: "/admin/refused-reads", whole: true },
    { path: "/settings/organisation", whole: true },
    { path: "/settings/addresses", whole: true },
    { path: "/dashboard", whole: true },
    { path: "/reorder", whole: true },
    { path: "/reorder/new", whole: true },
    { path: "/reorder/stock", whole: true },
    { path: "/reorder/{reorder:Hex nut M8}", whole: true },
  ],
  "requester@acme.test": [
    { path: "/catalogue", whole: true },
    { path: "/dashboard", whole: true },
    { path: "/requisitions", whole: true },
    { path: "/requisitions/new", whole: true },
    { path: "/requisitions/{requisition:ordered}", whole: true },
    { path: "/requisitions/{requisition:sourcing}", whole: true },
    { path: "/requisitions/{requisition:submitted}", whole: true },
  ],
  "sales@northwind.test": [
    { path: "/rfqs", whole: true },
    { path: "/rfqs/{rfq:Aluminium brackets, batch 7}", whole: true },
    { path: "/rfqs/{rfq:Aluminium brackets, batch 7}/quote", whole: true },
    { path: "/rfqs/{rfq:Aluminium brackets, batch 7}/quote/history", whole: true },
    { path: "/rfqs/{rfq:Aluminium brackets, batch 7}/questions", whole: true },
    { path: "/rfqs/{rfq:Hydraulic fittings}", whole: true },
    { path: "/suppliers", whole: true },
    { path: "/pos", whole: true },
    { path: "/pos/:po:acknowledged", whole: true },
    { path: "/pos/:po:acknowledged/invoice", whole: true },
    { path: "/invoices", whole: true },
    { path: "/invoices/:invoice:disputed", whole: true },
    { path: "/dashboard", whole: true },
    { path: "/company", whole: true },
    { path: "/relationships", whole: true },
    { path: "/notifications", whole: true },
    { path: "/agreements", whole: true },
    { path: "/agreements/{agreement:active}", whole: true },
  ],
};

async function database(): Promise<pg.Client> {
  const url = readFileSync(path.resolve(`test-results/e2e-${PORT}/database-url`), "utf8").trim();
  if (url === "embedded") throw new Error("The pseudo-locale check reads the data from Postgres; start it.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * The path with its placeholders replaced: ":po:status" and ":invoice:status" by the id of the person's first
 * demo record of that kind and status, "{rfq:Title}" by the id of the seeded RFQ of that title,
 * "{reorder:Item}" by the first seeded reorder rule of that item.
 */
async function resolved(client: pg.Client, email: string, p: string): Promise<string> {
  let out = p;
  for (const [placeholder, title] of [...p.matchAll(/\{rfq:([^}]+)\}/g)]) {
    const { rows } = await client.query<{ id: string }>("select id from rfqs where title = $1", [title]);
    if (rows.length !== 1) throw new Error(`The demo has no single RFQ titled “${title}”.`);
    out = out.replace(placeholder, rows[0].id);
  }
  for (const [placeholder, status] of [...p.matchAll(/\{agreement:([a-z_]+)\}/g)]) {
    const { rows } = await client.query<{ id: string }>(
      "select id from agreements where status = $1 order by number limit 1",
      [status],
    );
    if (!rows[0]) throw new Error(`The demo has no agreement in status ${status}.`);
    out = out.replace(placeholder, rows[0].id);
  }
  for (const [placeholder, item] of [...p.matchAll(/\{reorder:([^}]+)\}/g)]) {
    const { rows } = await client.query<{ id: string }>(
      "select id from reorder_rules where item_name = $1 order by created_at, id limit 1",
      [item],
    );
    if (!rows[0]) throw new Error(`The demo has no reorder rule for “${item}”.`);
    out = out.replace(placeholder, rows[0].id);
  }
  for (const [placeholder, status] of [...p.matchAll(/\{requisition:([a-z_]+)\}/g)]) {
    const { rows } = await client.query<{ id: string }>(
      `select r.id from requisitions r
         join memberships m on m.org_id = r.org_id
         join users u on u.id = m.user_id
        where lower(u.email) = $1 and r.status::text = $2
        order by r.number limit 1`,
      [email, status],
    );
    if (!rows[0]) throw new Error(`The demo has no requisition in status ${status}.`);
    out = out.replace(placeholder, rows[0].id);
  }
  const found = /:(po|invoice):([a-z_]+)/.exec(out);
  if (!found) return out;
  const [placeholder, kind, status] = found;
  const table = kind === "po" ? "purchase_orders" : "invoices";
  const order = kind === "po" ? "number" : "invoice_number";
  const { rows } = await client.query<{ id: string }>(
    `select r.id from ${table} r
       join memberships m on m.org_id in (r.buyer_org_id, r.supplier_org_id)
       join users u on u.id = m.user_id
      where lower(u.email) = $1 and r.status::text = $2
      order by r.${order} limit 1`,
    [email, status],
  );
  if (!rows[0]) throw new Error(`No demo ${kind} in status ${status} for ${email}.`);
  return out.replace(placeholder, rows[0].id);
}

/** Every text value people typed into the database, longest first; codes like "draft" are not data but words. */
async function vocabulary(): Promise<string[]> {
  const client = await database();
  try {
    const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'citext', 'USER-DEFINED')
          and table_name not in ('kysely_migration', 'kysely_migration_lock', 'sessions', 'form_tokens')`,
    );
    const values = new Set<string>();
    for (const { table_name, column_name } of columns) {
      const { rows } = await client.query<{ v: string | null }>(
        `select distinct "${column_name}"::text as v from "${table_name}" limit 20000`,
      );
      for (const { v } of rows) if (v && v.length > 1 && !/^[a-z_]+$/.test(v)) values.add(v.trim());
    }
    return [...values].sort((a, b) => b.length - a.length);
  } finally {
    await client.end();
  }
}

/**
 * Text nodes and the attributes people read (labels, placeholders, titles), of the page or its frame.
 * Text inside <code> is a code shown as one (an IBAN, an event's name, a stored record's data), not words.
 */
async function readableText(page: Page, whole: boolean): Promise<string[]> {
  return page.evaluate((wholePage) => {
    const roots = wholePage
      ? [document.body]
      : [...document.querySelectorAll("header.topbar, .error-page")].filter((e): e is HTMLElement => !!e);
    const out: string[] = wholePage ? [document.title] : [];
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType === Node.TEXT_NODE) {
          const parent = node.parentElement;
          if (parent && !["SCRIPT", "STYLE", "NOSCRIPT"].includes(parent.tagName) && !parent.closest("code"))
            out.push(node.textContent ?? "");
        } else {
          const el = node as HTMLElement;
          for (const attr of ["placeholder", "aria-label", "title", "alt"]) {
            const v = el.getAttribute(attr);
            if (v) out.push(v);
          }
          if (el instanceof HTMLInputElement && ["submit", "button"].includes(el.type)) out.push(el.value);
        }
      }
    }
    return out;
  }, whole);
}

// Read only: one test per person, spread over the workers like files are.
test.describe.configure({ mode: "parallel" });

for (const [email, checks] of Object.entries(PAGES)) {
  test(`pages ${email || "signed out"} sees in the pseudo-locale show no text that skipped the catalogue`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const data = await vocabulary();
    const client = await database();
    const found: string[] = [];
    const page = email ? await signIn(browser, email) : await (await browser.newContext()).newPage();
    // The locale cookie as the app writes it (Remix encodes a cookie's value as base64 JSON).
    const value = encodeURIComponent(Buffer.from(JSON.stringify("en-XA")).toString("base64"));
    await page.context().addCookies([{ name: "lng", value, url: `http://127.0.0.1:${PORT}` }]);
    try {
      for (const { path: template, whole, follow, suffix = "" } of checks) {
        const listed = await resolved(client, email, template);
        await page.goto(listed);
        const p = follow ? `${await page.locator(follow).first().getAttribute("href")}${suffix}` : listed;
        if (follow) await page.goto(p);
        await expect(page.locator("html")).toHaveAttribute("lang", "en-XA");
        for (const text of await readableText(page, whole)) {
          const left = unmarked(text, data);
          if (left) found.push(`${email} ${follow ? p : template}: ${JSON.stringify(left)}`);
        }
      }
    } finally {
      await page.context().close();
      await client.end();
    }
    expect(found).toEqual([]);
  });
}

test("the pseudo-locale check sees a word that skipped the catalogue", async () => {
  // The check itself: a literal is caught, marked text, data and codes are not.
  expect(unmarked("⟦Śíĝñ óũţ⟧", [])).toBeNull();
  expect(unmarked("Hydraulic fittings · PO-2026-000012 · 1,200.00 EUR", ["Hydraulic fittings"])).toBeNull();
  expect(unmarked("Submit for approval", [])).toBe("Submit for approval");
  expect(unmarked("⟦Ŕéƒéŕéñçé⟧ draft", [])).toBe("⟦Ŕéƒéŕéñçé⟧ draft");
  expect(unmarked("America/Argentina/La_Rioja", [])).toBeNull();
  expect(unmarked("America/Port-au-Prince", [])).toBeNull();
  expect(unmarked("Europe/Berlin time", [])).toBe("Europe/Berlin time");
});
