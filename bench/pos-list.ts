/**
 * How the purchase-order list (/pos) holds up as an organisation's orders
 * grow: the domain function `listPurchaseOrderPage` (and the supplier list
 * the page loads with it), then the page itself over HTTP against the built
 * server, at a small baseline and at the big size, side by side, with the
 * query plan of each case at the big size. See bench/README.md.
 *
 *   npx remix build && npx tsx bench/pos-list.ts [big=1000000] [baseline=10000]
 *
 * BENCH_WITHOUT_LIST_INDEXES=1 drops the indexes migration 0700 added for
 * the list first, to compare with the list as it was.
 *
 * Needs Postgres (TEST_DATABASE_URL or DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres): it creates its own database,
 * fills it with generate_series, and drops it at the end.
 */
import { Kysely, PostgresDialect, sql, type CompiledQuery } from "kysely";
import pg from "pg";

import type { Database } from "../db/schema";
import { listPurchaseOrderPage, poSupplierOptions, type PoListFilters } from "../app/models/ordering/queries.server";
import type { Ctx } from "../app/models/shared/context.server";
import {
  ACME,
  BUYER,
  INITECH,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  actingAs,
  type Demo,
} from "../tests/factories/demo";
import { createAppServer, http, signInOverHttp } from "../tests/support/app-server";

const BIG = Number(process.argv[2] ?? 1_000_000);
const BASELINE = Number(process.argv[3] ?? 10_000);
const REPEAT = 5;
const EXTRA_SUPPLIERS = 48;
const PAGES = 50;

let demo: Demo | undefined;
const app = await createAppServer("bench_pos", {
  seed: async (d) => {
    demo = d;
  },
});
if (!app.databaseUrl || !demo) throw new Error("the bench needs a real Postgres (TEST_DATABASE_URL)");
const seeded: Demo = demo;

// BENCH_WITHOUT_LIST_INDEXES=1 measures the list as it was before migration 0700 added its indexes.
if (process.env.BENCH_WITHOUT_LIST_INDEXES === "1") {
  await app.withDb(async (d) => {
    for (const index of [
      "purchase_orders_buyer_status_idx",
      "purchase_orders_buyer_supplier_idx",
      "purchase_orders_number_trgm_idx",
    ]) {
      await sql`drop index if exists ${sql.id(index)}`.execute(d);
    }
  });
}

// A client of our own that remembers the last query, so each case's SQL can be EXPLAINed as the app runs it.
const pool = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
let lastQuery: CompiledQuery | null = null;
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === "query") lastQuery = event.query;
  },
});

try {
  await main();
} finally {
  await db.destroy();
  await app.destroy();
}

