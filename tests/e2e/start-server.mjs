/**
 * The server the browser tests talk to: the built app on a fresh database
 * (a new Postgres database when one is reachable, an embedded one in a
 * temporary folder otherwise), seeded with the demo data, sending its mail
 * over real SMTP to a server in this process that files each message under
 * test-results/e2e-<port>/mail/ for the tests to read.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import pg from "pg";
import { SMTPServer } from "smtp-server";

// One folder per port, so two runs side by side keep their mail and data apart.
const PORT = process.env.PORT || "3210";
const MAIL_DIR = path.resolve(`test-results/e2e-${PORT}/mail`);
const DATA_DIR = path.resolve(`test-results/e2e-${PORT}/data`);
const ADMIN_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

rmSync(MAIL_DIR, { recursive: true, force: true });
rmSync(DATA_DIR, { recursive: true, force: true });
mkdirSync(MAIL_DIR, { recursive: true });

let counter = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      counter += 1;
      const to = session.envelope.rcptTo.map((r) => r.address).join(",");
      writeFileSync(path.join(MAIL_DIR, `${String(counter).padStart(4, "0")}-${to}.eml`), Buffer.concat(chunks));
      callback();
    });
  },
});
await new Promise((resolve) => smtp.listen(0, "127.0.0.1", resolve));
const smtpPort = smtp.server.address().port;

let databaseUrl;
let dbName;
try {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1500 });
  await admin.connect();
  dbName = `quotient_e2e_${process.pid}`;
  await admin.query(`drop database if exists "${dbName}"`);
  await admin.query(`create database "${dbName}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  databaseUrl = url.toString();
  console.log(`[e2e] real Postgres, database ${dbName}`);
} catch {
  console.log("[e2e] no Postgres reachable: embedded PGlite");
}

// The pseudo-locale spec reads the data people typed from here, to tell it from text that skipped the catalogue.
writeFileSync(path.resolve(`test-results/e2e-${PORT}/database-url`), databaseUrl ?? "embedded");

const child = spawn(process.execPath, ["server.mjs"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATA_DIR,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    APP_URL: `http://127.0.0.1:${PORT}`,
    SESSION_SECRET: "e2e-session-secret-not-for-production",
    // A line per request and per job tick would bury a failure's own lines in the run's output.
    LOG_LEVEL: process.env.LOG_LEVEL || "warn",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  },
});

async function stop() {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  smtp.close();
  if (dbName) {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect().catch(() => undefined);
    await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
child.on("exit", (code) => {
  if (code !== 0 && code !== null) process.exit(code);
});
