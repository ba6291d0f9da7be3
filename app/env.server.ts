/**
 * The environment, read and checked once. Only `publicEnv` may reach the
 * browser; everything else stays on the server.
 */
import path from "node:path";

import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(".data"),
  SESSION_SECRET: z.string().min(16).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Quotient <no-reply@quotient.test>"),
  APP_URL: z.string().url().optional(),
  SEED_DEMO: z.enum(["0", "1"]).optional(),
  SECURE_COOKIES: z.enum(["0", "1"]).optional(),
  // Read by app/logging.server.ts when it loads; listed here so a typo fails at start.
  // The bearer token Prometheus sends to /metrics; unset, /metrics does not exist (404). Long enough not to be guessed.
  METRICS_TOKEN: z.string().min(24, "METRICS_TOKEN must be at least 24 characters").optional(),
  // How often the scheduled work (closing deadlines, reminders) runs, once per tick across every server.
  SCHEDULED_WORK_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

export type Env = z.infer<typeof schema> & { dataDir: string; mailDir: string; appUrl: string };

let cached: Env | undefined;

/**
 * `DATABASE_URL=` (set, but to nothing) means unset, as most tools read it:
 * a variable blanked in a shell, a .env file or a compose file must fall
 * back to its default rather than stop the start with "Invalid URL".
 */
export function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
}

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(withoutEmpty(process.env));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  cached = {
    ...env,
    dataDir,
    mailDir: path.join(dataDir, "mail"),
    appUrl: env.APP_URL ?? `http://localhost:${env.PORT}`,
  };
  return cached;
}

/** A link for a mail: mails leave the site, so their links must be absolute. */
export function absoluteUrl(pathname: string): string {
  return new URL(pathname, getEnv().appUrl).toString();
}
