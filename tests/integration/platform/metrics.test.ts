/**
 * /metrics over HTTP against the built server (`npx remix build` first):
 * refused without the bearer token, absent when no token is configured, and
 * after a few page views it holds request durations labelled by Remix
 * route id (never by URL), the pool, query times, the job queue, the
 * outbox and the process's memory. The request log names the route too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";

const TOKEN = "metrics-token-for-tests-0123456789";

let app: AppServer;
let bare: AppServer;

beforeAll(async () => {
  [app, bare] = await Promise.all([createAppServer("metrics"), createAppServer("metrics-off")]);
  await Promise.all([app.start({ METRICS_TOKEN: TOKEN }), bare.start()]);
}, 180_000);

afterAll(async () => {
  await Promise.all([app?.destroy(), bare?.destroy()]);
});

const scrape = (server: AppServer, authorization?: string) =>
  http(server.base, "GET", "/metrics", { headers: authorization ? { Authorization: authorization } : {} });

/** The value of one series, by its name and exact labels as Prometheus prints them. */
function value(text: string, series: string): number | null {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe("/metrics", () => {
  it("does not exist when no token is configured", async () => {
    const response = await scrape(bare, `Bearer ${TOKEN}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("quotient_http_request_duration_seconds");
  });

  it("refuses a scrape without the token or with a wrong one", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const response = await scrape(app, authorization);
      expect(response.status, String(authorization)).toBe(401);
      const body = await response.text();
      expect(body).not.toContain("quotient_");
      expect(body).not.toContain("process_");
    }
  });

  it("counts requests by route id, the database, the queue, the outbox and memory", async () => {
    const cookie = await signInOverHttp(app.base, "buyer@acme.test");
    const po = await app.withDb((db) =>
      db.selectFrom("purchase_orders").select("id").orderBy("number").executeTakeFirstOrThrow(),
    );
    for (let i = 0; i < 3; i++) {
      expect((await http(app.base, "GET", "/rfqs", { cookie })).status).toBe(200);
      expect((await http(app.base, "GET", `/pos/${po.id}`, { cookie })).status).toBe(200);
      expect((await http(app.base, "GET", `/pos/${po.id}.data`, { cookie })).status).toBe(200);
    }
    const response = await scrape(app, `Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();

    // One series per route: the three views of one PO (two pages, one data request) share theirs.
    const count = (route: string) =>
      value(text, `quotient_http_request_duration_seconds_count{method="GET",route="${route}",status="200"}`);
    expect(count("routes/rfqs._index")).toBe(3);
    expect(count("routes/pos.$id._index")).toBe(6);
    expect(count("routes/login")).toBeNull();
    expect(
      value(text, `quotient_http_request_duration_seconds_count{method="POST",route="routes/login",status="302"}`),
    ).toBe(1);
    expect(text).not.toContain(po.id);

    expect(value(text, 'quotient_db_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(value(text, 'quotient_db_pool_connections{state="waiting"}')).toBe(0);
    expect(value(text, 'quotient_db_query_duration_seconds_count{outcome="ok"}')).toBeGreaterThan(10);
    expect(value(text, "quotient_jobs_pending")).toBeGreaterThanOrEqual(0);
    expect(value(text, "quotient_jobs_oldest_due_age_seconds")).toBeGreaterThanOrEqual(0);
    for (const status of ["pending", "sending", "sent", "failed"]) {
      expect(value(text, `quotient_outbox_messages{status="${status}"}`), status).not.toBeNull();
    }
    expect(value(text, "quotient_outbox_oldest_pending_age_seconds")).toBeGreaterThanOrEqual(0);
    expect(value(text, "process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(value(text, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  });

  it("shows a failed mail and the backlog in the outbox series", async () => {
    await app.withDb(async (db) => {
      await db
        .insertInto("email_outbox")
        .values([
          {
            to_address: "stuck@example.test",
            subject: "Stuck",
            text_body: "x",
            status: "failed",
            attempts: 5,
            last_error: "refused",
          },
        ])
        .execute();
    });
    const text = await (await scrape(app, `Bearer ${TOKEN}`)).text();
    expect(value(text, 'quotient_outbox_messages{status="failed"}')).toBeGreaterThanOrEqual(1);
  });

  it("logs each request with its route id and duration", async () => {
    await http(app.base, "GET", "/rfqs", { headers: { "X-Request-Id": "metrics-log-check" } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const line = app
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg?: string; requestId?: string; route?: string; ms?: number; path?: string })
      .find((l) => l.msg === "request" && l.requestId === "metrics-log-check");
    expect(line).toMatchObject({ route: "routes/rfqs._index", path: "/rfqs" });
    expect(typeof line?.ms).toBe("number");
  });
});
