/**
 * The page benchmark: Quotient's built server against two baselines that
 * run the very same SQL (captured from Quotient itself), under wrk on
 * loopback, alternated page by page, with the resident memory of each
 * server sampled under load. See bench/README.md.
 *
 *   npx remix build && (cd bench/remix-baseline && npx remix build)
 *   npx tsx bench/pages.ts [--rfqs 1000] [--seconds 5] [--rounds 2] [--connections 32] [--pages rfqs,pos]
 *   npx tsx bench/pages.ts --pglite [--seconds 5]
 *   npx tsx bench/pages.ts --profile <folder> [--pages rfqs,pos]
 *   npx tsx bench/pages.ts --same-html-as <checkout with its own build/>
 *   --node-options "<flags>": Node flags for Quotient's server under load (e.g. heap sizes).
 *   --memory-detail: also the largest V8 heap (total and used) and external memory under load.
 *
 * Postgres (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
 * a fresh database with the demo and `bench/scale-data.ts` at --rfqs, dropped
 * at the end. --pglite: the same server on the embedded database with the
 * demo only (no baselines: they need a Postgres server), for its memory.
 * Ports: BENCH_PORT (default 4300) and the two after it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { sql } from "kysely";
import pg from "pg";

import { APP_ROLE } from "../db/app-role.server";
import { ACME, BUYER, type Demo } from "../tests/factories/demo";
import { createAppServer, signInOverHttp, type AppServer } from "../tests/support/app-server";

import { fillScale } from "./scale-data";

const { values: opts } = parseArgs({
  options: {
    rfqs: { type: "string", default: "1000" },
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "2" },
    connections: { type: "string", default: "32" },
    pages: { type: "string", default: "" },
    pglite: { type: "boolean", default: false },
    latency: { type: "string", default: "20" },
    "show-sql": { type: "boolean", default: false },
    "keep-html": { type: "string", default: "" },
    profile: { type: "string", default: "" },
    "same-html-as": { type: "string", default: "" },
    "node-options": { type: "string", default: "" },
    "memory-detail": { type: "boolean", default: false },
  },
});
const RFQS = Number(opts.rfqs);
const SECONDS = Number(opts.seconds);
const ROUNDS = Number(opts.rounds);
const CONNECTIONS = Number(opts.connections);
const SINGLE = Number(opts.latency);
const PORT = Number(process.env.BENCH_PORT || 4300);
const root = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(tmpdir(), "quotient-bench-pages-"));

interface Page {
  name: string;
  url: string;
}
interface Run {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
  rssMedian: number;
  rssMax: number;
}

/** The largest of each figure bench/memory-log.mjs wrote while a run watched it. */
const memoryPeaks = {
  peak: { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 } as Record<string, number>,
  timer: undefined as NodeJS.Timeout | undefined,
  watch(file: string) {
    this.timer = setInterval(() => {
      if (!existsSync(file)) return;
      try {
        const now = JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
        for (const key of Object.keys(this.peak)) this.peak[key] = Math.max(this.peak[key], now[key] ?? 0);
      } catch {
        // Read while being written: the next sample will do.
      }
    }, 250);
  },
  stop() {
    clearInterval(this.timer);
  },
};

if (!spawnSync("wrk", ["--version"]).stdout) throw new Error("wrk is missing: apt-get install -y wrk");

let demo: Demo | undefined;
let scale = "";
const app = await createAppServer("bench_pages", {
  port: PORT,
  seed: async (d) => {
    demo = d;
    if (opts.pglite) return;
    const filled = await fillScale(d.db, d, RFQS);
    scale = `${filled.rfqs} RFQs, ${filled.quoteLines} quote lines, ${filled.purchaseOrders} POs (built in ${filled.seconds.toFixed(1)} s)`;
  },
});
const children: ChildProcess[] = [];
try {
  if (opts.pglite && app.databaseUrl) {
    await app.destroy();
    throw new Error("--pglite needs TEST_DATABASE_URL pointing at nothing (e.g. postgres://127.0.0.1:1/none)");
  }
  if (!opts.pglite && !app.databaseUrl) throw new Error("the page benchmark needs a real Postgres");
  await main(app, demo!);
} finally {
  for (const child of children) child.kill("SIGTERM");
  await app.destroy();
  rmSync(work, { recursive: true, force: true });
}

