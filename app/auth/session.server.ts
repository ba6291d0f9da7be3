/**
 * Sessions live in the database; the browser holds only a signed, httpOnly
 * cookie with a random session id. A new id is made at every sign-in, and
 * sign-out deletes the row, so a stolen cookie dies with the session.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, mkdirSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";

import { createCookie, redirect } from "@remix-run/node";

import type { Db } from "../../db/client.server";
import type { Transaction } from "kysely";

import type { Database, OrgKind, Role } from "../../db/schema";
import { getDb } from "../db.server";
import { getEnv } from "../env.server";
import { safeRedirect } from "../utils/safe-redirect";

import type { Actor } from "./ability";
import { oncePerRequest } from "../logging.server";

const SESSION_HOURS = 8;

export interface CurrentUser extends Actor {
  email: string;
  name: string;
  orgName: string;
  orgKind: OrgKind;
  /** IANA time zone for showing instants: the person's own, or else their organisation's default. */
  timeZone: string;
  sessionId: string;
}

/** The server's secret: signs the cookies and keys what is stored encrypted (two-factor secrets). */
export function sessionSecret(): string {
  const env = getEnv();
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.NODE_ENV === "production" && env.DATABASE_URL) {
    throw new Error("SESSION_SECRET must be set in production");
  }
  // Development and the demo keep a random secret in the data folder so
  // sessions survive restarts without anyone choosing a secret.
  const file = path.join(env.dataDir, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(env.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  const env = getEnv();
  cookie ??= createCookie("quotient_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.SECURE_COOKIES
      ? env.SECURE_COOKIES === "1"
      : env.NODE_ENV === "production" && env.appUrl.startsWith("https:"),
    path: "/",
    maxAge: SESSION_HOURS * 3600,
    secrets: [sessionSecret()],
  });
  return cookie;
}

async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function findUserBySession(db: Db, sessionId: string): Promise<CurrentUser | null> {
  const rows = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .innerJoin("organisations", "organisations.id", "memberships.org_id")
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", new Date())
    .where("users.disabled_at", "is", null)
    .select([
      "users.id as userId",
      "users.email",
      "users.name",
      // Someone who chose no zone of their own reads instants in their organisation's.
      (eb) => eb.fn.coalesce("users.time_zone", "organisations.default_time_zone").as("timeZone"),
      "memberships.org_id as orgId",
      "memberships.role",
      "organisations.name as orgName",
      "organisations.kind as orgKind",
    ])
    .orderBy("memberships.created_at")
    .orderBy("memberships.role")
    .execute();
  const first = rows[0];
  if (!first) return null;
  // One membership row per role: the person acts in the organisation they joined first, with every role they hold there.
  const roles = rows.filter((r) => r.orgId === first.orgId).map((r) => r.role as Role);
  const { role: _role, ...person } = first;
  return { ...person, roles, sessionId };
}

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  // The root loader and the page's loader both ask; one query answers both.
  return oncePerRequest(`session:${sessionId}`, async () => findUserBySession(await getDb(), sessionId));
}

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
}

/** A fresh session for the person (the previous one, if any, ends); returns its id for `sessionCookieHeader`. */
export async function startSession(userId: string, previousSessionId?: string | null): Promise<string> {
  const db = await getDb();
  return db.transaction().execute((trx) => createSessionInTransaction(trx, userId, previousSessionId));
}

export async function createUserSession(options: {
  userId: string;
  redirectTo: string;
  previousSessionId?: string | null;
}): Promise<Response> {
  const id = await startSession(options.userId, options.previousSessionId);
  return redirect(safeRedirect(options.redirectTo, "/dashboard"), {
    headers: { "Set-Cookie": await sessionCookie().serialize(id) },
  });
}

/**
 * A fresh session written inside the caller's transaction (registration
 * creates the account and signs it in as one change); the previous session,
 * if any, ends with it. Send `sessionCookieHeader(id)` once committed.
 */
export async function createSessionInTransaction(
  trx: Transaction<Database>,
  userId: string,
  previousSessionId?: string | null,
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  if (previousSessionId) await trx.deleteFrom("sessions").where("id", "=", previousSessionId).execute();
  await trx
    .insertInto("sessions")
    .values({ id, user_id: userId, expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000) })
    .execute();
  return id;
}

export async function sessionCookieHeader(sessionId: string): Promise<string> {
  return sessionCookie().serialize(sessionId);
}

export async function destroyUserSession(request: Request): Promise<Response> {
  const sessionId = await readSessionId(request);
  if (sessionId) {
    const db = await getDb();
    await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
  }
  return redirect("/login", {
    headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) },
  });
}

export { readSessionId };

/**
 * The pending second step of a sign-in (two-factor): a separate, short-lived
 * cookie naming a `sign_in_challenges` row by a random token. It grants
 * nothing but the right to answer that step; the session cookie is only set
 * once the step passes.
 */
export const SIGN_IN_STEP_MINUTES = 10;

let stepCookie: ReturnType<typeof createCookie> | undefined;
function signInStepCookie() {
  const env = getEnv();
  stepCookie ??= createCookie("quotient_sign_in_step", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.SECURE_COOKIES
      ? env.SECURE_COOKIES === "1"
      : env.NODE_ENV === "production" && env.appUrl.startsWith("https:"),
    path: "/login",
    maxAge: SIGN_IN_STEP_MINUTES * 60,
    secrets: [sessionSecret()],
  });
  return stepCookie;
}

export async function readSignInStepToken(request: Request): Promise<string | null> {
  const value: unknown = await signInStepCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function signInStepCookieHeader(token: string): Promise<string> {
  return signInStepCookie().serialize(token);
}

export function clearSignInStepCookieHeader(): Promise<string> {
  return signInStepCookie().serialize("", { maxAge: 0 });
}
