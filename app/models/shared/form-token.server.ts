/**
 * One-time form tokens: the one mechanism that makes every action that
 * creates something safe against a double click, a form sent again (back
 * button, reload) and a replayed request.
 *
 * The page's loader issues a random token (`issueFormToken`), the form
 * carries it in a hidden field, and the action runs its use case through
 * `once`, which claims the token in the same transaction as the write and
 * stores the use case's result beside it. A second request with the same
 * token waits on the first one's row lock (the primary key) and then gets
 * the first result, so its reply points at the same record. A write that
 * fails rolls the claim back with it: the person corrects the form and sends
 * the same token again. Only the token's hash is stored, keyed per person
 * and purpose, so a token is worth nothing to anyone else.
 *
 * Why: docs/decisions/019-one-time-form-tokens.md.
 */
import { createHash, randomBytes } from "node:crypto";

import type { Db } from "../../../db/client.server";

import { inTransaction, type Ctx, type TrxCtx } from "./context.server";

/** The hidden field every creating form carries. */
export const FORM_TOKEN_FIELD = "formToken";

/**
 * What `once` keeps as the first result and hands back to a repeat: an
 * object of plain JSON (strings, numbers, booleans, arrays, objects; a Date
 * would come back as a string), usually the id the reply redirects to.
 */
export type OnceResult = object;

/** The shape of a token: a prefix that names it (so tests and logs can tell it apart), then 24 random bytes. */
export const FORM_TOKEN_PATTERN = /ft_[A-Za-z0-9_-]{32}/;
const SHAPE = new RegExp(`^${FORM_TOKEN_PATTERN.source}$`);

/** A fresh token for one form on one page load: 24 random bytes, URL-safe. */
export function issueFormToken(): string {
  return `ft_${randomBytes(24).toString("base64url")}`;
}

/**
 * The token a post carries (the form field's value, as `formData.get` or a
 * submission's payload holds it), or null when it has none of the shape we
 * issue (absent, sent twice, a file, tampered): such a post is written
 * without the one-time guard, as before tokens existed, and never answered
 * with a 500.
 */
export function readFormToken(value: unknown): string | null {
  return typeof value === "string" && SHAPE.test(value) ? value : null;
}

/** The token of a submission read by `readSubmission`: its payload keeps every field sent. */
export function formTokenOf(submission: { payload: Record<string, unknown> }): string | null {
  return readFormToken(submission.payload[FORM_TOKEN_FIELD]);
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Runs `work` once per token: in one transaction that first claims the
 * token, then writes, then records the result. A repeat of the token gets
 * the first result without running `work`; a repeat sent while the first is
 * still writing waits for it. Without a token, `work` simply runs.
 */
export async function once<T extends OnceResult>(
  ctx: Ctx,
  { token, purpose }: { token: string | null; purpose: string },
  work: (ctx: TrxCtx) => Promise<T>,
): Promise<T> {
  return inTransaction(ctx, async (trx, tx) => {
    if (token === null) return work(tx);
    const key = { user_id: ctx.actor.userId, purpose, token_hash: hashOf(token) };
    // The claim comes first, before any row lock of the work, so two claims never wait on each other crosswise.
    const claimed = await trx
      .insertInto("form_tokens")
      .values(key)
      .onConflict((oc) => oc.doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!claimed) {
      const first = await trx
        .selectFrom("form_tokens")
        .where("user_id", "=", key.user_id)
        .where("purpose", "=", key.purpose)
        .where("token_hash", "=", key.token_hash)
        .select("result")
        .executeTakeFirstOrThrow();
      return first.result as T;
    }
    const result = await work(tx);
    await trx
      .updateTable("form_tokens")
      .set({ result: JSON.stringify(result) })
      .where("user_id", "=", key.user_id)
      .where("purpose", "=", key.purpose)
      .where("token_hash", "=", key.token_hash)
      .execute();
    return result;
  });
}

/**
 * How long a claimed token still answers a repeat with its first result. A
 * form older than this is reloaded before anyone sends it again, so its row
 * only takes room.
 */
export const FORM_TOKEN_KEPT_MS = 24 * 60 * 60 * 1000;

/** Deletes the claims older than `FORM_TOKEN_KEPT_MS` (by `form_tokens_created_idx`); returns how many went. */
export async function sweepFormTokens(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom("form_tokens")
    .where("created_at", "<", new Date(now.getTime() - FORM_TOKEN_KEPT_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
