/**
 * Two built servers (`npx remix build` first) on one Postgres database,
 * behind a round-robin reverse proxy on loopback (tests/support/reverse-proxy.ts),
 * as production runs them: a session made on one server is good on the
 * other, every queued mail reaches the SMTP server exactly once, the
 * scheduled work runs once per tick whichever server takes it, and a server
 * stopped with SIGTERM under load loses no GET the proxy can retry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { TestSmtpServer } from "../../factories/smtp-server";
import { createAppServer, http, signInOverHttp, freePort, type AppServer } from "../../support/app-server";
import { startReverseProxy, type ReverseProxy } from "../../support/reverse-proxy";

const smtp = new TestSmtpServer();
let a: AppServer;
let b: AppServer;
let proxy: ReverseProxy;

beforeAll(async () => {
  await smtp.start();
  a = await createAppServer("two-a");
  b = await createAppServer("two-b", { sharing: a });
  // One SESSION_SECRET for both, as every server of one site must have: a cookie is signed with it.
  const env = {
    SMTP_URL: smtp.url,
    SCHEDULED_WORK_SECONDS: "2",
    LOG_LEVEL: "info",
    SESSION_SECRET: "two-servers-share-this-session-secret",
  };
  // Both at once, as a deploy starts them: each migrates and grants on the same database.
  await Promise.all([a.start(env), b.start(env)]);
  proxy = await startReverseProxy({ port: await freePort(), upstreams: [a.base, b.base] });
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await b?.destroy();
  await a?.destroy();
  await smtp.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface JobLine {
  msg?: string;
  job?: { key?: string | null; task_identifier?: string };
}

/** The jobs a server's log says it completed, as [task, key]. */
function completedJobs(server: AppServer): [string, string][] {
  return server
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{") && l.includes("Completed task"))
    .map((l) => JSON.parse(l) as JobLine)
    .map((l) => [l.job?.task_identifier ?? "", l.job?.key ?? ""]);
}

describe("two servers on one database", () => {
  it("accept a session made on the other", async () => {
    const cookie = await signInOverHttp(a.base, "buyer@acme.test");
    const onB = await http(b.base, "GET", "/dashboard", { cookie });
    // Signed out, the page would redirect to /login.
    expect(onB.status).toBe(200);
    // Through the proxy, alternating servers, the same session serves every request.
    for (let i = 0; i < 4; i++) expect((await http(proxy.base, "GET", "/rfqs", { cookie })).status).toBe(200);
    expect(Object.keys(proxy.stats.byUpstream).sort()).toEqual([new URL(a.base).host, new URL(b.base).host].sort());
  });

  it("deliver every queued mail exactly once", async () => {
    const subjects = Array.from({ length: 40 }, (_, i) => `Two servers, mail ${i + 1}`);
    await a.withDb((db) =>
      db
        .insertInto("email_outbox")
        .values(subjects.map((subject) => ({ to_address: "someone@example.test", subject, text_body: subject })))
        .execute(),
    );
    const received = () =>
      smtp.received
        .map((m) => /^Subject: (.*)$/m.exec(m.raw.toString())?.[1]?.trim() ?? "")
        .filter((s) => s.startsWith("Two servers, mail "));
    await until(() => received().length >= subjects.length, 30_000, "the mail");
    // Both servers keep asking for delivery: a second delivery would show within a few rounds.
    await sleep(4_000);
    expect(received().sort()).toEqual([...subjects].sort());
    const rows = await a.withDb((db) =>
      db.selectFrom("email_outbox").where("subject", "like", "Two servers, mail %").select("status").execute(),
    );
    expect(rows.every((r) => r.status === "sent")).toBe(true);
  });

  it("run the scheduled work once per tick across both", async () => {
    const scheduled = () =>
      [...completedJobs(a), ...completedJobs(b)].filter(([task]) => task === "scheduled-work").map(([, key]) => key);
    const seen = scheduled().length;
    // Ticks every 2 s: after 9 s at least four have passed.
    await sleep(9_000);
    const keys = scheduled();
    expect(keys.length - seen).toBeGreaterThanOrEqual(3);
    // Besides the run each server may make as it starts (a catch-up, safe to repeat), every run is a
    // tick of the clock, and each tick runs on one server only.
    const tickKeys = keys.filter((k) => !k.endsWith("@start"));
    expect(new Set(tickKeys).size).toBe(tickKeys.length);
    const ticks = tickKeys.map((k) => Date.parse(k.split("@")[1])).sort((x, y) => x - y);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.every((t) => t % 2_000 === 0)).toBe(true);
  });

  it("lose no GET when one server stops under load", async () => {
    const cookie = await signInOverHttp(proxy.base, "buyer@acme.test");
    const po = await a.withDb((db) =>
      db.selectFrom("purchase_orders").select("id").orderBy("number").executeTakeFirstOrThrow(),
    );
    const paths = ["/rfqs", `/pos/${po.id}`, "/pos", `/pos/${po.id}.data`];
    const failures: string[] = [];
    let served = 0;
    let running = true;
    const client = async (n: number) => {
      for (let i = n; running; i++) {
        const path = paths[i % paths.length];
        const response = await http(proxy.base, "GET", path, { cookie }).catch((error: unknown) => error);
        if (response instanceof Response && response.status === 200) {
          await response.arrayBuffer();
          served += 1;
        } else {
          failures.push(`${path}: ${response instanceof Response ? response.status : String(response)}`);
        }
      }
    };
    const retriedBefore = proxy.stats.retried;
    const clients = Array.from({ length: 12 }, (_, n) => client(n));
    await until(() => served >= 10, 20_000, "the load to get going");
    const servedBeforeStop = served;
    const stopped = b.stop("SIGTERM");
    await sleep(4_000);
    running = false;
    await Promise.all(clients);
    expect(await stopped).toBe(0);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(servedBeforeStop + 5);
    // After the stop, the proxy found B gone and sent its share to A.
    expect(proxy.stats.retried).toBeGreaterThan(retriedBefore);
  });
});
