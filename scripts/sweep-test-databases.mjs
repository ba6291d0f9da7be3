/**
 * Drops test databases that an interrupted run left behind on the shared
 * Postgres (a killed vitest or Playwright never reaches its drop). Only
 * databases named like ours, older than a few hours and with nobody
 * connected are dropped, so a run going on beside this one keeps its own.
 */
import pg from "pg";

const ADMIN_URL =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const MAX_AGE_HOURS = Number(process.env.TEST_DB_MAX_AGE_HOURS || 3);

const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1500 });
try {
  await client.connect();
} catch {
  console.info("[sweep] no Postgres reachable; nothing to sweep");
  process.exit(0);
}
try {
  // A database's PG_VERSION file is written when it is created and never after.
  const { rows } = await client.query(
    `select d.datname
       from pg_database d
      where (d.datname like 'quotient\\_test\\_%' or d.datname like 'quotient\\_e2e\\_%')
        and (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - make_interval(hours => $1)
        and not exists (select 1 from pg_stat_activity a where a.datid = d.oid)`,
    [MAX_AGE_HOURS],
  );
  for (const { datname } of rows) {
    await client.query(`drop database if exists "${datname.replace(/"/g, '""')}"`);
  }
  console.info(`[sweep] dropped ${rows.length} stale test database(s) older than ${MAX_AGE_HOURS} h`);
} catch (error) {
  // Reading file times needs superuser (or pg_read_server_files); without it, skip quietly.
  console.info(`[sweep] skipped: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await client.end();
}
