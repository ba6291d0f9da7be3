/**
 * Once per vitest run: a database migrated and granted like a started app's,
 * which every test file's database is copied from (CREATE DATABASE ...
 * TEMPLATE), far faster than running every migration again per file. A
 * fresh one each run, so it always has the migrations of this checkout;
 * dropped at the end. Without Postgres there is nothing to copy: the files
 * migrate their own PGlite.
 */
import { randomBytes } from "node:crypto";

import pg from "pg";

import { prepareAsOwner } from "../../db/app-role.server";
import { ADMIN_URL, postgresReachable, TEMPLATE_ENV, waitForSessionsToEnd } from "../support/test-db";

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!(await postgresReachable())) return undefined;
  // Named like the files' own, so a run killed before its teardown leaves something the sweep drops.
  const name = `quotient_test_template_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await prepareAsOwner(url.toString());
  // A template with a session still open cannot be copied.
  await waitForSessionsToEnd(url.toString());
  // Forked test workers inherit the environment of this process.
  process.env[TEMPLATE_ENV] = name;
  return async () => {
    delete process.env[TEMPLATE_ENV];
    const drop = new pg.Client({ connectionString: ADMIN_URL });
    await drop.connect();
    try {
      await drop.query(`drop database if exists "${name}" with (force)`);
    } finally {
      await drop.end();
    }
  };
}
