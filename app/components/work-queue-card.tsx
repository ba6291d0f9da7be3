/** One work queue on the dashboard: its title and count, its first items as links, or a kind word when empty. */
import { Link } from "@remix-run/react";

import { translated } from "~/i18n/config";
import { useI18n } from "~/i18n/react";
import type { WorkQueue } from "~/models/shared/work-queue";

export function WorkQueueCard({ queue }: { queue: WorkQueue }) {
  const { t, format } = useI18n();
  const titleId = `queue-${queue.key}`;
  return (
    <section className="card" aria-labelledby={titleId} data-queue={queue.key}>
      <h2 id={titleId} className="queue-title">
        {translated(t, queue.title)}{" "}
        <span className="queue-count">
          {format.number(queue.count)}
          <span className="sr-only">{t(" waiting")}</span>
        </span>
      </h2>
      {queue.items.length === 0 ? (
        <p className="muted">{translated(t, queue.empty)}</p>
      ) : (
        <ul className="queue-list">
          {queue.items.map((item) => (
            <li key={item.id}>
              <Link to={item.href}>{item.label}</Link>
              <div className="hint">{translated(t, item.detail, format)}</div>
            </li>
          ))}
        </ul>
      )}
      {queue.more || queue.count > queue.items.length ? (
        <p>
          {queue.more ? (
            <Link to={queue.more.href}>{translated(t, queue.more.label)}</Link>
          ) : (
            <span className="muted">{t("and {{count}} more", { count: queue.count - queue.items.length })}</span>
          )}
        </p>
      ) : null}
    </section>
  );
}
