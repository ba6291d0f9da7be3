/**
 * The four lists sorted by a column a person chose: keyset pages that, even
 * on a column with many equal values, list every readable row exactly once
 * in order, both ways; a cursor made for another order starts again at the
 * first page; progress columns; and the CSV download holding exactly the
 * rows the pages show, in their order, safe against formulas.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { agreementCsv, listAgreementPage } from "../../../app/models/agreements/agreement-queries.server";
import { invoiceCsv, listInvoicePage } from "../../../app/models/fulfilment/invoice-queries.server";
import { listPurchaseOrderPage, poCsv } from "../../../app/models/ordering/queries.server";
import type { PoSortKey } from "../../../app/models/ordering/po-sort";
import type { ListSort } from "../../../app/models/shared/list-sort.server";
import { listRfqPage, rfqCsv } from "../../../app/models/sourcing/rfq-queries.server";
import { csvReader, type CsvReader } from "../../../app/models/shared/csv.server";
import { formatInstant } from "../../../app/utils/time";
import { BUYER, FINANCE, GLOBEX_SALES, NORTHWIND_SALES, seededDemo, type Demo } from "../../factories/demo";
import { draftPo, ONE_LINE } from "../../factories/purchasing";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("sorted_lists");
  demo = await seededDemo(t.db);
  // Several POs of one supplier at one price: ties on supplier, status and total for the pages to cross.
  for (let i = 0; i < 5; i++) await draftPo(demo, ONE_LINE("10"), ["20.00"]);
}, 120_000);

afterAll(async () => {
  await t?.destroy();
});

type Page<R> = { rows: R[]; nextCursor: string | null };

async function walk<R extends { id: string }>(fetchPage: (cursor: string | undefined) => Promise<Page<R>>) {
  const seen: R[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 200; guard++) {
    const page = await fetchPage(cursor);
    seen.push(...page.rows);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

/** Text in the database's own order (its collation), for comparing a walked list with one query. */
async function inSqlOrder(values: string[]): Promise<string[]> {
  const { rows } = await sql<{ v: string }>`select v from unnest(${values}::text[]) as v order by v`.execute(t.db);
  return rows.map((r) => r.v);
}

const money = (v: string) => Number(v);

