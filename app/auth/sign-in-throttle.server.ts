/**
 * Sign-in throttling per account and per address. Attempts are rows in the
 * database, not counters in memory, so the limit holds across server
 * processes and restarts. A success clears the account's count (failures
 * before it no longer matter) but not the address's, so one good password
 * does not open the door to guessing others from the same place.
 *
 * An attempt takes its slot before the password is checked: the check is a
 * slow hash, and counting only afterwards let fifty parallel guesses all
 * pass the count before the first was written. `reserveSignInAttempt` counts
 * and writes the attempt (as a failure) under a lock per account and per
 * address, and a success turns it into one afterwards.
 */
import { sql } from "kysely";

import type { Db, Trx } from "../../db/client.server";
import { msgWith } from "~/i18n/config";

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface ThrottleVerdict {
  allowed: boolean;
  /** When refused: whole seconds until the next attempt is accepted. */
  retryAfterSeconds: number;
}

function normalise(email: string): string {
  return email.trim().toLowerCase();
}

async function waitFor(db: Db | Trx, column: "email" | "address", value: string, limit: number, now: Date) {
  let since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  if (column === "email") {
    const last = await db
      .selectFrom("sign_in_attempts")
      .select("created_at")
      .where("email", "=", value)
      .where("succeeded", "=", true)
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst();
    if (last && new Date(last.created_at) > since) since = new Date(last.created_at);
  }
  // The limit-th most recent failure decides when the window frees a slot.
  const rows = await db
    .selectFrom("sign_in_attempts")
    .select("created_at")
    .where(column, "=", value)
    .where("succeeded", "=", false)
    .where("created_at", ">", since)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  if (rows.length < limit) return 0;
  const oldest = new Date(rows[rows.length - 1].created_at).getTime();
  return Math.max(1, Math.ceil((oldest + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
}

/** The verdict alone; it must not decide an attempt by itself (see the header): use `reserveSignInAttempt`. */
async function checkSignInThrottle(
  db: Db | Trx,
  attempt: { email: string; address: string },
  now = new Date(),
): Promise<ThrottleVerdict> {
  const [account, address] = await Promise.all([
    waitFor(db, "email", normalise(attempt.email), MAX_FAILURES_PER_ACCOUNT, now),
    waitFor(db, "address", attempt.address, MAX_FAILURES_PER_ADDRESS, now),
  ]);
  const wait = Math.max(account, address);
  return { allowed: wait === 0, retryAfterSeconds: wait };
}

export type Reservation = ThrottleVerdict & { attemptId: string | null };

/**
 * Checks the throttle and, when allowed, records the attempt as a failure,
 * atomically: concurrent attempts for the same account or from the same
 * address wait for each other's count and write (transaction-scoped
 * advisory locks, account first then address, so two never wait on each
 * other in a circle). Call `settleSignInAttempt` once the password is known
 * good; until then the attempt counts against both limits.
 */
export async function reserveSignInAttempt(
  db: Db,
  attempt: { email: string; address: string },
  now = new Date(),
): Promise<Reservation> {
  const email = normalise(attempt.email);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:email:${email}`}, 0))`.execute(trx);
    await sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:address:${attempt.address}`}, 0))`.execute(trx);
    const verdict = await checkSignInThrottle(trx, attempt, now);
    if (!verdict.allowed) return { ...verdict, attemptId: null };
    const row = await trx
      .insertInto("sign_in_attempts")
      .values({ email, address: attempt.address, succeeded: false, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ...verdict, attemptId: row.id };
  });
}

/** Marks a reserved attempt as the success it turned out to be. */
export async function settleSignInAttempt(db: Db, attemptId: string): Promise<void> {
  await db.updateTable("sign_in_attempts").set({ succeeded: true }).where("id", "=", attemptId).execute();
}

/** "Too many failed sign-ins…" with the wait in words a person can act on. */
export function throttleMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  if (retryAfterSeconds < 60)
    return msgWith("Too many failed sign-in attempts. Please wait {{seconds}} seconds before trying again.", {
      seconds: retryAfterSeconds,
    });
  return msgWith("Too many failed sign-in attempts. Please wait {{count}} minutes before trying again.", {
    count: minutes,
  });
}
