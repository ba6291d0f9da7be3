/**
 * The shape of a dashboard work queue, shared by every stage that answers
 * some of them: a title, how many items wait in all, the first few of them
 * (each a link to the page where it is done), and a kind sentence for when
 * nothing waits. Pure, so the page renders it without asking anything.
 *
 * Titles, details and kind sentences are catalogue keys (`msg`, or
 * `msgWith` when they carry values), said in the viewer's words by the card;
 * instants, dates, amounts and quantities travel raw among the values
 * (`shown`), so the card formats them in the viewer's locale and zone.
 */

/** How many items a queue lists on the dashboard; its count says how many wait in all. */
export const QUEUE_ITEMS_SHOWN = 5;

export interface QueueItem {
  id: string;
  /** The page where the item is done. */
  href: string;
  /** What the item is called: a number or a title (data, shown as it is). */
  label: string;
  /** One line of facts beside it: deadline, amount, progress (`msg`/`msgWith`, its values `shown`). */
  detail: string;
}

export interface WorkQueue {
  /** Stable name, for tests and anchors. */
  key: string;
  /** `msg`/`msgWith`, like `empty` and `more.label`. */
  title: string;
  count: number;
  items: QueueItem[];
  /** Said when nothing waits. */
  empty: string;
  /** Where the whole queue is listed, when there is such a page. */
  more?: { href: string; label: string };
}

/** A count(*) over () read back from pg (an int8, a string) as a number; 0 for an empty result. */
export function totalOf(rows: ReadonlyArray<{ total: string | number | bigint }>): number {
  return rows.length === 0 ? 0 : Number(rows[0].total);
}
