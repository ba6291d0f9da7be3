/**
 * A list page's filter form and its page links: search box, status and
 * other choices, date bounds, the chosen column order kept while filtering,
 * and first, next and CSV links under the table. Ids and names are the
 * query string's, so a filtered address reads the same everywhere.
 * Labels and option labels come in the viewer's words; a plain string option
 * is a code, shown as its status word when it is one.
 */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";

import { useTranslation } from "~/i18n/react";

import { useStatusWord } from "./status-badge";

export function ListFilterForm({
  sort,
  className = "row actions",
  label,
  children,
}: {
  /** The order chosen in the headers, kept while filtering; omitted on a list without sortable columns. */
  sort?: { key: string; direction: string };
  className?: string;
  label?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form method="get" className={className} aria-label={label}>
      {children}
      {sort ? (
        <>
          <input type="hidden" name="sort" value={sort.key} />
          <input type="hidden" name="dir" value={sort.direction} />
        </>
      ) : null}
      <button type="submit" className="secondary">
        {t("Filter")}
      </button>
    </Form>
  );
}

export function SearchFilter({
  defaultValue,
  label,
  placeholder,
}: {
  defaultValue: string;
  label?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor="q">{label ?? t("Search")}</label>
      <input id="q" name="q" type="search" defaultValue={defaultValue} maxLength={200} placeholder={placeholder} />
    </div>
  );
}

type Choice = string | { value: string; label: string };

/** A choice among `options`, "All" first meaning no filter. */
export function SelectFilter({
  name,
  label,
  defaultValue,
  options,
}: {
  name: string;
  label: string;
  defaultValue: string;
  options: readonly Choice[];
}) {
  const { t } = useTranslation();
  const word = useStatusWord();
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={defaultValue}>
        <option value="">{t("All")}</option>
        {options.map((o) => {
          const { value, label: text } = typeof o === "string" ? { value: o, label: word(o) } : o;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
    </div>
  );
}

export function DateFilter({ name, label, defaultValue }: { name: string; label: string; defaultValue: string }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type="date" defaultValue={defaultValue} />
    </div>
  );
}

/** First and next page, and the CSV of the list as filtered when there is something to download. */
export function ListPages({
  paged,
  nextCursor,
  pageLink,
  exportHref,
  className = "row actions",
}: {
  paged: boolean;
  nextCursor: string | null | undefined;
  pageLink: (after: string | null) => string;
  /** Null when the list is empty or has no CSV. */
  exportHref?: string | null;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <nav className={className} aria-label={t("Pages")}>
      {paged ? <Link to={pageLink(null)}>{t("First page")}</Link> : null}
      {nextCursor ? <Link to={pageLink(nextCursor)}>{t("Next page")}</Link> : null}
      {exportHref ? (
        <a href={exportHref} download>
          {t("Download CSV")}
        </a>
      ) : null}
    </nav>
  );
}
