/**
 * What Prometheus scrapes at /metrics (docs/decisions/033-metrics-and-several-servers.md):
 * request durations per Remix route, the database pool and query times,
 * the job queue and the outbox, and the process itself (memory, CPU,
 * event-loop lag: prom-client's default metrics).
 *
 * Requests are labelled with the id of the Remix route that answered them
 * ("routes/pos.$id._index"), never with the URL: a label per purchase-order
 * id would grow without end and drown the server that keeps the series.
 *
 * The HTTP server (server.mjs) observes requests and serves the page; the
 * database client reports query times; the background jobs say how deep
 * their queue is. The queue and the outbox are counted when scraped, not
 * kept up to date by every change.
 */
import { timingSafeEqual } from "node:crypto";

import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { sql } from "kysely";
import client from "prom-client";

import type { Db } from "../db/client.server";

import { logger } from "./logging.server";

/** How full the database pool is, as pg's Pool counts it. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** Jobs waiting to run: how many, and the oldest that is due (seconds it has waited, 0 when none is due). */
export interface JobStats {
  pending: number;
  oldestDueAgeSeconds: number;
}

interface Sources {
  db?: () => Promise<Db>;
  pool?: () => PoolStats | null;
  jobs?: () => Promise<JobStats | null>;
}

interface Metrics {
  registry: client.Registry;
  requestDuration: client.Histogram<"method" | "route" | "status">;
  queryDuration: client.Histogram<"outcome">;
  sources: Sources;
  collectBacklog(): Promise<void>;
}

declare global {
  var __quotientMetrics: Metrics | undefined;
}

