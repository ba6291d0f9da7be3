import type { Kysely } from "kysely";

/**
 * Award summary: every bidder's landed total at the moment of the award,
 * which one was lowest and what could not be compared, kept beside the RFQ
 * so the purchase-order page and finance's queue read it instead of running
 * the whole comparison again on every view. A table of its own, not a
 * column of `rfqs`: an RFQ row reaches invited suppliers' pages, and this
 * names their competitors. RFQs awarded before it existed have no row
 * (those still compute it). Frozen in time: it must never import
 * application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("rfq_award_summaries")
    .addColumn("rfq_id", "uuid", (c) => c.primaryKey().references("rfqs.id").onDelete("cascade"))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("summary", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(db.fn("now")))
    .execute();
  await db.schema.createIndex("rfq_award_summaries_org_idx").on("rfq_award_summaries").column("org_id").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("rfq_award_summaries").execute();
}
