/** What every mail about an RFQ names: its title, reference, deadline and buyer. */
import type { Db } from "../../../db/client.server";

export async function rfqHeader(trx: Db, id: string) {
  return trx
    .selectFrom("rfqs")
    .innerJoin("organisations", "organisations.id", "rfqs.org_id")
    .where("rfqs.id", "=", id)
    .select([
      "rfqs.id",
      "rfqs.org_id",
      "rfqs.title",
      "rfqs.reference",
      "rfqs.deadline",
      "rfqs.deadline_time_zone",
      "rfqs.created_by",
      "organisations.name as buyerName",
    ])
    .executeTakeFirstOrThrow();
}

export type RfqHeader = Awaited<ReturnType<typeof rfqHeader>>;
