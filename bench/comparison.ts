/**
 * How the quote comparison scales: a closed RFQ at a small baseline size
 * and at 50 suppliers × 500 lines, each timed through the loader's domain
 * function (getComparison) and over HTTP against the built server (the
 * page's first and last page of lines, its loader data, and the CSV with
 * every line), with the number of queries per comparison. See
 * bench/README.md.
 *
 *   npx remix build && npx tsx bench/comparison.ts [runs]
 *
 * Needs Postgres (DATABASE_URL or TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres); creates its own database
 * and drops it at the end. Exit code 1 when the large comparison's page
 * (its first page of lines; getComparison without build/) takes 300 ms or
 * more, or needs more queries than the baseline.
 */
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";

import { defaultLinePageSize } from "../app/models/sourcing/comparison-page.schema";
import { getComparison } from "../app/models/sourcing/comparison.server";
import { readSealedQuotes } from "../app/models/sourcing/sealed.server";
import { deliveryRecords } from "../app/models/sourcing/delivery-records.server";
import { createPostgres } from "../db/client.server";
import { BUYER, actingAs } from "../tests/factories/demo";
import { createAppServer, http, signInOverHttp } from "../tests/support/app-server";

import { buildRfq } from "./comparison-rfq";

const RUNS = Number(process.argv[2] ?? 15);
const SIZES = [
  { label: "baseline", suppliers: 5, lines: 50, past: 4 },
  // A realistic history: 800 delivered POs per supplier (40,000 in all) for the on-time record to judge.
  { label: "large", suppliers: 50, lines: 500, past: 800 },
] as const;
const TARGET_MS = 300;
function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), min: sorted[0] };
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn(); // warm up: plans, JIT, connections
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

