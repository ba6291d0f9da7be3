import type { Kysely } from "kysely";

/**
 * Award summary: every bidder's landed total at the moment of the award,
 * which one was lowest and what could not be compared, kept on the RFQ so
 * the purchase-order page and finance's queue read it instead of running
 * the whole comparison again on every view. Null for RFQs awarded before
 * it existed (those still compute it). Frozen in time: it must never import
 * application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("rfqs").addColumn("award_summary", "jsonb").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("rfqs").dropColumn("award_summary").execute();
}
