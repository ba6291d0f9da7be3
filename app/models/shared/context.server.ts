/**
 * The one first argument of every use case a route calls: who acts (user and
 * organisation), what they may do (ability), on which database, and when.
 * A use case takes this context and one object of arguments, authorizes
 * itself through its stage's `load<Entity>For`, and never trusts the caller
 * to have checked. The clock is part of the context so a test can act at any
 * instant and a request acts at one instant throughout.
 */
import type { Db, Trx } from "../../../db/client.server";
import type { Actor, AppAbility } from "../../auth/ability";

export interface Ctx {
  db: Db;
  actor: Actor;
  ability: AppAbility;
  now: Date;
  /** Where the request came from, for the audit of refused reads; absent outside a request (seed, jobs, tests). */
  origin?: RequestOrigin;
}

/** The peer address and user agent of a request, as the audit log records them. */
export interface RequestOrigin {
  address: string;
  userAgent: string;
}

/** A context whose database is an open transaction. */
export type TrxCtx = Ctx & { db: Trx };

/**
 * Runs `work` in one transaction: a new one, or the caller's when the
 * context already holds one (Kysely cannot nest them), so a use case can be
 * called alone or as a step of a larger one.
 */
export function inTransaction<T>(ctx: Ctx, work: (trx: Trx, ctx: TrxCtx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx.db as Trx, ctx as TrxCtx);
  return ctx.db.transaction().execute((trx) => work(trx, { ...ctx, db: trx }));
}
