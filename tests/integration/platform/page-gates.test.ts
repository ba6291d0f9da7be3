/**
 * Page gates over HTTP, on the person's own organisation's records, where
 * the authorization sweep (which tries only foreign objects) does not look:
 * pages without a record open for whoever the ability allows and answer 403
 * to everyone else; the quote pages are for whoever quotes; compare and edit
 * are answered by their use case (a refused sealed read is logged); and a
 * form someone may not send is refused before it is read, writing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAppServer, http, signInOverHttp, tableChecksums, type AppServer } from "../../support/app-server";

const USERS = [
  "buyer@acme.test",
  "finance@acme.test",
  "controller@acme.test",
  "admin@acme.test",
  "sales@northwind.test",
  "accounts@northwind.test",
  "sales@globex.test",
  "buyer@initech.test",
  "requester@acme.test",
] as const;
type Email = (typeof USERS)[number];

let app: AppServer;
const cookies = new Map<Email, string>();
const rfqs = { closed: "", open: "", draft: "", initech: "" };
const agreements = { draft: "", active: "" };

beforeAll(async () => {
  app = await createAppServer("page_gates", {
    async seed(demo) {
      rfqs.closed = (await demo.rfq("Safety gloves, Q1 supply")).id;
      rfqs.open = (await demo.rfq("Aluminium brackets, batch 7")).id;
      rfqs.draft = (await demo.rfq("Ergonomic office chairs")).id;
      rfqs.initech = (await demo.rfq("Printer paper, annual supply")).id;
      const agreement = async (title: string) =>
        (await demo.db.selectFrom("agreements").where("title", "=", title).select("id").executeTakeFirstOrThrow()).id;
      agreements.draft = await agreement("Safety consumables");
      agreements.active = (
        await demo.db.selectFrom("agreements").where("status", "=", "active").select("id").executeTakeFirstOrThrow()
      ).id;
    },
  });
  await app.start();
  for (const email of USERS) cookies.set(email, await signInOverHttp(app.base, email));
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

const get = async (email: Email, url: string) => {
  const response = await http(app.base, "GET", url, { cookie: cookies.get(email) });
  await response.arrayBuffer();
  return response.status;
};
const post = async (email: Email, url: string, form: Record<string, string> = {}) => {
  const response = await http(app.base, "POST", url, { cookie: cookies.get(email), form });
  return { status: response.status, text: await response.text() };
};
const sealedReadsRefused = (email: Email, rfqId: string) =>
  app.withDb(async (db) => {
    const row = await db
      .selectFrom("audit_events")
      .innerJoin("users", "users.id", "audit_events.actor_id")
      .where("audit_events.event", "=", "SEALED_READ_REFUSED")
      .where("audit_events.entity_id", "=", rfqId)
      .where("users.email", "=", email)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  });

describe("pages without a record", () => {
  const pages: { url: string; open: readonly Email[] }[] = [
    { url: "/approvals", open: ["finance@acme.test", "controller@acme.test"] },
    { url: "/rfqs/new", open: ["buyer@acme.test", "buyer@initech.test"] },
    { url: "/rfqs/lines-template.csv", open: ["buyer@acme.test", "buyer@initech.test"] },
    { url: "/settings/approvals", open: ["finance@acme.test", "controller@acme.test", "admin@acme.test"] },
    { url: "/admin/outbox", open: ["admin@acme.test"] },
    { url: "/admin/refused-reads", open: ["admin@acme.test"] },
    {
      url: "/agreements",
      open: [
        "buyer@acme.test",
        "finance@acme.test",
        "controller@acme.test",
        "sales@northwind.test",
        "accounts@northwind.test",
        "sales@globex.test",
        "buyer@initech.test",
      ],
    },
    {
      url: "/agreements.csv",
      open: [
        "buyer@acme.test",
        "finance@acme.test",
        "controller@acme.test",
        "sales@northwind.test",
        "accounts@northwind.test",
        "sales@globex.test",
        "buyer@initech.test",
      ],
    },
    // Lists everyone signed in has (empty where they may read nothing), their CSVs, and the search.
    ...["/search", "/rfqs.csv", "/pos.csv", "/invoices.csv"].map((url) => ({ url, open: USERS })),
    { url: "/agreements/new", open: ["buyer@acme.test", "buyer@initech.test"] },
    {
      url: "/catalogue",
      open: [
        "buyer@acme.test",
        "finance@acme.test",
        "controller@acme.test",
        "buyer@initech.test",
        "requester@acme.test",
      ],
    },
    // A supplier organisation's admin keeps its colleagues too; its other people do not.
    { url: "/admin/users", open: ["admin@acme.test", "sales@northwind.test", "sales@globex.test"] },
    { url: "/company", open: ["sales@northwind.test", "accounts@northwind.test", "sales@globex.test"] },
    { url: "/bank-changes", open: ["finance@acme.test", "controller@acme.test"] },
    { url: "/reorder", open: ["buyer@acme.test", "admin@acme.test", "buyer@initech.test"] },
    { url: "/reorder/new", open: ["buyer@acme.test", "admin@acme.test", "buyer@initech.test"] },
    { url: "/reorder/stock", open: ["buyer@acme.test", "admin@acme.test", "buyer@initech.test"] },
    {
      url: "/requisitions",
      open: [
        "buyer@acme.test",
        "finance@acme.test",
        "controller@acme.test",
        "admin@acme.test",
        "buyer@initech.test",
        "requester@acme.test",
      ],
    },
    { url: "/requisitions/new", open: ["requester@acme.test"] },
    { url: "/sourcing", open: ["buyer@acme.test", "buyer@initech.test"] },
    { url: "/suppliers", open: ["buyer@acme.test", "admin@acme.test", "buyer@initech.test"] },
    { url: "/settings/supplier-documents", open: ["buyer@acme.test", "admin@acme.test", "buyer@initech.test"] },
  ];

  it("open for whoever the ability allows and answer 403 to everyone else", async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const { url, open } of pages) {
      for (const email of USERS) {
        seen.push(`${email} ${url} ${await get(email, url)}`);
        expected.push(`${email} ${url} ${open.includes(email) ? 200 : 403}`);
      }
    }
    expect(seen).toEqual(expected);
    // Every page as every person, one after another: longer than the default on a busy machine.
  }, 120_000);

  it("refuse a form from someone who may not send it before reading it, and write nothing", async () => {
    const before = await app.withDb(tableChecksums);
    // Junk that the form's schema would answer with 400 and field errors, had it been read.
    for (const email of ["buyer@acme.test", "admin@acme.test", "sales@northwind.test"] as const) {
      expect((await post(email, "/settings/approvals", { thresholdOne: "lots" })).status, email).toBe(403);
    }
    for (const email of ["finance@acme.test", "buyer@acme.test", "sales@northwind.test"] as const) {
      expect((await post(email, "/admin/outbox", { intent: "nonsense" })).status, email).toBe(403);
    }
    for (const email of ["finance@acme.test", "admin@acme.test", "sales@northwind.test"] as const) {
      expect((await post(email, "/rfqs/new", { title: "" })).status, email).toBe(403);
    }
    for (const email of ["finance@acme.test", "controller@acme.test", "sales@northwind.test"] as const) {
      expect((await post(email, "/reorder?index", { intent: "run" })).status, email).toBe(403);
      expect((await post(email, "/reorder/stock", { intent: "count", quantity: "lots" })).status, email).toBe(403);
    }
    for (const email of ["finance@acme.test", "buyer@acme.test", "accounts@northwind.test"] as const) {
      expect((await post(email, "/admin/users", { intent: "invite", email: "not an address" })).status, email).toBe(
        403,
      );
    }
    expect(await app.withDb(tableChecksums)).toEqual(before);
    // Whoever may send it is told what is wrong.
    const finance = await post("finance@acme.test", "/settings/approvals", { thresholdOne: "lots" });
    expect(finance.status).toBe(400);
    const admin = await post("admin@acme.test", "/admin/users", { intent: "invite", email: "not an address" });
    expect(admin.status).toBe(400);
    const supplierAdmin = await post("sales@northwind.test", "/admin/users", { intent: "invite", email: "x" });
    expect(supplierAdmin.status).toBe(400);
  });
});

describe("the supplier scorecard", () => {
  it("opens for the buying roles of an organisation that works with the supplier; suppliers get 403, others 404", async () => {
    const orgId = (name: string) =>
      app.withDb(
        async (db) =>
          (await db.selectFrom("organisations").where("name", "=", name).select("id").executeTakeFirstOrThrow()).id,
      );
    const northwind = `/suppliers/${await orgId("Northwind Components")}/scorecard`;
    const seen: string[] = [];
    for (const email of USERS) seen.push(`${email} ${await get(email, northwind)}`);
    // Initech buys from Northwind too: it sees its own scorecard of Northwind.
    expect(seen).toEqual([
      "buyer@acme.test 200",
      "finance@acme.test 200",
      "controller@acme.test 200",
      "admin@acme.test 200",
      "sales@northwind.test 403",
      "accounts@northwind.test 403",
      "sales@globex.test 403",
      "buyer@initech.test 200",
      "requester@acme.test 403",
    ]);
    // A buying organisation is nobody's supplier: no relationship, no page.
    expect(await get("buyer@acme.test", `/suppliers/${await orgId("Initech")}/scorecard`)).toBe(404);
  });
});

describe("the quote pages", () => {
  it("are for whoever quotes: the buying organisation's own people get 403 on their own RFQ", async () => {
    for (const email of ["buyer@acme.test", "finance@acme.test", "admin@acme.test"] as const) {
      expect(await get(email, `/rfqs/${rfqs.closed}/quote`), email).toBe(403);
      expect(await get(email, `/rfqs/${rfqs.closed}/quote/history`), email).toBe(403);
      expect((await post(email, `/rfqs/${rfqs.closed}/quote`, { leadTimeDays: "x" })).status, email).toBe(403);
    }
    expect(await get("sales@northwind.test", `/rfqs/${rfqs.closed}/quote`)).toBe(200);
    expect(await get("sales@northwind.test", `/rfqs/${rfqs.closed}/quote/history`)).toBe(200);
    // A supplier that was not invited does not learn the RFQ exists.
    expect(await get("sales@globex.test", `/rfqs/${rfqs.initech}/quote`)).toBe(404);
    expect(await get("sales@globex.test", `/rfqs/${rfqs.initech}/quote/history`)).toBe(404);
  });
});

describe("compare and edit, answered by their use case", () => {
  it("compare opens for the buying side that may compare, and every refusal of the sealed read is logged", async () => {
    expect(await get("buyer@acme.test", `/rfqs/${rfqs.closed}/compare`)).toBe(200);
    expect(await get("finance@acme.test", `/rfqs/${rfqs.closed}/compare.csv`)).toBe(200);
    for (const email of ["admin@acme.test", "sales@northwind.test"] as const) {
      const logged = await sealedReadsRefused(email, rfqs.closed);
      expect(await get(email, `/rfqs/${rfqs.closed}/compare`), email).toBe(403);
      expect(await get(email, `/rfqs/${rfqs.closed}/compare.csv`), email).toBe(403);
      expect(await sealedReadsRefused(email, rfqs.closed), email).toBe(logged + 2);
    }
    // Another organisation's RFQ does not exist for them, yet the owner's auditors see the try, with its origin.
    const logged = await sealedReadsRefused("buyer@initech.test", rfqs.closed);
    for (const url of [`/rfqs/${rfqs.closed}/compare`, `/rfqs/${rfqs.closed}/compare.csv`]) {
      const response = await http(app.base, "GET", url, {
        cookie: cookies.get("buyer@initech.test"),
        headers: { "User-Agent": "Prober/0.1" },
      });
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain("Acme");
    }
    expect(await sealedReadsRefused("buyer@initech.test", rfqs.closed)).toBe(logged + 2);
    const last = await app.withDb((db) =>
      db
        .selectFrom("audit_events")
        .innerJoin("organisations", "organisations.id", "audit_events.org_id")
        .where("event", "=", "SEALED_READ_REFUSED")
        .where("entity_id", "=", rfqs.closed)
        .select(["organisations.name", "audit_events.data"])
        .orderBy("audit_events.id", "desc")
        .executeTakeFirstOrThrow(),
    );
    expect(last.name).toBe("Acme Manufacturing");
    expect(last.data).toMatchObject({ where: "compare", userAgent: "Prober/0.1" });
    expect(String(last.data.address)).toMatch(/127\.0\.0\.1|::1/);
    // And Acme's admin finds it on the list of refused reads.
    const list = await http(app.base, "GET", "/admin/refused-reads", { cookie: cookies.get("admin@acme.test") });
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain("buyer@initech.test");
    expect(html).toContain("Prober/0.1");
  });

  it("tells the buyer that open quotes are sealed, and an invited supplier only that it may not compare", async () => {
    const page = async (email: Email) => {
      const response = await http(app.base, "GET", `/rfqs/${rfqs.open}/compare`, { cookie: cookies.get(email) });
      return { status: response.status, html: await response.text() };
    };
    const buyer = await page("buyer@acme.test");
    expect(buyer.status).toBe(403);
    expect(buyer.html).toContain("Quotes are sealed until the RFQ closes");
    const supplier = await page("sales@northwind.test");
    expect(supplier.status).toBe(403);
    expect(supplier.html).toContain("You are not allowed to compare quotes.");
    expect(supplier.html).not.toContain("sealed");
  });

  it("an award form is refused before it is read: 403 to who may not award, 404 to another organisation", async () => {
    const before = await app.withDb(tableChecksums);
    const junk = { award: "nobody", version: "x" };
    expect((await post("finance@acme.test", `/rfqs/${rfqs.closed}/compare`, junk)).status).toBe(403);
    expect((await post("admin@acme.test", `/rfqs/${rfqs.closed}/compare`, junk)).status).toBe(403);
    expect((await post("buyer@initech.test", `/rfqs/${rfqs.closed}/compare`, junk)).status).toBe(404);
    expect(await app.withDb(tableChecksums)).toEqual(before);
    // The buyer who may award is told what is wrong with it.
    expect((await post("buyer@acme.test", `/rfqs/${rfqs.closed}/compare`, junk)).status).toBe(400);
  });

  it("edit opens for the buyer of a draft; its organisation's others get 403, anyone else 404", async () => {
    expect(await get("buyer@acme.test", `/rfqs/${rfqs.draft}/edit`)).toBe(200);
    expect(await get("finance@acme.test", `/rfqs/${rfqs.draft}/edit`)).toBe(403);
    expect(await get("admin@acme.test", `/rfqs/${rfqs.draft}/edit`)).toBe(403);
    expect(await get("buyer@initech.test", `/rfqs/${rfqs.draft}/edit`)).toBe(404);
    // A draft was never sent: no supplier knows it exists.
    expect(await get("sales@northwind.test", `/rfqs/${rfqs.draft}/edit`)).toBe(404);
  });

  it("an agreement's edit opens for its buyer; finance reads it but gets 403, anyone else 404", async () => {
    expect(await get("buyer@acme.test", `/agreements/${agreements.draft}/edit`)).toBe(200);
    expect(await get("finance@acme.test", `/agreements/${agreements.draft}/edit`)).toBe(403);
    expect(await get("admin@acme.test", `/agreements/${agreements.draft}/edit`)).toBe(404);
    expect(await get("requester@acme.test", `/agreements/${agreements.draft}/edit`)).toBe(404);
    expect(await get("buyer@initech.test", `/agreements/${agreements.draft}/edit`)).toBe(404);
    // The draft is Globex's to be, but not sent: Globex does not know it exists.
    expect(await get("sales@globex.test", `/agreements/${agreements.draft}/edit`)).toBe(404);
    // Its own agreement in force: the supplier reads it and may not change it.
    expect(await get("sales@northwind.test", `/agreements/${agreements.active}/edit`)).toBe(403);
    // An agreement in force opens to its buyer, saying it is no longer a draft.
    expect(await get("buyer@acme.test", `/agreements/${agreements.active}/edit`)).toBe(200);
  });
});

describe("a creating form sent again", () => {
  it("with the token its page issued, creates one RFQ however often it arrives, and every answer leads to it", async () => {
    const form = await http(app.base, "GET", "/rfqs/new", { cookie: cookies.get("buyer@acme.test") });
    const token = /name="formToken" value="(ft_[A-Za-z0-9_-]{32})"/.exec(await form.text())?.[1];
    expect(token).toBeDefined();
    const body = {
      formToken: token ?? "",
      intent: "save",
      title: "Sent twice over HTTP",
      currency: "EUR",
      deadline: "2030-01-15T15:00",
      deadlineTimeZone: "UTC",
      deliveryAddress: "Acme Manufacturing, Gate 3",
      "lines[0].itemName": "Hex nut M8",
      "lines[0].quantity": "100",
      "lines[0].unit": "pcs",
    };
    // A double click, a resend and a replay: five posts of one form, all at once.
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        http(app.base, "POST", "/rfqs/new", { cookie: cookies.get("buyer@acme.test"), form: body }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([302, 302, 302, 302, 302]);
    const targets = new Set(answers.map((a) => a.headers.get("location")));
    expect(targets.size).toBe(1);
    const rfqs = await app.withDb((db) =>
      db.selectFrom("rfqs").where("title", "=", "Sent twice over HTTP").select("id").execute(),
    );
    expect(rfqs.map((r) => `/rfqs/${r.id}`)).toEqual([...targets]);
  });
});
