/**
 * One server against two behind the reverse proxy, on one Postgres
 * database, under wrk on loopback; with the CPU each part used (the Node
 * servers, the proxy, Postgres's backends for this database, wrk). See
 * bench/README.md.
 *
 *   npx remix build && npx tsx bench/two-servers.ts [--rfqs 1000] [--seconds 10] [--connections 32] [--rounds 1]
 *
 * Runs, per page (/rfqs and /pos/:id as Acme's buyer): A alone, direct;
 * A alone behind the proxy (what the proxy costs); A and B behind the
 * proxy. Postgres: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * a fresh database dropped at the end. Ports: BENCH_PORT (default 4310) and the two after it.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import pg from "pg";

import { ACME, BUYER } from "../tests/factories/demo";
import { createAppServer, signInOverHttp, type AppServer } from "../tests/support/app-server";
import { startReverseProxy, type ReverseProxy } from "../tests/support/reverse-proxy";

import { fillScale } from "./scale-data";

const { values: opts } = parseArgs({
  options: {
    rfqs: { type: "string", default: "1000" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    rounds: { type: "string", default: "1" },
  },
});
const SECONDS = Number(opts.seconds);
const CONNECTIONS = Number(opts.connections);
const ROUNDS = Number(opts.rounds);
const PORT = Number(process.env.BENCH_PORT || 4310);
const root = path.resolve(import.meta.dirname, "..");
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux.

if (!spawnSync("wrk", ["--version"]).stdout) throw new Error("wrk is missing: apt-get install -y wrk");

/** User + system CPU seconds of a process so far, or 0 when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

const shared = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");

const started = performance.now();
const a = await createAppServer("bench_two", {
  port: PORT,
  seed: async (demo) => {
    await fillScale(demo.db, demo, Number(opts.rfqs));
  },
});
const b = await createAppServer("bench_two_b", {
  port: PORT + 1,
  sharing: a,
});
const database = new URL(a.databaseUrl ?? "").pathname.slice(1);
const monitor = new pg.Pool({ connectionString: shared.toString(), max: 1 });
/** The Postgres backends serving this database (the servers' pools and job runners). */
async function backends(): Promise<number[]> {
  const { rows } = await monitor.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [database],
  );
  return rows.map((r) => r.pid);
}

