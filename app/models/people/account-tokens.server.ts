/**
 * Single-use links about an account: confirming the address after sign-up,
 * resetting a password, accepting an invitation. A link carries a random
 * 32-byte token; only its SHA-256 is stored, so the table alone gives no
 * link away. A link works once (spending it is one conditional UPDATE, so
 * two clicks at the same moment cannot both succeed) and only until it
 * expires; a new link of the same purpose spends the older ones.
 */
import { createHash, randomBytes } from "node:crypto";

import type { Db, Trx } from "../../../db/client.server";
import type { AccountTokenPurpose } from "../../../db/schema";

/** How long each kind of link works: a reset is the most dangerous, an invitation waits for a colleague. */
export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  confirm_email: 24 * 3600_000,
  reset_password: 3600_000,
  invitation: 7 * 86_400_000,
};

/** How many links of one purpose a person may be sent per hour; more are silently not sent (no mail bombing). */
export const MAX_LINKS_PER_HOUR = 5;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A token looks like ours (43 base64url characters); anything else is not worth a query. */
export function wellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** A new link for `userId`, spending the older ones of the same purpose. Returns the raw token to mail. */
export async function issueToken(
  trx: Trx,
  { userId, purpose, at }: { userId: string; purpose: AccountTokenPurpose; at: Date },
): Promise<{ token: string; expiresAt: Date }> {
  await spendTokens(trx, { userId, purpose, at });
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(at.getTime() + TOKEN_LIFETIME_MS[purpose]);
  await trx
    .insertInto("account_tokens")
    .values({ user_id: userId, purpose, token_hash: hashToken(token), expires_at: expiresAt, created_at: at })
    .execute();
  return { token, expiresAt };
}

/** Whether `userId` was sent fewer than MAX_LINKS_PER_HOUR links of this purpose in the last hour. */
export async function mayIssueToken(
  db: Db | Trx,
  { userId, purpose, at }: { userId: string; purpose: AccountTokenPurpose; at: Date },
): Promise<boolean> {
  const row = await db
    .selectFrom("account_tokens")
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("created_at", ">", new Date(at.getTime() - 3600_000))
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n) < MAX_LINKS_PER_HOUR;
}

/** Spends every open link of this purpose (all purposes when none is named) of a person. */
export async function spendTokens(
  trx: Trx,
  { userId, purpose, at }: { userId: string; purpose?: AccountTokenPurpose; at: Date },
): Promise<void> {
  let query = trx.updateTable("account_tokens").set({ used_at: at }).where("user_id", "=", userId);
  if (purpose) query = query.where("purpose", "=", purpose);
  await query.where("used_at", "is", null).execute();
}

export type TokenState = "unknown" | "used" | "expired" | "ready";

export interface TokenLookup {
  state: TokenState;
  /** Set unless the token is unknown. */
  userId?: string;
  email?: string;
}

/** What a link leads to, without spending it. */
export async function readToken(
  db: Db | Trx,
  { token, purpose, at }: { token: string; purpose: AccountTokenPurpose; at: Date },
): Promise<TokenLookup> {
  if (!wellFormedToken(token)) return { state: "unknown" };
  const row = await db
    .selectFrom("account_tokens")
    .innerJoin("users", "users.id", "account_tokens.user_id")
    .where("account_tokens.token_hash", "=", hashToken(token))
    .where("account_tokens.purpose", "=", purpose)
    .select(["account_tokens.used_at", "account_tokens.expires_at", "users.id as userId", "users.email"])
    .executeTakeFirst();
  if (!row) return { state: "unknown" };
  const state: TokenState = row.used_at
    ? "used"
    : new Date(row.expires_at).getTime() <= at.getTime()
      ? "expired"
      : "ready";
  return { state, userId: row.userId, email: row.email };
}

/**
 * Spends the link inside the caller's transaction, or says why it cannot:
 * the conditional UPDATE lets exactly one of two simultaneous uses through.
 */
export async function spendToken(
  trx: Trx,
  { token, purpose, at }: { token: string; purpose: AccountTokenPurpose; at: Date },
): Promise<{ ok: true; userId: string; email: string } | { ok: false; state: TokenState }> {
  if (!wellFormedToken(token)) return { ok: false, state: "unknown" };
  const spent = await trx
    .updateTable("account_tokens")
    .set({ used_at: at })
    .where("token_hash", "=", hashToken(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .returning("user_id")
    .executeTakeFirst();
  if (!spent) return { ok: false, state: (await readToken(trx, { token, purpose, at })).state };
  const user = await trx.selectFrom("users").where("id", "=", spent.user_id).select("email").executeTakeFirstOrThrow();
  return { ok: true, userId: spent.user_id, email: user.email };
}
