/**
 * CSV downloads of lists: cells a spreadsheet reads as text, never as a
 * formula, and a body streamed page by page so a long list never sits in
 * memory whole. The header row is in the reader's language and instants in
 * their zone (beside the UTC one); numbers stay plain decimals without
 * grouping in every language, so a spreadsheet reads them as numbers.
 */
import { localeOf, serverT } from "../../i18n/i18n.server";

/** Who reads a CSV: its header words in their language (`t`), its instants in their zone. */
export interface CsvReader {
  t: (key: string) => string;
  timeZone: string;
}

/** The reader of a request: the language it asks in and the person's zone. */
export async function csvReader(request: Request, timeZone: string): Promise<CsvReader> {
  const t = serverT(await localeOf(request));
  return { t: (key) => t(key), timeZone };
}

/** Rows fetched per query while exporting. */
export const EXPORT_BATCH = 500;

/**
 * A cell as a spreadsheet will read it: quoted, quotes doubled, and text
 * that a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return) led by an apostrophe, so it stays text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * The CSV as a stream: the header, then each page `nextPage` returns until
 * it says there is no next cursor. A failure mid-way ends the download
 * with an error rather than a file that looks complete.
 */
export function csvStream<R>(
  header: readonly string[],
  nextPage: (cursor: string | undefined) => Promise<{ rows: R[]; nextCursor: string | null }>,
  cells: (row: R) => string[],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvLine(header)));
        }
        const { rows, nextCursor } = await nextPage(cursor);
        if (rows.length > 0) controller.enqueue(encoder.encode(rows.map((r) => csvLine(cells(r))).join("")));
        if (!nextCursor) controller.close();
        else cursor = nextCursor;
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

/** The headers of a CSV download named after the list and the day. */
export function csvHeaders(name: string, day: string): HeadersInit {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}-${day}.csv"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