/** One registry per process, kept across dev rebuilds (a second registration of a name throws). */
function metrics(): Metrics {
  if (globalThis.__quotientMetrics) return globalThis.__quotientMetrics;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const sources: Sources = {};
  const requestDuration = new client.Histogram({
    name: "quotient_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method, Remix route id and status code.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const queryDuration = new client.Histogram({
    name: "quotient_db_query_duration_seconds",
    help: "Time of one database query as the application waited for it, by outcome (ok or error).",
    labelNames: ["outcome"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  new client.Gauge({
    name: "quotient_db_pool_connections",
    help: "Connections of this process's database pool: total open, idle, and requests waiting for one.",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const stats = sources.pool?.();
      if (!stats) return;
      this.set({ state: "total" }, stats.total);
      this.set({ state: "idle" }, stats.idle);
      this.set({ state: "waiting" }, stats.waiting);
    },
  });
  const jobsPending = new client.Gauge({
    name: "quotient_jobs_pending",
    help: "Background jobs waiting to run (graphile-worker), due now or later.",
    registers: [registry],
  });
  const jobsAge = new client.Gauge({
    name: "quotient_jobs_oldest_due_age_seconds",
    help: "How long the oldest job that is due has waited to start; 0 when none is due.",
    registers: [registry],
  });
  const outbox = new client.Gauge({
    name: "quotient_outbox_messages",
    help: "Mails in the outbox by status: pending and sending are the backlog, failed gave up after their last attempt.",
    labelNames: ["status"] as const,
    registers: [registry],
  });
  const outboxAge = new client.Gauge({
    name: "quotient_outbox_oldest_pending_age_seconds",
    help: "How long the oldest mail still to be sent has waited since it was written; 0 when none waits.",
    registers: [registry],
  });
  const scrapeErrors = new client.Counter({
    name: "quotient_metrics_collect_errors_total",
    help: "Scrapes in which the outbox or the job queue could not be counted (the database did not answer).",
    labelNames: ["source"] as const,
    registers: [registry],
  });
  // Read once per scrape, together, so a scrape costs two small queries whatever else it reports.
  const collectBacklog = async () => {
    const [jobs, mail] = await Promise.allSettled([
      sources.jobs?.() ?? Promise.resolve(null),
      sources.db ? outboxBacklog(await sources.db()) : Promise.resolve(null),
    ]);
    if (jobs.status === "fulfilled" && jobs.value) {
      jobsPending.set(jobs.value.pending);
      jobsAge.set(jobs.value.oldestDueAgeSeconds);
    } else if (jobs.status === "rejected") {
      scrapeErrors.inc({ source: "jobs" });
      logger.warn({ err: jobs.reason }, "metrics: could not count the job queue");
    }
    if (mail.status === "fulfilled" && mail.value) {
      for (const status of ["pending", "sending", "sent", "failed"] as const) {
        outbox.set({ status }, mail.value.counts[status] ?? 0);
      }
      outboxAge.set(mail.value.oldestPendingAgeSeconds);
    } else if (mail.status === "rejected") {
      scrapeErrors.inc({ source: "outbox" });
      logger.warn({ err: mail.reason }, "metrics: could not count the outbox");
    }
  };
  globalThis.__quotientMetrics = { registry, requestDuration, queryDuration, sources, collectBacklog };
  return globalThis.__quotientMetrics;
}

async function outboxBacklog(db: Db) {
  // Grouped by status: "sent" rows are many, but the count comes from one pass of the status index.
  const rows = await sql<{ status: string; n: string; oldest: string | null }>`
    select status, count(*)::text as n,
      extract(epoch from now() - min(created_at) filter (where status in ('pending', 'sending')))::text as oldest
    from email_outbox group by status`.execute(db);
  const counts: Record<string, number> = {};
  let oldestPendingAgeSeconds = 0;
  for (const row of rows.rows) {
    counts[row.status] = Number(row.n);
    if (row.oldest !== null) oldestPendingAgeSeconds = Math.max(oldestPendingAgeSeconds, Number(row.oldest));
  }
  return { counts, oldestPendingAgeSeconds };
}

/** Where the scrape finds the database, its pool and the job queue; each is optional (PGlite has no pool). */
export function setMetricsSources(sources: Sources): void {
  Object.assign(metrics().sources, sources);
}

/** Called by the database client after each query. */
export function observeQuery(milliseconds: number, failed: boolean): void {
  metrics().queryDuration.observe({ outcome: failed ? "error" : "ok" }, milliseconds / 1000);
}

/** Called by the HTTP server when a response is finished (or the client went away). */
export function observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void {
  metrics().requestDuration.observe(
    { method: labels.method, route: labels.route, status: String(labels.status) },
    seconds,
  );
}

/** The text Prometheus reads, with its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry, collectBacklog } = metrics();
  await collectBacklog();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/**
 * True when the request carries `Authorization: Bearer <METRICS_TOKEN>`.
 * Compared in constant time, so the answer's timing does not spell the token.
 */
export function metricsAuthorized(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** A route of the Remix build, as `build.routes` lists it. */
export interface BuildRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}

/**
 * Turns a request path into the id of the Remix route that answers it, with
 * Remix's own matcher over the build's route tree. Data requests
 * (`/pos/1.data`, `/_root.data`) count under the page they load.
 */
export function routeMatcher(routes: Record<string, BuildRoute | undefined>): (pathname: string) => string {
  const byParent = new Map<string | undefined, BuildRoute[]>();
  for (const route of Object.values(routes)) {
    if (!route) continue;
    const siblings = byParent.get(route.parentId) ?? [];
    siblings.push(route);
    byParent.set(route.parentId, siblings);
  }
  const tree = (parentId: string | undefined): AgnosticRouteObject[] =>
    (byParent.get(parentId) ?? []).map((route) =>
      route.index
        ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
        : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: tree(route.id) },
    );
  const roots = tree(undefined);
  // matchRoutes ranks every route on each call: answers are kept per path shape (ids made alike), within a bound.
  const known = new Map<string, string>();
  return (pathname) => {
    if (pathname === "/_root.data") return "root";
    // Remix's route discovery (lazy route manifest): one label, or the catch-all route would count it.
    if (pathname === "/__manifest") return "__manifest";
    const page = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) || "/" : pathname;
    const shape = page.replace(ID_SEGMENT, "/~");
    const found = known.get(shape);
    if (found) return found;
    const route = matchRoutes(roots, shape)?.at(-1)?.route.id ?? "unmatched";
    if (known.size >= 5_000) known.clear();
    known.set(shape, route);
    return route;
  };
}

/** A path segment that is a record's id (a UUID or a number): no route names a static segment so. */
const ID_SEGMENT = /\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)(?=\/|$)/gi;
