/**
 * The parts of a list's address that every sortable list shares: the
 * column to sort by and its direction, and a date range. Each list names
 * its own columns; a column it does not know is a clear 400, never a query.
 */
import { z } from "zod";

import { optionalDateField, type DateFieldName } from "./fields.schema";
import { msg } from "../../i18n/config";

/** `sort` (one of the list's columns, blank for its usual order) and `dir` (asc or desc). */
export function sortFields<K extends string>(keys: readonly [K, ...K[]]) {
  return {
    sort: z
      .string()
      .default("")
      .refine(
        (v) => v === "" || (keys as readonly string[]).includes(v),
        msg("Choose a column of the list to sort by."),
      )
      .transform((v) => (v === "" ? undefined : (v as K))),
    dir: z
      .enum(["", "asc", "desc"], { error: msg("Sort ascending (asc) or descending (desc).") })
      .default("")
      .transform((v) => (v === "" ? undefined : v)),
  };
}

/**
 * A from/to pair of calendar days under the given names; the end may not come before the start. Each field is
 * named whole ("first due date"), so its errors are whole catalogue sentences.
 */
export function dateRangeFields(
  from: string,
  to: string,
  names: { first: DateFieldName; last: DateFieldName } = { first: "first day", last: "last day" },
) {
  return {
    [from]: optionalDateField(names.first),
    [to]: optionalDateField(names.last),
  } as Record<string, ReturnType<typeof optionalDateField>>;
}

/** The end of a range before its start: the message for the `to` field, or null. */
export function rangeProblem(from: string | undefined, to: string | undefined): string | null {
  return from && to && to < from ? msg("The last day comes before the first day. Swap them or widen the range.") : null;
}
