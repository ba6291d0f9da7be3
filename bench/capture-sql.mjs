/**
 * Preloaded into the built server by the page benchmark (`node --import`):
 * appends every statement the app sends to Postgres, with its values, as one
 * JSON line to BENCH_SQL_LOG, so the baselines replay exactly the SQL the
 * pages run today. Not loaded by the product.
 */
import { appendFileSync } from "node:fs";

import pg from "pg";

const target = process.env.BENCH_SQL_LOG;
if (target) {
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === "string" ? config : config?.text;
    const params = Array.isArray(values) ? values : config?.values;
    if (typeof text === "string") appendFileSync(target, JSON.stringify({ text, values: params ?? [] }) + "\n");
    return query.call(this, config, values, callback);
  };
}
