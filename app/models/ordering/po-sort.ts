/** The columns the PO list sorts by (shared by its address schema and its query); "party" is the other organisation. */
export const PO_SORT_KEYS = ["number", "party", "status", "total", "created"] as const;
export type PoSortKey = (typeof PO_SORT_KEYS)[number];
/** Dates and amounts read best largest first. */
export const PO_SORT_FIRST: Record<PoSortKey, "asc" | "desc"> = {
  number: "asc",
  party: "asc",
  status: "asc",
  total: "desc",
  created: "desc",
};
