/**
 * /search over HTTP: each kind of record found by its number, its title, the
 * other party's name or an item's name; nothing of another organisation;
 * a supplier finds only its own records and never another supplier; a
 * search box that cannot be read is answered beside the box, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";

let app: AppServer;
const cookies = new Map<string, string>();
const known = { rfq: "", po: "", invoice: "", agreement: "", northwindPo: "", northwindPoId: "" };
/** Every record of Acme's, by the link a result would have. */
let acmeLinks: string[] = [];

beforeAll(async () => {
  app = await createAppServer("search");
  await app.start();
  for (const email of [
    "buyer@acme.test",
    "finance@acme.test",
    "sales@northwind.test",
    "sales@globex.test",
    "buyer@initech.test",
  ])
    cookies.set(email, await signInOverHttp(app.base, email));
  await app.withDb(async (db) => {
    const acme = await db
      .selectFrom("organisations")
      .where("name", "=", "Acme Manufacturing")
      .select("id")
      .executeTakeFirstOrThrow();
    const rfq = await db
      .selectFrom("rfqs")
      .where("org_id", "=", acme.id)
      .where("status", "!=", "draft")
      .select(["reference"])
      .executeTakeFirstOrThrow();
    known.rfq = rfq.reference;
    const invoice = await db.selectFrom("invoices").select(["invoice_number"]).executeTakeFirstOrThrow();
    known.invoice = invoice.invoice_number;
    const agreement = await db
      .selectFrom("agreements")
      .where("buyer_org_id", "=", acme.id)
      .select("number")
      .executeTakeFirstOrThrow();
    known.agreement = agreement.number;
    const pos = await db
      .selectFrom("purchase_orders")
      .innerJoin("organisations as s", "s.id", "purchase_orders.supplier_org_id")
      .where("purchase_orders.status", "not in", ["draft", "pending_approval", "approved", "rejected"])
      .where("purchase_orders.buyer_org_id", "=", acme.id)
      .select(["purchase_orders.id", "purchase_orders.number", "s.name"])
      .execute();
    const northwind = pos.find((p) => p.name === "Northwind Components");
    known.northwindPo = northwind?.number ?? "";
    known.northwindPoId = northwind?.id ?? "";
    known.po = known.northwindPo;
    const ids = async (
      table: "rfqs" | "purchase_orders" | "invoices" | "agreements",
      column: "org_id" | "buyer_org_id",
    ) => (await db.selectFrom(table).where(column, "=", acme.id).select("id").execute()).map((r) => r.id);
    acmeLinks = [
      ...(await ids("rfqs", "org_id")).map((id) => `/rfqs/${id}`),
      ...(await ids("purchase_orders", "buyer_org_id")).map((id) => `/pos/${id}`),
      ...(await ids("invoices", "buyer_org_id")).map((id) => `/invoices/${id}`),
      ...(await ids("agreements", "buyer_org_id")).map((id) => `/agreements/${id}`),
    ];
  });
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

async function search(email: string | null, query: string) {
  const response = await http(app.base, "GET", `/search?${query}`, { cookie: email ? cookies.get(email) : null });
  return { status: response.status, html: await response.text() };
}
const q = (text: string) => new URLSearchParams({ q: text }).toString();
/** The links of the results (the box itself repeats the text searched, so the text alone proves nothing). */
const resultLinks = (html: string) => [...html.matchAll(/<li><a [^>]*href="([^"]+)"/g)].map((m) => m[1]);

describe("finding records", () => {
  it("finds each kind by its number, as a link to it", async () => {
    for (const [number, href] of [
      [known.rfq, "/rfqs/"],
      [known.po, "/pos/"],
      [known.invoice, "/invoices/"],
      [known.agreement, "/agreements/"],
    ] as const) {
      expect(number).not.toBe("");
      const { status, html } = await search("finance@acme.test", q(number));
      expect(status, number).toBe(200);
      expect(html, number).toContain(number);
      expect(html, number).toContain(`href="${href}`);
    }
  });

  it("finds by title, supplier name and item name, grouped by kind, with a link to more", async () => {
    const byItem = await search("buyer@acme.test", q("Hex bolt"));
    expect(byItem.html).toContain("Requests for quotation");
    expect(byItem.html).toContain("Agreements");
    const bySupplier = await search("buyer@acme.test", q("Northwind"));
    expect(bySupplier.html).toContain("Purchase orders");
    const byTitle = await search("buyer@acme.test", q("framework"));
    expect(byTitle.html).toContain(known.agreement);
    // The demo has more than five of Acme's POs to Northwind: the rest are in the filtered list.
    const many = await search("buyer@acme.test", q("PO-"));
    expect(many.html).toContain(`href="/pos?q=PO-"`);
  });

  it("shows nothing of another organisation", async () => {
    for (const number of [known.rfq, known.po, known.invoice, known.agreement]) {
      const { status, html } = await search("buyer@initech.test", q(number));
      expect(status).toBe(200);
      expect(resultLinks(html).filter((href) => acmeLinks.includes(href))).toEqual([]);
      // Acme's own people do find it: the refusal above is the tenant rule, not a search that finds nothing.
      const acme = await search("finance@acme.test", q(number));
      expect(resultLinks(acme.html).some((href) => acmeLinks.includes(href))).toBe(true);
    }
  });

  it("lets a supplier find only its own records, never another supplier's", async () => {
    expect(known.northwindPo).not.toBe("");
    const own = await search("sales@northwind.test", q(known.northwindPo));
    expect(resultLinks(own.html)).toContain(`/pos/${known.northwindPoId}`);
    const other = await search("sales@globex.test", q(known.northwindPo));
    expect(resultLinks(other.html)).not.toContain(`/pos/${known.northwindPoId}`);
    // Another supplier's name finds nothing at all, and is never shown as a party.
    const byName = await search("sales@globex.test", q("Northwind"));
    expect(resultLinks(byName.html)).toEqual([]);
    expect(byName.html).toContain("Nothing found");
  });
});

describe("a search box that cannot be read", () => {
  it("answers beside the box with a 400, never a 500", async () => {
    const cases = ["q=%00abc", `q=${"x".repeat(10_000)}`, "q=one&q=two", "q=a", `q=${"y".repeat(201)}`];
    for (const query of cases) {
      const { status, html } = await search("buyer@acme.test", query);
      expect(status, query.slice(0, 20)).toBe(400);
      expect(html, query.slice(0, 20)).toContain('id="search-q-error"');
    }
    const signedOut = await search(null, q("PO-"));
    expect(signedOut.status).toBe(302);
  });
});
