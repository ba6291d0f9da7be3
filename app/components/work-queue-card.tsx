/** One work queue on the dashboard: its title and count, its first items as links, or a kind word when empty. */
import { Link } from "@remix-run/react";

import type { WorkQueue } from "~/models/shared/work-queue";

export function WorkQueueCard({ queue }: { queue: WorkQueue }) {
  const titleId = `queue-${queue.key}`;
  return (
    <section className="card" aria-labelledby={titleId} data-queue={queue.key}>
      <h2 id={titleId} className="queue-title">
        {queue.title}{" "}
        <span className="queue-count">
          {queue.count}
          <span className="sr-only"> waiting</span>
        </span>
      </h2>
      {queue.items.length === 0 ? (
        <p className="muted">{queue.empty}</p>
      ) : (
        <ul className="queue-list">
          {queue.items.map((item) => (
            <li key={item.id}>
              <Link to={item.href}>{item.label}</Link>
              <div className="hint">{item.detail}</div>
            </li>
          ))}
        </ul>
      )}
      {queue.more || queue.count > queue.items.length ? (
        <p>
          {queue.more ? (
            <Link to={queue.more.href}>{queue.more.label}</Link>
          ) : (
            <span className="muted">and {queue.count - queue.items.length} more</span>
          )}
        </p>
      ) : null}
    </section>
  );
}