const rfqIds = new Map<string, string>();
const app = await createAppServer("bench_comparison", {
  seed: async (demo) => {
    for (const size of SIZES)
      rfqIds.set(size.label, await buildRfq(demo, size.label, size.suppliers, size.lines, size.past));
  },
});
let failed = false;
if (!app.databaseUrl) {
  await app.destroy();
  throw new Error("the bench needs a real Postgres (DATABASE_URL or TEST_DATABASE_URL)");
}
const handle = createPostgres(app.databaseUrl, { max: 10 });
try {
  const db = handle.db;
  let queries = 0;
  const counting = db.withPlugin({
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  });
  const buyerRow = await db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .where("users.email", "=", BUYER)
    .select(["users.id as userId", "memberships.org_id as orgId", "memberships.role"])
    .executeTakeFirstOrThrow();
  const buyer = { userId: buyerRow.userId, orgId: buyerRow.orgId, roles: [buyerRow.role] };

  const built = existsSync("build/index.js");
  let cookie: string | null = null;
  if (built) {
    await app.start({ LOG_LEVEL: "warn" });
    cookie = await signInOverHttp(app.base, BUYER);
  } else console.info("No build/ found: run `npx remix build` first for the HTTP figures.");

  const results: Record<
    string,
    {
      domain: number[];
      quotes: number[];
      delivery: number[];
      page: number[];
      last: number[];
      data: number[];
      csv: number[];
      queries: number;
      bytes: Record<string, number>;
    }
  > = {};
  for (const size of SIZES) {
    const rfqId = rfqIds.get(size.label) as string;
    queries = 0;
    const c = await getComparison(actingAs(counting, buyer), { rfqId });
    const counted = queries;
    if (c.suppliers.length !== size.suppliers || c.lines.length !== size.lines)
      throw new Error(
        `${size.label}: expected ${size.suppliers} × ${size.lines}, got ${c.suppliers.length} × ${c.lines.length}`,
      );
    const domain = await time(RUNS, () => getComparison(actingAs(db, buyer), { rfqId }));
    const quotes = await time(RUNS, () => readSealedQuotes(actingAs(db, buyer), { rfqId }));
    const supplierOrgIds = c.suppliers.map((s) => s.supplierOrgId);
    const today = new Date().toISOString().slice(0, 10);
    const delivery = await time(RUNS, () =>
      deliveryRecords(db, { buyerOrgId: buyer.orgId, supplierOrgIds, excludeRfqId: rfqId, today }),
    );
    let page: number[] = [];
    let last: number[] = [];
    let data: number[] = [];
    let csv: number[] = [];
    const bytes: Record<string, number> = {};
    if (cookie) {
      const get = (url: string) => async () => {
        const response = await http(app.base, "GET", url, { cookie });
        const body = await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
        bytes[url.replace(rfqId, ":id")] = body.byteLength;
      };
      csv = await time(RUNS, get(`/rfqs/${rfqId}/compare.csv`));
      // The page shows one page of lines (the default 50): the first, and the last, whose size may differ.
      page = await time(RUNS, get(`/rfqs/${rfqId}/compare`));
      last = await time(
        RUNS,
        get(`/rfqs/${rfqId}/compare?page=${Math.ceil(size.lines / defaultLinePageSize(size.suppliers))}`),
      );
      data = await time(RUNS, get(`/rfqs/${rfqId}/compare.data`));
    }
    results[size.label] = { domain, quotes, delivery, page, last, data, csv, queries: counted, bytes };
  }

  const [base, large] = SIZES.map((s) => results[s.label]);
  const ms = (n: number | undefined) => (n === undefined ? "-" : `${n.toFixed(1)} ms`);
  const ratio = (a: number[], b: number[]) =>
    a.length && b.length ? `${(stats(b).median / stats(a).median).toFixed(1)}×` : "-";
  const row = (cells: string[]) => console.info(cells.map((c, i) => c.padEnd(i === 0 ? 34 : 22)).join(""));
  console.info(`\nQuote comparison, median (p95) of ${RUNS} runs after 3 warm-up runs\n`);
  row(["", ...SIZES.map((s) => `${s.label} ${s.suppliers}×${s.lines}`), "ratio"]);
  const cells = SIZES.map((s) => s.suppliers * s.lines);
  row(["quoted cells", ...cells.map(String), `${cells[1] / cells[0]}×`]);
  row(["past POs per supplier", ...SIZES.map((s) => String(s.past)), `${SIZES[1].past / SIZES[0].past}×`]);
  row([
    "queries per comparison",
    String(base.queries),
    String(large.queries),
    `${(large.queries / base.queries).toFixed(1)}×`,
  ]);
  for (const [label, key] of [
    ["getComparison (domain)", "domain"],
    ["  of which readSealedQuotes", "quotes"],
    ["  of which deliveryRecords", "delivery"],
    ["GET /rfqs/:id/compare (HTTP)", "page"],
    ["  its last page of lines", "last"],
    ["  its loader data alone (.data)", "data"],
    ["GET /rfqs/:id/compare.csv (HTTP)", "csv"],
  ] as const) {
    const cell = (r: (typeof results)[string]) =>
      r[key].length ? `${ms(stats(r[key]).median)} (${ms(stats(r[key]).p95)})` : "-";
    row([label, cell(base), cell(large), ratio(base[key], large[key])]);
  }
  for (const url of Object.keys(large.bytes))
    row([`bytes ${url}`, String(base.bytes[url] ?? "-"), String(large.bytes[url]), ""]);
  // The page over HTTP is what the buyer waits for; without build/ the domain function stands in.
  const timed = large.page.length ? large.page : large.domain;
  const verdict = stats(timed).median < TARGET_MS && large.queries === base.queries;
  console.info(
    `\nTarget: the large comparison's ${large.page.length ? "page (HTTP)" : "getComparison"} under ${TARGET_MS} ms with the baseline's number of queries: ${verdict ? "met" : "MISSED"}`,
  );
  failed = !verdict;
} finally {
  await handle.close();
  await app.destroy();
}
process.exit(failed ? 1 : 0);