async function main(app: AppServer, demo: Demo) {
  console.log(opts.pglite ? "embedded database (PGlite), demo data" : `Postgres, ${scale}`);
  const pages = await choosePages(app, demo);

  // 1. Capture the SQL of each page as Quotient runs it, one request at a time.
  const log = path.join(work, "sql.jsonl");
  await app.start({ NODE_OPTIONS: `--import ${path.join(root, "bench", "capture-sql.mjs")}`, BENCH_SQL_LOG: log });
  const cookie = await signInOverHttp(app.base, BUYER);
  const captured: Record<string, { text: string; values: unknown[] }[]> = {};
  for (const page of pages) {
    writeFileSync(log, "");
    const response = await fetch(app.base + page.url, { headers: { cookie } });
    const html = await response.text();
    if (response.status !== 200) throw new Error(`${page.url}: ${response.status}\n${html.slice(0, 500)}`);
    // --keep-html <folder>: each page as served, to diff the HTML before and after a change.
    if (opts["keep-html"]) writeFileSync(path.join(opts["keep-html"], `${page.name.replace(/\W+/g, "_")}.html`), html);
    captured[page.name] = readFileSync(log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string; values: unknown[] })
      // Background work of the server (job queue) is not the page's.
      .filter((s) => !s.text.includes("graphile_worker"));
  }
  await app.stop();
  const sqlFile = path.join(work, "pages.json");
  writeFileSync(sqlFile, JSON.stringify(captured));
  for (const page of pages) {
    console.log(`  ${page.name}: ${captured[page.name].length} statements`);
    if (opts["show-sql"])
      for (const s of captured[page.name]) console.log(`    ${s.text.replace(/\s+/g, " ").slice(0, 150)}`);
  }

  // --same-html-as <folder>: another build (e.g. the commit before a change) on the same database
  // and session; every page must come out byte for byte the same, but for the per-request nonce,
  // the hashed asset names and the forms' one-time tokens.
  if (opts["same-html-as"]) {
    await app.start({});
    const other = spawn(process.execPath, ["server.mjs"], {
      cwd: path.resolve(opts["same-html-as"]),
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(PORT + 3),
        HOST: "127.0.0.1",
        DATA_DIR: app.dataDir,
        SEED_DEMO: "0",
        SESSION_SECRET: "bench_pages-session-secret-for-tests",
        SMTP_URL: "",
        DATABASE_URL: app.databaseUrl ?? "",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(other);
    const otherBase = `http://127.0.0.1:${PORT + 3}`;
    await waitUp(`${otherBase}/healthz`);
    const masked = async (base: string, url: string) =>
      (await (await fetch(base + url, { headers: { cookie } })).text())
        .replace(/nonce="[^"]*"/g, 'nonce=""')
        // A form's one-time token (app/models/shared/form-token.server.ts) is new on every view.
        .replace(/ft_[A-Za-z0-9_-]{32}/g, "ft_")
        // Asset names carry a hash of the browser code, which a change to shared code moves.
        .replace(/-[A-Z0-9]{8}\.(js|css)/g, "-HASH.$1")
        .replace(/"version": ?"[0-9a-f]+"/g, '"version":""');
    let same = true;
    for (const page of pages) {
      const [mine, theirs] = [await masked(app.base, page.url), await masked(otherBase, page.url)];
      const at = [...mine].findIndex((c, i) => c !== theirs[i]);
      const identical = mine === theirs;
      same &&= identical;
      console.log(
        `  ${page.name.padEnd(12)} ${mine.length} bytes: ` +
          (identical
            ? "identical"
            : `differs at ${at}: ${mine.slice(at - 40, at + 40)} | ${theirs.slice(at - 40, at + 40)}`),
      );
    }
    if (!same) process.exitCode = 1;
    return;
  }

  // --profile <folder>: Quotient alone under load, one CPU profile per page (bench/cpu-profile.mjs), summed by bench/profile-summary.ts.
  if (opts.profile) {
    for (const page of pages) {
      const dir = path.join(path.resolve(opts.profile), page.name.replace(/\W+/g, "_"));
      await app.start({
        NODE_OPTIONS: `--import ${path.join(root, "bench", "cpu-profile.mjs")}`,
        BENCH_CPU_PROFILE: path.join(dir, "server.cpuprofile"),
      });
      const run = await load(app.base + page.url, cookie, app.child()?.pid);
      await app.stop();
      console.log(`  ${page.name}: ${run.rps.toFixed(0)} req/s under the profiler, profile in ${dir}`);
    }
    return;
  }

  const memoryFile = path.join(work, "memory.json");
  const preload = opts["memory-detail"] ? `--import ${path.join(root, "bench", "memory-log.mjs")}` : "";
  await app.start({
    NODE_OPTIONS: `${opts["node-options"]} ${preload}`.trim(),
    ...(preload ? { BENCH_MEMORY_FILE: memoryFile } : {}),
  });
  const servers: { name: string; base: string; pid: () => number | undefined; cookie: string }[] = [
    { name: "Quotient", base: app.base, pid: () => app.child()?.pid, cookie },
  ];
  if (app.databaseUrl) {
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      DATABASE_URL: app.databaseUrl,
      BENCH_ROLE: APP_ROLE,
      BENCH_SQL_FILE: sqlFile,
    };
    if (!existsSync(path.join(root, "bench", "remix-baseline", "build", "index.js"))) {
      throw new Error("build the Remix baseline first: (cd bench/remix-baseline && npx remix build)");
    }
    const remix = spawn(process.execPath, ["server.mjs"], {
      cwd: path.join(root, "bench", "remix-baseline"),
      env: { ...env, PORT: String(PORT + 1) },
      stdio: "inherit",
    });
    const bare = spawn(process.execPath, [path.join(root, "bench", "bare-server.mjs")], {
      env: { ...env, PORT: String(PORT + 2) },
      stdio: "inherit",
    });
    children.push(remix, bare);
    servers.push(
      { name: "Remix", base: `http://127.0.0.1:${PORT + 1}`, pid: () => remix.pid, cookie: "" },
      { name: "bare", base: `http://127.0.0.1:${PORT + 2}`, pid: () => bare.pid, cookie: "" },
    );
    for (const s of servers.slice(1)) await waitUp(`${s.base}/${encodeURIComponent(pages[0].name)}`);
  }
  const rssOf = (pid: number | undefined) =>
    pid ? Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024 : 0;
  console.log(
    `\nResident memory at rest: ${servers.map((s) => `${s.name} ${rssOf(s.pid()).toFixed(0)} MB`).join(", ")}`,
  );
  const urlOf = (server: (typeof servers)[number], page: Page) =>
    server.name === "Quotient" ? server.base + page.url : `${server.base}/${encodeURIComponent(page.name)}`;

  // 2. One request at a time: the latency of a single person, the figure that must not grow with size.
  console.log(`\nOne request at a time (median of ${SINGLE}), load average ${loadavg()[0].toFixed(1)}:`);
  const db = app.databaseUrl
    ? new pg.Client({ connectionString: app.databaseUrl, options: `-c role=${APP_ROLE}` })
    : null;
  await db?.connect();
  for (const page of pages) {
    const times: number[] = [];
    for (let i = 0; i < SINGLE; i++) {
      const started = performance.now();
      // Once more if a kept-alive connection was closed under the request by the server's idle timeout.
      await (
        await fetch(app.base + page.url, { headers: { cookie } }).catch(() =>
          fetch(app.base + page.url, { headers: { cookie } }),
        )
      ).text();
      times.push(performance.now() - started);
    }
    // The same page's statements alone, on one connection: the database's share of that time.
    const sqlTimes: number[] = [];
    const perStatement = captured[page.name].map(() => [] as number[]);
    if (db) {
      for (let i = 0; i < SINGLE; i++) {
        const started = performance.now();
        for (const [k, st] of captured[page.name].entries()) {
          const t0 = performance.now();
          await db.query(st.text, st.values);
          perStatement[k].push(performance.now() - t0);
        }
        sqlTimes.push(performance.now() - started);
      }
    }
    const dbShare = db ? `, its SQL alone ${median(sqlTimes).toFixed(1)} ms` : "";
    console.log(`  ${page.name.padEnd(12)} ${median(times).toFixed(1)} ms${dbShare}`);
    // The statements that take the database's time, with their plan: where an index would pay.
    for (const [k, st] of captured[page.name].entries()) {
      const ms = median(perStatement[k]);
      if (!db || ms < 5 || !/^\s*select/i.test(st.text)) continue;
      console.log(`    ${ms.toFixed(1)} ms: ${st.text.replace(/\s+/g, " ").slice(0, 300)}`);
      const plan = await db.query(`explain (analyze, buffers) ${st.text}`, st.values);
      for (const row of plan.rows) console.log(`      ${row["QUERY PLAN"]}`);
    }
  }
  await db?.end();
  if (ROUNDS === 0) return;

  // 3. Under load, servers alternated page by page and round by round.
  const results = new Map<string, Run[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const page of pages) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        const run = await load(urlOf(server, page), server.cookie, server.pid());
        const key = `${page.name}|${server.name}`;
        results.set(key, [...(results.get(key) ?? []), run]);
      }
    }
  }

  console.log(
    `\nwrk -t1 -c${CONNECTIONS} -d${SECONDS}s, ${ROUNDS} rounds alternated, medians; ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" / ")} at the end`,
  );
  const head = ["page", ...servers.flatMap((s) => [`${s.name} req/s`, "p50", "p95"])];
  if (servers.length === 3) head.push("Q/Remix", "Q/bare");
  head.push("Q RSS med/max MB", `failed ${servers.map((s) => s.name).join("/")}`);
  const rows = [head];
  for (const page of pages) {
    const of = (server: string) => summarize(results.get(`${page.name}|${server}`) ?? []);
    const row = [page.name];
    for (const s of servers) {
      const r = of(s.name);
      row.push(r.rps.toFixed(0), r.p50.toFixed(1), r.p95.toFixed(1));
    }
    const q = of("Quotient");
    if (servers.length === 3) row.push((q.rps / of("Remix").rps).toFixed(2), (q.rps / of("bare").rps).toFixed(2));
    row.push(`${q.rssMedian.toFixed(0)}/${q.rssMax.toFixed(0)}`);
    row.push(servers.map((s) => of(s.name).failed).join("/"));
    rows.push(row);
  }
  printTable(rows);
  console.log(
    `Resident memory after the load: ${servers.map((s) => `${s.name} ${rssOf(s.pid()).toFixed(0)} MB`).join(", ")}`,
  );
  if (opts["memory-detail"]) {
    const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
    const m = memoryPeaks.peak;
    console.log(
      `Quotient's largest under load: heap total ${mb(m.heapTotal)}, heap used ${mb(m.heapUsed)}, ` +
        `external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)}), rss ${mb(m.rss)}`,
    );
  }
  const rss = servers.map((s) => {
    const all = pages.flatMap((p) => results.get(`${p.name}|${s.name}`) ?? []);
    return `${s.name} ${Math.max(...all.map((r) => r.rssMax)).toFixed(0)} MB`;
  });
  console.log(`\nHighest resident memory under load: ${rss.join(", ")}`);
}

