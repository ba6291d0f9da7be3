/**
 * Structured logs (pino, JSON lines on stdout). Every line written while a
 * request is handled carries that request's id, taken from an
 * AsyncLocalStorage the HTTP server (server.mjs) opens per request, so code
 * deep in a model logs with `logger` and still says which request it served.
 *
 * Secrets never reach a line: passwords, cookies, session ids and quote
 * prices are censored by key wherever they sit in a logged object, and
 * request URLs are logged without their query string.
 */
import { AsyncLocalStorage } from "node:async_hooks";

import pino from "pino";

export interface RequestScope {
  requestId: string;
  /** Set when a loader or action of this request failed because the database was unreachable. */
  databaseUnavailable?: boolean;
  /** Answers worked out once for the whole request (see `oncePerRequest`). */
  memo?: Map<string, Promise<unknown>>;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * `make()` once per HTTP request and key: a page's root loader and route
 * loader run in the same request and both need the signed-in user. Outside
 * a request (tests, jobs) it simply calls `make()`. A rejected answer is not
 * kept, so a later caller tries again.
 */
export function oncePerRequest<T>(key: string, make: () => Promise<T>): Promise<T> {
  const scope = requestScope.getStore();
  if (!scope) return make();
  scope.memo ??= new Map();
  const known = scope.memo.get(key);
  if (known) return known as Promise<T>;
  const made = make();
  scope.memo.set(key, made);
  made.catch(() => scope.memo?.delete(key));
  return made;
}

/** What server.mjs hands every loader and action as `context`. */
export interface QuotientLoadContext {
  requestId: string;
  /** The peer address of the connection (no proxy headers are trusted). */
  clientAddress: string;
  /** The nonce of this response's Content-Security-Policy, for inline scripts. */
  cspNonce: string;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation
  interface AppLoadContext extends QuotientLoadContext {}
}

const SECRET_KEYS = [
  "password",
  "passwordHash",
  "password_hash",
  "newPassword",
  "cookie",
  "Cookie",
  "set-cookie",
  "sessionId",
  "session_id",
  "authorization",
  "unitPrice",
  "unit_price",
  "lineTotal",
  "line_total",
  "subtotal",
  "freight",
  "otherCharges",
  "other_charges",
  "prices",
  "lines",
  "SESSION_SECRET",
  "DATABASE_URL",
];

export const REDACT_PATHS = [
  ...SECRET_KEYS.map((k) => (k.includes("-") ? `["${k}"]` : k)),
  ...SECRET_KEYS.map((k) => (k.includes("-") ? `*["${k}"]` : `*.${k}`)),
  ...SECRET_KEYS.map((k) => (k.includes("-") ? `*.*["${k}"]` : `*.*.${k}`)),
];

export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "warn" : "info"),
      base: { service: "quotient" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      mixin() {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export const logger = createLogger();

/** The request id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}
