/**
 * The captured statements of each Quotient page (BENCH_SQL_FILE, written by
 * bench/pages.ts) and one pool on the same database, as the same role, with
 * the same size as the app's.
 */
import { readFileSync } from "node:fs";

import pg from "pg";

export type Statement = { text: string; values: unknown[] };

const pages: Record<string, Statement[]> = JSON.parse(readFileSync(process.env.BENCH_SQL_FILE ?? "", "utf8"));
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.BENCH_POOL_MAX || 10),
  options: process.env.BENCH_ROLE ? `-c role=${process.env.BENCH_ROLE}` : undefined,
});

/** Runs a page's statements in order, as the app does, and returns the rows of each. */
export async function replay(page: string): Promise<Record<string, unknown>[][] | null> {
  const statements = pages[page];
  if (!statements) return null;
  const client = await pool.connect();
  try {
    const results: Record<string, unknown>[][] = [];
    for (const s of statements) results.push((await client.query(s.text, s.values)).rows);
    return results;
  } finally {
    client.release();
  }
}
