import type { ReactNode } from "react";

/**
 * A form folded away until wanted (cancel, decline, extend, invite): a card
 * that opens on a click, and opens by itself when the server refused what it
 * sent, so the reason shows without JavaScript.
 */
export function Fold({ summary, open, children }: { summary: string; open: boolean; children: ReactNode }) {
  return (
    <details className="card" open={open}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
