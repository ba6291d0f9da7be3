/** A record's history in words, oldest first, each time in the reader's own zone with the zone named. */
import { translated } from "~/i18n/config";
import { useI18n } from "~/i18n/react";

export interface TimelineItem {
  id: string;
  at: Date | string;
  /** A catalogue message (`msg`/`msgWith`), said in the viewer's words, its dates in the viewer's format. */
  text: string;
}

export function TimelineList({
  entries,
  heading,
  headingId = "timeline-heading",
}: {
  entries: readonly TimelineItem[];
  /** Kept for the pages that pass it: the viewer's formatter already knows their zone. */
  timeZone?: string;
  /** In the viewer's words; "Timeline" when not given. */
  heading?: string;
  headingId?: string;
}) {
  const { t, format } = useI18n();
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{heading ?? t("Timeline")}</h2>
      <ol className="timeline">
        {entries.map((e) => (
          <li key={e.id}>
            <time dateTime={new Date(e.at).toISOString()}>{format.instant(e.at)}</time> ·{" "}
            {translated(t, e.text, format)}
          </li>
        ))}
      </ol>
    </section>
  );
}
