/**
 * A frame for a table that may be wider than a phone: the table scrolls
 * inside it, so the page itself never scrolls sideways. It is a named,
 * focusable region so a keyboard user can scroll it too. The label comes
 * in the viewer's words.
 */
import type { ReactNode } from "react";

export function TableFrame({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-frame" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
