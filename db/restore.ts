/**
 * `npx tsx db/restore.ts <file>`: restores a backup made by db/backup.ts
 * into the database named by DATABASE_URL (all or nothing), or into the
 * embedded database under DATA_DIR (which must be empty or missing).
 */
import path from "node:path";

import { restoreDatabase } from "./backup.server";

const file = process.argv[2];
if (!file) {
  console.log("Usage: tsx db/restore.ts <file>");
  process.exit(2);
}
const target = process.env.DATABASE_URL
  ? { databaseUrl: process.env.DATABASE_URL }
  : { dataDir: path.join(path.resolve(process.env.DATA_DIR || ".data"), "pglite") };
await restoreDatabase(target, file);
console.log(`Restored ${file} into ${"databaseUrl" in target ? "Postgres" : target.dataDir}.`);
