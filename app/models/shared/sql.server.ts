/**
 * SQL pieces more than one query needs: LIKE patterns from typed text,
 * keyset cursors for paged lists, the search of records by a party's name,
 * and the join from a quote to the revision in force.
 */
import { sql, type JoinBuilder } from "kysely";

import type { Db } from "../../../db/client.server";
import type { Database } from "../../../db/schema";
import { calendarDateProblem } from "../../utils/time";

/** "%", "_" and "\" typed by a person are literal characters, not patterns. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An ILIKE pattern that finds the typed text anywhere, literally. */
export function containing(text: string): string {
  return `%${likeEscape(text)}%`;
}

/** The records a list searches by the name of an organisation they name, and the columns naming it. */
type PartyColumns = {
  rfqs: "org_id";
  purchase_orders: "buyer_org_id" | "supplier_org_id";
  invoices: "buyer_org_id" | "supplier_org_id";
  agreements: "buyer_org_id" | "supplier_org_id";
};
type PartyColumn = PartyColumns[keyof PartyColumns];

/**
 * The ids of the records whose party in `column` has a name matching
 * `pattern` (from `containing()`): one branch of a list search's id union,
 * read through the trigram index on the organisations' names. A list passes
 * the column of the other side of the person searching.
 */
export function idsByPartyName<T extends keyof PartyColumns>(
  db: Db,
  table: T,
  column: PartyColumns[T],
  pattern: string,
) {
  // Written as `<table> as found`, like the other branches of the union it joins.
  const found = sql<Record<"id" | PartyColumn, string>>`${sql.table(table)}`.as("found");
  const party: `found.${PartyColumn}` = `found.${column}`;
  return db
    .selectFrom(found)
    .innerJoin("organisations as party", "party.id", party)
    .where("party.name", "ilike", pattern)
    .select("found.id");
}

/**
 * A keyset cursor: the last row's sort key and id, opaque to the browser.
 * The sort key travels as Postgres text so a timestamp keeps the
 * microseconds a JavaScript Date would drop (two rows in one millisecond
 * would otherwise skip or repeat across pages).
 */
export function encodeKeysetCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString("base64url");
}

/**
 * A timestamp as Postgres writes it as text, on a day that exists in the
 * years Postgres and our forms take: a forged cursor holding "0000-01-01"
 * (which Date.parse accepts) must not reach a comparison in SQL.
 */
function isTimestampText(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(text) &&
    calendarDateProblem(text.slice(0, 10)) === null
  );
}

/** The cursor's sort key and id; null (the first page) for anything tampered with or truncated. */
export function decodeKeysetCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      isTimestampText(value[0]) &&
      typeof value[1] === "string" &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value[1])
    ) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // Not base64 or not JSON: the first page.
  }
  return null;
}

/** `.innerJoin("quote_revisions", onCurrentRevision)`: a quote with the revision in force. */
export function onCurrentRevision(join: JoinBuilder<Database, "quotes" | "quote_revisions">) {
  return join
    .onRef("quote_revisions.quote_id", "=", "quotes.id")
    .onRef("quote_revisions.revision", "=", "quotes.current_revision");
}
