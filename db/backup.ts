/**
 * `npx tsx db/backup.ts <file>`: dumps the database named by DATABASE_URL
 * (pg_dump, custom format), or the embedded one under DATA_DIR (default
 * .data; stop the server first) as a .tar.gz. Restore with db/restore.ts.
 */
import path from "node:path";

import { backupDatabase } from "./backup.server";

const file = process.argv[2];
if (!file) {
  console.log("Usage: tsx db/backup.ts <file>");
  process.exit(2);
}
const target = process.env.DATABASE_URL
  ? { databaseUrl: process.env.DATABASE_URL }
  : { dataDir: path.join(path.resolve(process.env.DATA_DIR || ".data"), "pglite") };
await backupDatabase(target, file);
console.log(`Backed up ${"databaseUrl" in target ? "Postgres" : target.dataDir} to ${file}.`);
