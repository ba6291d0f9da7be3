/**
 * One way to get a Kysely instance: real Postgres through `pg` when a
 * connection string is given (DATABASE_URL), embedded PGlite otherwise.
 * Both speak the same SQL and run the same migrations; both return numeric
 * and bigint as strings and date as "YYYY-MM-DD" so money never passes
 * through a float and dates never shift by time zone.
 */
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";

import type { Database } from "./schema";

/** The database, or a transaction on it: Kysely gives both the same query API. */
export type Db = Kysely<Database>;
/** A transaction, for code that must run inside one (locks, several writes as one). */
export type Trx = Transaction<Database>;

export interface DbHandle {
  db: Db;
  kind: "postgres" | "pglite";
  /** Where the data lives, for messages ("postgres://…/quotient" or a folder, or "memory"). */
  location: string;
  /** How full the connection pool is (Postgres only; PGlite is one session). */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

const PG_TYPES = { int8: 20, date: 1082, numeric: 1700 } as const;
const asString = (value: string) => value;

export interface PostgresOptions {
  max?: number;
  /**
   * A role every connection of the pool runs as (`-c role=...` at connect,
   * so RESET ROLE comes back to it): the application's `quotient_app`,
   * which owns nothing (db/app-role.server.ts). Unset: the login's own role.
   */
  role?: string;
  /** Told the duration of every query, and whether it failed (for metrics). */
  onQuery?: (milliseconds: number, failed: boolean) => void;
}

export function createPostgres(connectionString: string, options: PostgresOptions = {}): DbHandle {
  if (options.role !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.role)) {
    throw new Error(`not a plain role name: ${options.role}`);
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    ...(options.role ? { options: `-c role=${options.role}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === PG_TYPES.int8 || oid === PG_TYPES.date || oid === PG_TYPES.numeric
          ? asString
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", (error) => console.error("postgres pool error", error.message));
  // A client in use has no listener of the pool's: without this, a connection
  // dropped mid-query (Postgres restarted, network cut) would be an uncaught
  // error that ends the process; the query itself already rejects.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const onQuery = options.onQuery;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(onQuery ? { log: (event) => onQuery(event.queryDurationMillis, event.level === "error") } : {}),
  });
  return {
    db,
    kind: "postgres",
    location: redactPassword(connectionString),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

/** Embedded Postgres (WASM) in a folder, or in memory when dataDir is undefined. */
export async function createPglite(dataDir?: string): Promise<DbHandle> {
  const [{ PGlite }, { PGliteDialect }, { pg_trgm }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("kysely-pglite-dialect"),
    // Trigram indexes serve the "contains" searches, as on Postgres (decision 036).
    import("@electric-sql/pglite/contrib/pg_trgm"),
  ]);
  // Options go in one object: PGlite.create(dataDir, options) ignores `parsers`.
  const pglite = await PGlite.create({
    dataDir,
    extensions: { pg_trgm },
    parsers: {
      [PG_TYPES.int8]: asString,
      [PG_TYPES.date]: asString,
      [PG_TYPES.numeric]: asString,
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: "pglite", location: dataDir ?? "memory", close: () => db.destroy() };
}

export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres";
  }
}
