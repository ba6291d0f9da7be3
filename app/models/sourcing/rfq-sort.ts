/** The columns the RFQ list sorts by, shared by its address schema and its query. */
export const RFQ_SORT_KEYS = ["reference", "title", "status", "deadline", "created"] as const;
export type RfqSortKey = (typeof RFQ_SORT_KEYS)[number];

/** The orders earlier links name (kept so a bookmark still works). */
export type RfqSort = "deadline" | "deadline_desc" | "newest";

/** Dates of creation read best newest first; deadlines soonest first. */
export const RFQ_SORT_FIRST: Record<RfqSortKey, "asc" | "desc"> = {
  reference: "asc",
  title: "asc",
  status: "asc",
  deadline: "asc",
  created: "desc",
};