describe("the PO list sorted by a column with ties", () => {
  const orders: [PoSortKey, (r: { supplierName: string; status: string; total: string }) => string | number][] = [
    ["party", (r) => r.supplierName],
    ["status", (r) => r.status],
    ["total", (r) => money(r.total)],
  ];
  for (const [key, valueOf] of orders) {
    for (const direction of ["asc", "desc"] as const) {
      it(`by ${key} ${direction}: pages of two list every PO once, in order`, async () => {
        const sort: ListSort<PoSortKey> = { key, direction };
        const all = await walk((cursor) => listPurchaseOrderPage(demo.as(BUYER), { sort, cursor, pageSize: 2 }));
        const expected = await t.db
          .selectFrom("purchase_orders")
          .where("buyer_org_id", "=", demo.orgId("Acme Manufacturing"))
          .select("id")
          .execute();
        expect(all.length).toBe(expected.length);
        expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
        expect(new Set(all.map((r) => r.id))).toEqual(new Set(expected.map((r) => r.id)));
        const values = all.map(valueOf);
        // Ties there are, so the order of the ids within them is what keeps the pages apart.
        expect(new Set(values).size).toBeLessThan(values.length);
        if (typeof values[0] === "number") {
          const sorted = [...(values as number[])].sort((a, b) => (direction === "asc" ? a - b : b - a));
          expect(values).toEqual(sorted);
        } else {
          const flat = await inSqlOrder(values as string[]);
          expect(values).toEqual(direction === "asc" ? flat : [...flat].reverse());
        }
      });
    }
  }

  it("starts again at the first page with a cursor made for another order", async () => {
    const byTotal = await listPurchaseOrderPage(demo.as(BUYER), {
      sort: { key: "total", direction: "asc" },
      pageSize: 2,
    });
    expect(byTotal.nextCursor).not.toBeNull();
    const first = await listPurchaseOrderPage(demo.as(BUYER), {
      sort: { key: "party", direction: "asc" },
      pageSize: 2,
    });
    const crossed = await listPurchaseOrderPage(demo.as(BUYER), {
      sort: { key: "party", direction: "asc" },
      cursor: byTotal.nextCursor as string,
      pageSize: 2,
    });
    expect(crossed.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  it("shows how much of each PO was received and invoiced", async () => {
    const rows = await walk((cursor) => listPurchaseOrderPage(demo.as(BUYER), { cursor, pageSize: 50 }));
    const drafts = rows.filter((r) => r.status === "draft");
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((r) => r.receivedPercent === 0 && r.invoicedPercent === 0)).toBe(true);
    // The demo has an invoiced PO: some progress shows, none beyond what the rows hold.
    expect(rows.some((r) => (r.receivedPercent ?? 0) > 0)).toBe(true);
    expect(rows.some((r) => (r.invoicedPercent ?? 0) > 0)).toBe(true);
  });
});

describe("the other lists sorted by a column with ties", () => {
  it("RFQs by status, both ways, each once; the buying side sees how many quoted, a supplier never", async () => {
    for (const direction of ["asc", "desc"] as const) {
      const all = await walk(async (after) => {
        const page = await listRfqPage(demo.as(BUYER), { sort: { key: "status", direction }, after, limit: 2 });
        return { rows: page.items, nextCursor: page.nextCursor };
      });
      const count = await t.db
        .selectFrom("rfqs")
        .where("org_id", "=", demo.orgId("Acme Manufacturing"))
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      expect(all.length).toBe(Number(count.n));
      expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
      expect(all.every((r) => r.progress !== null && r.progress.quoted <= r.progress.invited)).toBe(true);
    }
    const supplier = await listRfqPage(demo.as(NORTHWIND_SALES));
    expect(supplier.items.length).toBeGreaterThan(0);
    expect(supplier.items.every((r) => r.progress === null)).toBe(true);
  });

  it("invoices by due date and agreements by status list each row once", async () => {
    const invoices = await walk((cursor) =>
      listInvoicePage(demo.as(FINANCE), { sort: { key: "due", direction: "asc" }, cursor, pageSize: 1 }),
    );
    expect(invoices.length).toBeGreaterThan(0);
    expect(new Set(invoices.map((r) => r.id)).size).toBe(invoices.length);
    const agreements = await walk((cursor) =>
      listAgreementPage(demo.as(BUYER), { sort: { key: "status", direction: "desc" }, cursor, pageSize: 1 }),
    );
    expect(agreements.length).toBeGreaterThan(1);
    expect(new Set(agreements.map((r) => r.id)).size).toBe(agreements.length);
  });

  it("filters invoices by supplier, due range and dispute; a supplier sees only its own", async () => {
    const all = await walk((cursor) => listInvoicePage(demo.as(FINANCE), { cursor, pageSize: 50 }));
    const due = all.find((r) => r.due_on !== null);
    expect(due).toBeDefined();
    const inRange = await listInvoicePage(demo.as(FINANCE), { dueFrom: due!.due_on!, dueTo: due!.due_on! });
    expect(inRange.rows.map((r) => r.id)).toContain(due!.id);
    expect(inRange.rows.every((r) => r.due_on === due!.due_on)).toBe(true);
    const disputed = await listInvoicePage(demo.as(FINANCE), { disputed: true });
    expect(disputed.rows.every((r) => r.status === "disputed" || all.some((a) => a.id === r.id))).toBe(true);
    expect((await listInvoicePage(demo.as(GLOBEX_SALES))).rows).toEqual([]);
    const northwind = await listInvoicePage(demo.as(NORTHWIND_SALES));
    expect(northwind.rows.map((r) => r.id).sort()).toEqual(
      all
        .filter((r) => r.supplierName === "Northwind Components")
        .map((r) => r.id)
        .sort(),
    );
  });
});

/** An English reader in Berlin, asking as a browser does (no `lng`: the default language). */
let reader: CsvReader;
beforeAll(async () => {
  reader = await csvReader(new Request("http://localhost/pos.csv"), "Europe/Berlin");
});

async function csvOf(stream: ReadableStream<Uint8Array>): Promise<string[][]> {
  const text = await new Response(stream).text();
  return text
    .split("\r\n")
    .filter((line) => line !== "")
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"')));
}

describe("the CSV download", () => {
  it("holds exactly the POs the pages show, in their order, across batches", async () => {
    const sort: ListSort<PoSortKey> = { key: "total", direction: "desc" };
    const shown = await walk((cursor) => listPurchaseOrderPage(demo.as(BUYER), { sort, cursor, pageSize: 2 }));
    const [header, ...rows] = await csvOf(poCsv(demo.as(BUYER), { sort }, reader));
    expect(header).toEqual([
      "number",
      "supplier",
      "status",
      "total",
      "currency",
      "received_percent",
      "invoiced_percent",
      "created",
      "created_utc",
    ]);
    expect(rows.map((r) => r[0])).toEqual(shown.map((r) => r.number));
    expect(rows.map((r) => r[3])).toEqual(shown.map((r) => r.total));
    // The time made in the reader's zone, named, beside the UTC one.
    expect(rows.map((r) => r[7])).toEqual(shown.map((r) => formatInstant(r.created_at, "Europe/Berlin")));
    expect(rows[0][7]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d Europe\/Berlin$/);
    expect(rows.map((r) => r[8])).toEqual(shown.map((r) => r.created_at.toISOString()));
    // Amounts stay plain decimals, never grouped, whatever the language.
    expect(rows.every((r) => /^\d+\.\d{2}$/.test(r[3]))).toBe(true);
  });

  it("applies the same filters, keeps a supplier to its own rows, and leaves formulas as text", async () => {
    const filtered = await csvOf(poCsv(demo.as(BUYER), { status: "draft" }, reader));
    expect(filtered.slice(1).every((r) => r[2] === "draft")).toBe(true);
    const supplierRows = await csvOf(poCsv(demo.as(NORTHWIND_SALES), {}, reader));
    expect(supplierRows[0][1]).toBe("buyer");
    const own = await listPurchaseOrderPage(demo.as(NORTHWIND_SALES), { pageSize: 100 });
    expect(supplierRows.slice(1).map((r) => r[0])).toEqual(own.rows.map((r) => r.number));

    // A title someone typed as a formula reaches the spreadsheet as text.
    const agreement = await t.db
      .selectFrom("agreements")
      .where("buyer_org_id", "=", demo.orgId("Acme Manufacturing"))
      .select("id")
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("agreements")
      .set({ title: '=HYPERLINK("http://x")' })
      .where("id", "=", agreement.id)
      .execute();
    const text = await new Response(agreementCsv(demo.as(BUYER), {}, reader)).text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);

    const rfqs = await csvOf(rfqCsv(demo.as(NORTHWIND_SALES), {}, reader));
    expect(rfqs[0]).not.toContain("quoted");
    const invoices = await csvOf(invoiceCsv(demo.as(GLOBEX_SALES), {}, reader));
    expect(invoices).toHaveLength(1);
  });

  it("names its columns in the reader's language: every header cell from the catalogue in the pseudo-locale", async () => {
    // The language as the app reads it from a request (?lng=, as the pseudo-locale browser check sets its cookie).
    const pseudo = await csvReader(new Request("http://localhost/pos.csv?lng=en-XA"), "Asia/Tokyo");
    const marked = /^⟦[^A-Za-z]*⟧$/;
    const headers = [
      (await csvOf(poCsv(demo.as(BUYER), {}, pseudo)))[0],
      (await csvOf(poCsv(demo.as(NORTHWIND_SALES), {}, pseudo)))[0],
      (await csvOf(agreementCsv(demo.as(BUYER), {}, pseudo)))[0],
      (await csvOf(invoiceCsv(demo.as(BUYER), {}, pseudo)))[0],
      (await csvOf(rfqCsv(demo.as(BUYER), {}, pseudo)))[0],
      (await csvOf(rfqCsv(demo.as(NORTHWIND_SALES), {}, pseudo)))[0],
    ];
    for (const header of headers) {
      expect(header.length).toBeGreaterThan(5);
      for (const cell of header) expect(cell).toMatch(marked);
    }
    // The deadline in the reader's zone, beside UTC.
    const [rfqHeader, first] = await csvOf(rfqCsv(demo.as(BUYER), {}, pseudo));
    expect(rfqHeader).toHaveLength(7);
    expect(first[5]).toMatch(/ Asia\/Tokyo$/);
    expect(new Date(first[6]).toISOString()).toBe(first[6]);
  });
});