async function choosePages(app: AppServer, demo: Demo): Promise<Page[]> {
  return app.withDb(async (db) => {
    const acme = demo.orgId(ACME);
    // Detail pages of a representative record: an awarded RFQ with its PO, and a PO received and invoiced.
    const rfq = await db
      .selectFrom("rfqs")
      .select("id")
      .where("org_id", "=", acme)
      .orderBy(sql`status = 'awarded'`, "desc")
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    const po = await db
      .selectFrom("purchase_orders")
      .leftJoin("invoices", "invoices.po_id", "purchase_orders.id")
      .select("purchase_orders.id")
      .where("purchase_orders.buyer_org_id", "=", acme)
      .orderBy(sql`invoices.id is null`)
      .orderBy("purchase_orders.created_at", "desc")
      .executeTakeFirstOrThrow();
    const all: Page[] = [
      { name: "/rfqs", url: "/rfqs" },
      { name: "/rfqs?q=", url: "/rfqs?q=hydraulic" },
      { name: "/rfqs/:id", url: `/rfqs/${rfq.id}` },
      { name: "/pos", url: "/pos" },
      { name: "/pos/:id", url: `/pos/${po.id}` },
      { name: "/invoices", url: "/invoices" },
      { name: "/dashboard", url: "/dashboard" },
    ];
    const wanted = opts.pages ? opts.pages.split(",").map((p) => `/${p.replace(/^\//, "")}`) : null;
    return wanted ? all.filter((p) => wanted.includes(p.name)) : all;
  });
}

