/**
 * A column header that sorts its list: a link (so it works without
 * JavaScript) to the same address with this column's order and no page
 * cursor, since a cursor belongs to one order. The header says which way
 * the list is sorted (aria-sort) and the link says what a click will do.
 */
import { Link, useLocation } from "@remix-run/react";

import { useTranslation } from "~/i18n/react";

export interface ShownSort {
  key: string;
  direction: "asc" | "desc";
}

export function SortableHeader({
  column,
  label,
  sort,
  first = "asc",
  className,
}: {
  column: string;
  /** In the viewer's words. */
  label: string;
  sort: ShownSort;
  /** The direction of the first click: newest or largest first reads better for dates and amounts. */
  first?: "asc" | "desc";
  className?: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const active = sort.key === column;
  const next = active ? (sort.direction === "asc" ? "desc" : "asc") : first;
  const params = new URLSearchParams(location.search);
  params.set("sort", column);
  params.set("dir", next);
  params.delete("after");
  const arrow = active ? (sort.direction === "asc" ? "▲" : "▼") : "";
  return (
    <th className={className} aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}>
      <Link to={`${location.pathname}?${params.toString()}`} className="sort-link">
        {label}
        <span className="sr-only">{next === "asc" ? t(", sort ascending") : t(", sort descending")}</span>
        {arrow ? <span aria-hidden="true"> {arrow}</span> : null}
      </Link>
    </th>
  );
}

/** The list's address with another page cursor (or none: the first page), keeping filters and order. */
export function usePageLink() {
  const location = useLocation();
  return (after: string | null) => {
    const params = new URLSearchParams(location.search);
    if (after) params.set("after", after);
    else params.delete("after");
    const query = params.toString();
    return query ? `${location.pathname}?${query}` : location.pathname;
  };
}

/** The CSV of the list as shown: the same filters and order, every page. */
export function useExportHref(csvPath: string) {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete("after");
  const query = params.toString();
  return query ? `${csvPath}?${query}` : csvPath;
}
