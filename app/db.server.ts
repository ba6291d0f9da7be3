/**
 * The one database handle of this process, kept across dev rebuilds.
 * Postgres when DATABASE_URL is set, embedded PGlite under DATA_DIR otherwise.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";

import { createPglite, createPostgres, type Db, type DbHandle } from "../db/client.server";
import { migrateToLatest } from "../db/migrate.server";

import { getEnv } from "./env.server";

declare global {
  var __quotientDb: Promise<DbHandle> | undefined;
}

async function open(): Promise<DbHandle> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const handle = createPostgres(env.DATABASE_URL);
    await migrateToLatest(handle.db);
    return handle;
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
