/**
 * Sorting a paged list by a column a person chose, without losing or
 * repeating a row between pages: the order is always (column, id), and the
 * next page starts after the last row's (column value, id). The cursor
 * carries the sort it was made for, so a cursor from another order (an old
 * link, a changed header) starts again at the first page instead of
 * skipping rows.
 *
 * Sort expressions must never be null (wrap nullable columns in coalesce):
 * a row comparison with a null is unknown and would drop rows.
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";

import { calendarDateProblem } from "../../utils/time";
import { printable } from "./fields.schema";

export type SortDirection = "asc" | "desc";

/** How a column's value travels in the cursor and is cast back in SQL. */
export type SortKind = "text" | "timestamp" | "date" | "numeric";

export interface SortColumn {
  /** A non-null SQL expression over the list's tables. */
  expression: RawBuilder<unknown>;
  kind: SortKind;
}

export interface ListSort<K extends string = string> {
  key: K;
  direction: SortDirection;
}

const CASTS: Record<SortKind, string> = {
  text: "text",
  timestamp: "timestamptz",
  date: "date",
  numeric: "numeric",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longer than any title or name the forms take, shorter than an address allows. */
const MAX_TEXT_KEY = 300;

function validKey(kind: SortKind, key: string): boolean {
  switch (kind) {
    case "text":
      return key.length <= MAX_TEXT_KEY && printable(key);
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(key) && calendarDateProblem(key) === null;
    case "numeric":
      return /^-?\d{1,18}(\.\d{1,6})?$/.test(key);
    case "timestamp":
      return (
        /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(key) &&
        calendarDateProblem(key.slice(0, 10)) === null
      );
  }
}

const sortName = (sort: ListSort) => `${sort.key}:${sort.direction}`;

export function encodeSortCursor(sort: ListSort, key: string, id: string): string {
  return Buffer.from(JSON.stringify([sortName(sort), key, id])).toString("base64url");
}

/** The cursor's key and id when it was made for this sort and holds well-formed values; null (the first page) otherwise. */
export function decodeSortCursor(
  cursor: string | undefined,
  sort: ListSort,
  kind: SortKind,
): { key: string; id: string } | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value[0] === sortName(sort) &&
      typeof value[1] === "string" &&
      validKey(kind, value[1]) &&
      typeof value[2] === "string" &&
      UUID.test(value[2])
    ) {
      return { key: value[1], id: value[2] };
    }
  } catch {
    // Not base64 or not JSON: the first page.
  }
  return null;
}

/** The column as cursor text (Postgres's own text form: a timestamp keeps its microseconds). */
export function sortKeyOf(column: SortColumn): RawBuilder<string> {
  return sql<string>`(${column.expression})::text`;
}

/** The rows after the cursor's row in this order. */
export function afterCursor(
  column: SortColumn,
  idColumn: string,
  direction: SortDirection,
  after: { key: string; id: string },
): RawBuilder<SqlBool> {
  const cast = sql.raw(CASTS[column.kind]);
  const comparison = sql.raw(direction === "asc" ? ">" : "<");
  return sql<SqlBool>`((${column.expression}), ${sql.ref(idColumn)}) ${comparison} (${after.key}::${cast}, ${after.id}::uuid)`;
}

/** The page's rows and the next cursor, from rows fetched with one row more than the page holds. */
export function pageOf<R extends { id: string; sortKey: string }>(
  rows: R[],
  pageSize: number,
  sort: ListSort,
): { rows: Omit<R, "sortKey">[]; nextCursor: string | null } {
  const more = rows.length > pageSize;
  const shown = more ? rows.slice(0, pageSize) : rows;
  const last = shown[shown.length - 1];
  return {
    rows: shown.map(({ sortKey: _key, ...row }) => row),
    nextCursor: more && last ? encodeSortCursor(sort, last.sortKey, last.id) : null,
  };
}