async function main() {
  const acme = seeded.orgId(ACME);
  const initech = seeded.orgId(INITECH);
  const northwind = seeded.orgId(NORTHWIND);
  const suppliers = await db.selectFrom("organisations").where("kind", "=", "supplier").select("id").execute();
  const extra = await db
    .insertInto("organisations")
    .values(
      Array.from({ length: EXTRA_SUPPLIERS }, (_, i) => ({
        name: `Bench Supplier ${String(i + 1).padStart(2, "0")}`,
        kind: "supplier" as const,
      })),
    )
    .returning("id")
    .execute();
  const supplierIds = [...suppliers, ...extra].map((s) => s.id);
  const buyers = { acme: seeded.actor(BUYER).userId, initech: seeded.actor(INITECH_BUYER).userId };

  /** POs numbered from..to: nine in ten Acme's, suppliers in turn, statuses as a working portal has them. */
  const fill = async (from: number, to: number) => {
    const started = performance.now();
    await sql`
      insert into purchase_orders
        (number, buyer_org_id, supplier_org_id, status, currency, subtotal, tax_total, total, created_by, created_at, updated_at)
      select
        'PO-B-' || lpad(i::text, 7, '0'),
        case when i % 10 = 0 then ${initech}::uuid else ${acme}::uuid end,
        (${supplierIds}::uuid[])[1 + ((i / 7) % ${supplierIds.length})],
        case
          when b < 600 then 'closed' when b < 700 then 'received' when b < 780 then 'invoiced'
          when b < 850 then 'issued' when b < 900 then 'acknowledged' when b < 930 then 'approved'
          when b < 950 then 'partially_received' when b < 970 then 'draft' when b < 985 then 'pending_approval'
          when b < 992 then 'rejected' when b < 997 then 'cancelled' else 'declined'
        end,
        'EUR', 100.00, 19.00, 119.00,
        case when i % 10 = 0 then ${buyers.initech}::uuid else ${buyers.acme}::uuid end,
        timestamptz '2024-01-01 00:00:00+00' + i * interval '30 seconds',
        timestamptz '2024-01-01 00:00:00+00' + i * interval '30 seconds'
      from generate_series(${from}::int, ${to}::int) as i, lateral (select (i::bigint * 7919) % 1000 as b) as bucket
    `.execute(db);
    await sql`analyze purchase_orders`.execute(db);
    return performance.now() - started;
  };

  const buyer = actingAs(db, seeded.actor(BUYER));
  const supplier = actingAs(db, seeded.actor(NORTHWIND_SALES));
  const cases: { name: string; run: () => Promise<unknown> }[] = [
    { name: "buyer: first page", run: () => page(buyer, {}) },
    { name: `buyer: ${PAGES} keyset pages`, run: () => walk(buyer, PAGES) },
    { name: "buyer: status pending_approval", run: () => page(buyer, { status: "pending_approval" }) },
    { name: "buyer: status declined (rare)", run: () => page(buyer, { status: "declined" }) },
    { name: "buyer: supplier Northwind", run: () => page(buyer, { supplierOrgId: northwind }) },
    { name: "buyer: number search 0004321 (one)", run: () => page(buyer, { search: "0004321" }) },
    { name: "buyer: number search B-099 (recent)", run: () => page(buyer, { search: "B-099" }) },
    { name: "buyer: number search B-000 (oldest)", run: () => page(buyer, { search: "B-000" }) },
    { name: "buyer: supplier list (filter)", run: () => poSupplierOptions(buyer) },
    // The same list asked per supplier (one index probe each) instead of by reading every PO: a proposal.
    { name: "supplier: first page", run: () => page(supplier, {}) },
    { name: "supplier: status issued", run: () => page(supplier, { status: "issued" }) },
  ];

  await app.start({ LOG_LEVEL: "warn" });
  const buyerCookie = await signInOverHttp(app.base, BUYER);
  const supplierCookie = await signInOverHttp(app.base, NORTHWIND_SALES);
  const pages: { name: string; url: string; cookie: string }[] = [
    { name: "GET /pos (buyer)", url: "/pos", cookie: buyerCookie },
    { name: "GET /pos?status=pending_approval", url: "/pos?status=pending_approval", cookie: buyerCookie },
    { name: "GET /pos?supplier=Northwind", url: `/pos?supplier=${northwind}`, cookie: buyerCookie },
    { name: "GET /pos?q=0004321", url: "/pos?q=0004321", cookie: buyerCookie },
    { name: "GET /pos (supplier)", url: "/pos", cookie: supplierCookie },
  ];

  const measureAll = async () => {
    const out = new Map<string, number>();
    for (const c of cases) out.set(c.name, await median(c.run));
    for (const p of pages) {
      out.set(
        p.name,
        await median(async () => {
          const response = await http(app.base, "GET", p.url, { cookie: p.cookie });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${p.url}: ${response.status}`);
        }),
      );
    }
    return out;
  };

  console.log(`filling ${BASELINE.toLocaleString("en")} POs ...`);
  const smallFill = await fill(1, BASELINE);
  const small = await measureAll();
  console.log(`filled in ${(smallFill / 1000).toFixed(1)} s; filling up to ${BIG.toLocaleString("en")} POs ...`);
  const bigFill = await fill(BASELINE + 1, BIG);
  const big = await measureAll();
  const counts = await sql<{ total: string; acme: string; northwind: string }>`
    select count(*) as total,
           count(*) filter (where buyer_org_id = ${acme}) as acme,
           count(*) filter (where buyer_org_id = ${acme} and supplier_org_id = ${northwind}) as northwind
    from purchase_orders`.execute(db);
  const size = await sql<{ table: string; indexes: string }>`
    select pg_size_pretty(pg_table_size('purchase_orders')) as table,
           pg_size_pretty(pg_indexes_size('purchase_orders')) as indexes`.execute(db);
  const c = counts.rows[0];
  console.log(
    `filled in ${(bigFill / 1000).toFixed(1)} s: ${Number(c.total).toLocaleString("en")} POs, ` +
      `${Number(c.acme).toLocaleString("en")} Acme's, ${Number(c.northwind).toLocaleString("en")} of them from Northwind; ` +
      `table ${size.rows[0].table}, indexes ${size.rows[0].indexes}\n`,
  );

  const width = 36;
  console.log(
    `${"case (median of 5, ms)".padEnd(width)}${`${BASELINE.toLocaleString("en")}`.padStart(10)}${`${BIG.toLocaleString("en")}`.padStart(12)}${"ratio".padStart(8)}`,
  );
  for (const name of small.keys()) {
    const a = small.get(name) ?? 0;
    const b = big.get(name) ?? 0;
    console.log(
      `${name.padEnd(width)}${a.toFixed(1).padStart(10)}${b.toFixed(1).padStart(12)}${(b / a).toFixed(1).padStart(7)}x`,
    );
  }

  console.log("\nQuery plans at the big size (EXPLAIN ANALYZE of the SQL the app ran):");
  for (const c of cases) {
    if (c.name.includes("keyset")) await walk(buyer, PAGES);
    else await c.run();
    const query = lastQuery as CompiledQuery | null;
    if (!query) continue;
    const plan = await pool.query<{ "QUERY PLAN": string }>(
      `explain (analyze, buffers, costs off, summary on) ${query.sql}`,
      [...query.parameters],
    );
    console.log(`\n-- ${c.name}${c.name.includes("keyset") ? ` (page ${PAGES})` : ""}`);
    for (const row of plan.rows) {
      const line = row["QUERY PLAN"];
      if (
        /Scan|Limit|Sort|Join|Loop|Execution Time|Filter|Index Cond|Rows Removed|Heap Blocks|Unique|Aggregate/.test(
          line,
        )
      ) {
        console.log(`   ${line}`);
      }
    }
  }
}

function page(ctx: Ctx, filters: PoListFilters) {
  return listPurchaseOrderPage(ctx, filters);
}

/** Follows the keyset cursor through `count` pages, as someone paging back in time would. */
async function walk(ctx: Ctx, count: number) {
  let cursor: string | undefined;
  for (let i = 0; i < count; i++) {
    const { nextCursor } = await listPurchaseOrderPage(ctx, { cursor });
    if (!nextCursor) break;
    cursor = nextCursor;
  }
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
