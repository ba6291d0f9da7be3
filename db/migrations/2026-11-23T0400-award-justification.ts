import type { Kysely } from "kysely";

/**
 * Award: why the buyer chose a supplier that is not the cheapest, kept on
 * the RFQ for everyone in the buying organisation to read. Frozen in time:
 * it must never import application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("rfqs").addColumn("award_justification", "text").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("rfqs").dropColumn("award_justification").execute();
}
