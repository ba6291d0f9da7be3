/**
 * Backup and restore of the whole database, for both kinds the app runs on:
 * Postgres with pg_dump/pg_restore (custom format: compressed, restorable
 * into an empty or an existing database in one transaction), the embedded
 * database with PGlite's own data-folder dump (a .tar.gz). The app server
 * must be stopped for the embedded kind: PGlite has one user at a time.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type Target = { databaseUrl: string } | { dataDir: string };

export async function backupDatabase(target: Target, file: string): Promise<void> {
  if ("databaseUrl" in target) {
    await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, target.databaseUrl]);
    return;
  }
  if (!existsSync(target.dataDir)) throw new Error(`no embedded database at ${target.dataDir}`);
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create({ dataDir: target.dataDir });
  try {
    const dump = await pglite.dumpDataDir("gzip");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
}

/**
 * Restores a backup. Postgres: into the database named by the URL, replacing
 * the objects the backup holds, all or nothing (`--single-transaction`).
 * Embedded: into an empty or missing data folder (never over live data).
 */
export async function restoreDatabase(target: Target, file: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`no backup file ${file}`);
  if ("databaseUrl" in target) {
    await run("pg_restore", [
      "--clean",
      "--if-exists",
      "--no-owner",
      "--no-privileges",
      "--single-transaction",
      "--exit-on-error",
      `--dbname=${target.databaseUrl}`,
      file,
    ]);
    return;
  }
  if (existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0) {
    throw new Error(`${target.dataDir} is not empty: restore into a new folder, then point DATA_DIR at it`);
  }
  mkdirSync(path.dirname(target.dataDir), { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create({ dataDir: target.dataDir, loadDataDir: new Blob([readFileSync(file)]) });
  await pglite.close();
}
