/** The agreement list's address (/agreements and its CSV): search, status, order and page. */
import { z } from "zod";

import { AGREEMENT_STATUSES } from "../../../workflows/agreement.machine";
import { cursorField, searchField, statusFilterField } from "../shared/fields.schema";
import { sortFields } from "../shared/list-query.schema";

/** The columns the agreement list sorts by; "party" is the supplier (the buyer, on a supplier's list). */
export const AGREEMENT_SORT_KEYS = ["number", "title", "party", "status", "ends", "created"] as const;
export type AgreementSortKey = (typeof AGREEMENT_SORT_KEYS)[number];
export const AGREEMENT_SORT_FIRST: Record<AgreementSortKey, "asc" | "desc"> = {
  number: "asc",
  title: "asc",
  party: "asc",
  status: "asc",
  ends: "asc",
  created: "desc",
};

export const agreementListQuery = z.object({
  q: searchField(200),
  status: statusFilterField(AGREEMENT_STATUSES),
  ...sortFields(AGREEMENT_SORT_KEYS),
  after: cursorField,
});

export type AgreementListQuery = z.infer<typeof agreementListQuery>;
