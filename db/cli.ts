/**
 * Database commands: `tsx db/cli.ts migrate | seed`. Uses DATABASE_URL when
 * set, the embedded database under DATA_DIR (default .data) otherwise.
 */
import { getDbHandle } from "../app/db.server";

import { seedDemo } from "./seed.server";

const command = process.argv[2];
const handle = await getDbHandle();
try {
  if (command === "migrate") {
    console.log(`Migrated ${handle.kind} (${handle.location}).`);
  } else if (command === "seed") {
    await seedDemo(handle.db, { log: (line) => console.log(line) });
  } else {
    console.log("Usage: tsx db/cli.ts migrate|seed");
    process.exitCode = 2;
  }
} finally {
  await handle.close();
}
