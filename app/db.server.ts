/**
 * The one database handle of this process, kept across dev rebuilds.
 * Postgres when DATABASE_URL is set, embedded PGlite under DATA_DIR otherwise.
 * On Postgres the migrations run as the login of DATABASE_URL (the tables'
 * owner), and the application's queries as the role `quotient_app`, which
 * may only insert and read the audit log and owns nothing
 * (docs/decisions/015-database-roles.md). PGlite has one user: there the
 * database's triggers alone keep the audit log append-only.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";

import { createPglite, createPostgres, type Db, type DbHandle } from "../db/client.server";
import { APP_ROLE, prepareAsOwner } from "../db/app-role.server";
import { migrateToLatest } from "../db/migrate.server";

import { getEnv } from "./env.server";
import { observeQuery } from "./metrics.server";

declare global {
  var __quotientDb: Promise<DbHandle> | undefined;
}

async function open(): Promise<DbHandle> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    await prepareAsOwner(env.DATABASE_URL);
    return createPostgres(env.DATABASE_URL, { role: APP_ROLE, onQuery: observeQuery });
  }
  const dir = path.join(env.dataDir, "pglite");
  mkdirSync(dir, { recursive: true });
  const handle = await createPglite(dir);
  await migrateToLatest(handle.db);
  return handle;
}

export function getDbHandle(): Promise<DbHandle> {
  globalThis.__quotientDb ??= open().catch((error: unknown) => {
    globalThis.__quotientDb = undefined;
    throw error;
  });
  return globalThis.__quotientDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // Postgres: admin_shutdown, crash_shutdown, cannot_connect_now, and the connection_exception class.
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection error/i,
  /not queryable/i,
  /ECONNREFUSED|ECONNRESET/,
];

/**
 * True when an error means "the database cannot be reached right now"
 * rather than "this query is wrong": such a request deserves a 503 and a
 * retry, not a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e !== "object") return false;
    const code = "code" in e && typeof e.code === "string" ? e.code : null;
    if (code && UNAVAILABLE_CODES.has(code)) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    const message = e instanceof Error ? e.message : "";
    if (UNAVAILABLE_MESSAGES.some((m) => m.test(message))) return true;
    e = "cause" in e ? e.cause : null;
  }
  return false;
}
