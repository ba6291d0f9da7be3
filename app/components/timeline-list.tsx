/** A record's history in words, oldest first, each time in the reader's own zone with the zone named. */
import { formatInstant } from "~/utils/time";

export interface TimelineItem {
  id: string;
  at: Date | string;
  text: string;
}

export function TimelineList({
  entries,
  timeZone,
  heading = "Timeline",
  headingId = "timeline-heading",
}: {
  entries: readonly TimelineItem[];
  timeZone: string;
  heading?: string;
  headingId?: string;
}) {
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <ol className="timeline">
        {entries.map((e) => (
          <li key={e.id}>
            <time dateTime={new Date(e.at).toISOString()}>{formatInstant(e.at, timeZone)}</time> · {e.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
