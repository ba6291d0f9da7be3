/**
 * Preloaded into the built server by the page benchmark (`node --import`):
 * appends every statement the app sends to Postgres while answering an HTTP
 * request, with its values, as one JSON line to BENCH_SQL_LOG, so the
 * baselines replay exactly the SQL the pages run today. Statements of
 * background work (mail outbox, job queue) run outside any request and are
 * left out. Not loaded by the product.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync } from "node:fs";
import http from "node:http";

import pg from "pg";

const target = process.env.BENCH_SQL_LOG;
if (target) {
  const inRequest = new AsyncLocalStorage();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...args) {
    return event === "request"
      ? inRequest.run(true, () => emit.call(this, event, ...args))
      : emit.call(this, event, ...args);
  };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === "string" ? config : config?.text;
    const params = Array.isArray(values) ? values : config?.values;
    if (inRequest.getStore() && typeof text === "string") {
      appendFileSync(target, JSON.stringify({ text, values: params ?? [] }) + "\n");
    }
    return query.call(this, config, values, callback);
  };
}