let proxy: ReverseProxy | null = null;
try {
  const env = { SESSION_SECRET: "bench-two-servers-session-secret", LOG_LEVEL: "warn" };
  await a.start(env);
  console.log(`data ready and A started in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const cookie = await signInOverHttp(a.base, BUYER);
  const po = await a.withDb(async (db) => {
    const acme = await db.selectFrom("organisations").where("name", "=", ACME).select("id").executeTakeFirstOrThrow();
    return db
      .selectFrom("purchase_orders")
      .where("buyer_org_id", "=", acme.id)
      .where("status", "=", "issued")
      .select("id")
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
  });
  const pages = [
    { name: "/rfqs", path: "/rfqs" },
    { name: "/pos/:id", path: `/pos/${po.id}` },
  ];

  interface Result {
    rps: number;
    p50: number;
    p95: number;
    failed: number;
    cpu: Record<string, number>;
  }

  async function load(base: string, page: string, parts: Record<string, () => number[] | Promise<number[]>>) {
    // Warm: connections of each pool open, code paths compiled.
    await run(base, page, 2);
    const before = new Map<string, Map<number, number>>();
    for (const [k, f] of Object.entries(parts)) before.set(k, new Map((await f()).map((p) => [p, cpuSeconds(p)])));
    const proxyBefore = process.cpuUsage();
    const report = await run(base, page, SECONDS);
    const proxyAfter = process.cpuUsage(proxyBefore);
    const cpu: Record<string, number> = {};
    for (const [k, f] of Object.entries(parts)) {
      const now = await f();
      cpu[k] = now.reduce((sum, p) => sum + cpuSeconds(p) - (before.get(k)?.get(p) ?? 0), 0) / report.seconds;
    }
    cpu.wrk = report.cpuSeconds / report.seconds;
    if (proxy) cpu.proxy = (proxyAfter.user + proxyAfter.system) / 1e6 / report.seconds;
    return {
      rps: report.requests / report.seconds,
      p50: report.p50,
      p95: report.p95,
      failed: report.non2xx + report.socketErrors,
      cpu,
    } satisfies Result;
  }

  async function run(base: string, page: string, seconds: number) {
    const args = ["-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--timeout", "10s"];
    args.push("-s", path.join(root, "bench", "wrk-report.lua"), "-H", `Cookie: ${cookie}`, `${base}${page}`);
    // Through bash, whose `times` prints the CPU its child (wrk) used: wrk is gone before /proc could be read.
    const output = await new Promise<string>((resolve, reject) => {
      const wrk = spawn("bash", ["-c", 'wrk "$@" && times', "wrk", ...args], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      wrk.stdout.on("data", (c: Buffer) => (out += c.toString()));
      wrk.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}: ${out}`))));
    });
    const line = output.split("\n").find((l) => l.startsWith("{"));
    if (!line) throw new Error(`no report from wrk:\n${output}`);
    // `times`: the shell's own user and system time, then its children's ("0m1.230s 0m0.450s").
    const children = output.trim().split("\n").at(-1) ?? "";
    const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
      (s, m) => s + Number(m[1]) * 60 + Number(m[2]),
      0,
    );
    const report = JSON.parse(line) as {
      requests: number;
      seconds: number;
      non2xx: number;
      socketErrors: number;
      p50: number;
      p95: number;
    };
    return { ...report, cpuSeconds };
  }

  const pidOf = (server: AppServer) => () => {
    const pid = server.child()?.pid;
    return pid ? [pid] : [];
  };
  const results: { setup: string; page: string; result: Result }[] = [];
  const load1 = loadavg()[0];
  for (let round = 0; round < ROUNDS; round++) {
    for (const page of pages) {
      results.push({
        setup: "A alone, direct",
        page: page.name,
        result: await load(a.base, page.path, { nodeA: pidOf(a), postgres: backends }),
      });
    }
    proxy = await startReverseProxy({ port: PORT + 2, upstreams: [a.base] });
    for (const page of pages) {
      results.push({
        setup: "A alone, behind the proxy",
        page: page.name,
        result: await load(proxy.base, page.path, {
          nodeA: pidOf(a),
          postgres: backends,
        }),
      });
    }
    await proxy.close();
    if (!b.child()) await b.start(env);
    proxy = await startReverseProxy({ port: PORT + 2, upstreams: [a.base, b.base] });
    for (const page of pages) {
      results.push({
        setup: "A and B, behind the proxy",
        page: page.name,
        result: await load(proxy.base, page.path, {
          nodeA: pidOf(a),
          nodeB: pidOf(b),
          postgres: backends,
        }),
      });
    }
    await proxy.close();
    proxy = null;
    await b.stop();
  }

  const cores = (cpu: Record<string, number>) =>
    ["nodeA", "nodeB", "proxy", "postgres", "wrk"]
      .map((k) => (cpu[k] === undefined ? "" : cpu[k].toFixed(2)))
      .join(" | ");
  console.log(
    `\n${cpus().length} cores, load average ${load1.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end; ` +
      `wrk -t1 -c${CONNECTIONS} -d${SECONDS}s; CPU in cores busy (CPU seconds per second)\n`,
  );
  console.log(
    "| page | setup | req/s | p50 ms | p95 ms | failed | node A | node B | proxy | postgres | wrk | CPU ms per request: node / proxy / postgres |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const { setup, page, result: r } of results) {
    // What a request costs each part, the figure that carries over to a host with more cores.
    const perRequest = (cores: number) => ((cores / r.rps) * 1000).toFixed(1);
    const node = (r.cpu.nodeA ?? 0) + (r.cpu.nodeB ?? 0);
    console.log(
      `| ${page} | ${setup} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.failed} | ${cores(r.cpu)} | ` +
        `${perRequest(node)} / ${perRequest(r.cpu.proxy ?? 0)} / ${perRequest(r.cpu.postgres ?? 0)} |`,
    );
  }
  for (const page of pages) {
    const one = results.filter((x) => x.page === page.name && x.setup === "A alone, direct");
    const two = results.filter((x) => x.page === page.name && x.setup === "A and B, behind the proxy");
    const mean = (list: typeof one) => list.reduce((s, x) => s + x.result.rps, 0) / list.length;
    console.log(`${page.name}: two servers / one = ${(mean(two) / mean(one)).toFixed(2)}`);
  }
} finally {
  await proxy?.close();
  await monitor.end();
  await b.destroy();
  await a.destroy();
}
