/**
 * Requisition numbers, REQ-YYYY-NNNNNN, one counter per organisation and
 * year. Both a person's requisition and one a reorder rule raises take their
 * number here.
 */
import type { Trx } from "../../../db/client.server";

/**
 * The counter row is upserted, so concurrent requisitions queue on its row
 * lock and a number is never handed out twice (a rolled-back one is simply
 * skipped).
 */
export async function nextRequisitionNumber(trx: Trx, orgId: string, year: number): Promise<string> {
  const row = await trx
    .insertInto("requisition_number_sequences")
    .values({ org_id: orgId, year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "year"])
        .doUpdateSet((eb) => ({ last_value: eb("requisition_number_sequences.last_value", "+", 1) })),
    )
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return `REQ-${year}-${String(row.last_value).padStart(6, "0")}`;
}
