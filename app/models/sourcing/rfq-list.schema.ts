/** The RFQ list's address (/rfqs and its CSV): search, status, order and page. */
import { msg } from "../../i18n/config";
import { z } from "zod";

import { RFQ_STATUSES, type RfqStatus } from "../../../workflows/rfq.machine";
import { cursorField, searchField, statusFilterField } from "../shared/fields.schema";
import type { ListSort } from "../shared/list-sort.server";
import { RFQ_SORT_FIRST, RFQ_SORT_KEYS, type RfqSort, type RfqSortKey } from "./rfq-sort";

const LEGACY = ["deadline_desc", "newest"] as const;

export const rfqListQuery = z.object({
  q: searchField(200),
  status: statusFilterField(RFQ_STATUSES),
  // A column of the list, or an order earlier links named ("newest", "deadline_desc").
  sort: z
    .string()
    .default("")
    .refine(
      (v) => v === "" || (RFQ_SORT_KEYS as readonly string[]).includes(v) || (LEGACY as readonly string[]).includes(v),
      "Choose a column of the list to sort by.",
    ),
  dir: z
    .enum(["", "asc", "desc"], { error: msg("Sort ascending (asc) or descending (desc).") })
    .default("")
    .transform((v) => (v === "" ? undefined : v)),
  after: cursorField,
});

export type RfqListQuery = z.infer<typeof rfqListQuery>;

/** The list's filters from its address; no order asked leaves the side's usual one. */
export function rfqFiltersFrom(query: RfqListQuery): {
  q: string;
  status?: RfqStatus;
  sort?: RfqSort | ListSort<RfqSortKey>;
  after?: string;
} {
  const { q, status, sort, dir, after } = query;
  let order: RfqSort | ListSort<RfqSortKey> | undefined;
  if (sort === "newest" || sort === "deadline_desc") order = sort;
  else if (sort !== "") {
    const key = sort as RfqSortKey;
    order = { key, direction: dir ?? RFQ_SORT_FIRST[key] };
  }
  return { q, status, sort: order, after };
}