async function load(url: string, cookie: string, pid: number | undefined): Promise<Run> {
  const samples: number[] = [];
  const sample = () => {
    if (!pid) return;
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    samples.push(kb / 1024);
  };
  const timer = setInterval(sample, 250);
  if (opts["memory-detail"]) memoryPeaks.watch(path.join(work, "memory.json"));
  const args = ["-t1", `-c${CONNECTIONS}`, `-d${SECONDS}s`, "-s", path.join(root, "bench", "wrk-report.lua")];
  if (cookie) args.push("-H", `Cookie: ${cookie}`);
  const output = await new Promise<string>((resolve, reject) => {
    const wrk = spawn("wrk", [...args, url], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    wrk.stdout.on("data", (c: Buffer) => (out += c.toString()));
    wrk.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}: ${out}`))));
  });
  clearInterval(timer);
  sample();
  memoryPeaks.stop();
  const line = output.split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`no report from wrk:\n${output}`);
  const r = JSON.parse(line) as {
    requests: number;
    seconds: number;
    non2xx: number;
    socketErrors: number;
    p50: number;
    p95: number;
    p99: number;
  };
  return {
    rps: r.requests / r.seconds,
    p50: r.p50,
    p95: r.p95,
    p99: r.p99,
    failed: r.non2xx + r.socketErrors,
    rssMedian: median(samples),
    rssMax: Math.max(...samples),
  };
}

function summarize(runs: Run[]): Run {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p95: median(runs.map((r) => r.p95)),
    p99: median(runs.map((r) => r.p99)),
    failed: runs.reduce((n, r) => n + r.failed, 0),
    rssMedian: median(runs.map((r) => r.rssMedian)),
    rssMax: Math.max(...runs.map((r) => r.rssMax)),
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function waitUp(url: string) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${url} did not answer`);
}

function printTable(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const row of rows)
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
}
