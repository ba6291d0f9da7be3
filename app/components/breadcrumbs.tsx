/** Where a record page sits: the list it belongs to, the records above it, then itself (not a link). */
import { Link } from "@remix-run/react";

import { useTranslation } from "~/i18n/react";

export interface Crumb {
  /** In the viewer's words, or data (a record's number or title). */
  label: string;
  /** Absent for the page itself. */
  to?: string;
}

export function Breadcrumbs({ trail }: { trail: Crumb[] }) {
  const { t } = useTranslation();
  return (
    <nav className="breadcrumbs" aria-label={t("Breadcrumb")}>
      <ol>
        {trail.map((c) => (
          <li key={`${c.to ?? "here"}-${c.label}`}>
            {c.to ? <Link to={c.to}>{c.label}</Link> : <span aria-current="page">{c.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
