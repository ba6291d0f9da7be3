/**
 * One search across the records a person may see: RFQs (a supplier's own
 * invitations), purchase orders, invoices and agreements, by number,
 * title, the other party's name or an item's name. Each kind is searched
 * through its own list's query, so the same tenant, supplier and role rules
 * filter it in SQL; a kind the person may not read gives no results (no
 * query runs). A few results per kind, and "more" opens that list filtered.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { onSupplierSide } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { listAgreementPage } from "~/models/agreements/agreement-queries.server";
import { listInvoicePage } from "~/models/fulfilment/invoice-queries.server";
import { listPurchaseOrderPage } from "~/models/ordering/queries.server";
import { searchField } from "~/models/shared/fields.schema";
import { listRfqPage } from "~/models/sourcing/rfq-queries.server";
import { readQueryOrProblem } from "~/utils/query.server";
import { msg, msgWith, translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Search");

/** Results shown per kind of record; the rest are one click away in the filtered list. */
export const RESULTS_PER_KIND = 5;
const MIN_CHARS = 2;

const searchQuery = z.object({ q: searchField(200) });

interface Hit {
  id: string;
  href: string;
  label: string;
  detail: string;
  status: string;
}

interface Group {
  kind: string;
  /** Catalogue keys, like `more` ("More invoices matching “{{q}}”"). */
  title: string;
  more: string;
  hits: Hit[];
  /** The list filtered by the same text, when more matched than are shown. */
  moreHref: string | null;
}

interface SearchData {
  q: string;
  /** Why the search box could not be read, shown beside it (a catalogue message). */
  problem: string | null;
  groups: Group[];
  searched: boolean;
}

/** A search that cannot run: the page with the message beside the box, as a 400. */
const refusedSearch = (q: string, problem: string) =>
  Response.json({ q, problem, groups: [], searched: false } satisfies SearchData, { status: 400 });

export async function loader({ request }: LoaderFunctionArgs): Promise<SearchData | Response> {
  const ctx = await requireContext(request);
  // A search box that cannot be read (a control character, far too long, given twice) is answered beside the box.
  const read = await readQueryOrProblem(request, searchQuery);
  if (read.value === null) return refusedSearch("", read.problem);
  const { q } = read.value;
  if (q === "") return { q, problem: null, groups: [], searched: false };
  if (q.length < MIN_CHARS) {
    return refusedSearch(q, msgWith("Type at least {{count}} characters to search.", { count: MIN_CHARS }));
  }
  // The other party of each record: a supplier's records are all its own, so it reads the buyer's name.
  const supplierSide = onSupplierSide(ctx.ability);
  const other = (r: { supplierName: string; buyerName: string }) => (supplierSide ? r.buyerName : r.supplierName);
  const more = (list: string, nextCursor: string | null) =>
    nextCursor ? `${list}?${new URLSearchParams({ q }).toString()}` : null;
  const [rfqs, pos, invoices, agreements] = await Promise.all([
    listRfqPage(ctx, { q, sort: "newest", limit: RESULTS_PER_KIND }),
    listPurchaseOrderPage(ctx, { search: q, pageSize: RESULTS_PER_KIND }),
    listInvoicePage(ctx, { search: q, pageSize: RESULTS_PER_KIND }),
    listAgreementPage(ctx, { search: q, pageSize: RESULTS_PER_KIND }),
  ]);
  const groups: Group[] = [
    {
      kind: "rfqs",
      title: msg("Requests for quotation"),
      more: msg("More requests for quotation matching “{{q}}”"),
      hits: rfqs.items.map((r) => ({
        id: r.id,
        href: `/rfqs/${r.id}`,
        label: `${r.reference} · ${r.title}`,
        detail: r.buyerName,
        status: r.status,
      })),
      moreHref: more("/rfqs", rfqs.nextCursor),
    },
    {
      kind: "pos",
      title: msg("Purchase orders"),
      more: msg("More purchase orders matching “{{q}}”"),
      hits: pos.rows.map((p) => ({
        id: p.id,
        href: `/pos/${p.id}`,
        label: p.number,
        detail: other(p),
        status: p.status,
      })),
      moreHref: more("/pos", pos.nextCursor),
    },
    {
      kind: "invoices",
      title: msg("Invoices"),
      more: msg("More invoices matching “{{q}}”"),
      hits: invoices.rows.map((i) => ({
        id: i.id,
        href: `/invoices/${i.id}`,
        label: i.invoice_number,
        detail: `${i.poNumber} · ${other(i)}`,
        status: i.status,
      })),
      moreHref: more("/invoices", invoices.nextCursor),
    },
    {
      kind: "agreements",
      title: msg("Agreements"),
      more: msg("More agreements matching “{{q}}”"),
      hits: agreements.rows.map((a) => ({
        id: a.id,
        href: `/agreements/${a.id}`,
        label: `${a.number} · ${a.title}`,
        detail: other(a),
        status: a.status,
      })),
      moreHref: more("/agreements", agreements.nextCursor),
    },
  ];
  return { q, problem: null, groups: groups.filter((g) => g.hits.length > 0), searched: true };
}

export default function Search() {
  const { q, problem, groups, searched } = useLoaderData<SearchData>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("Search")}</h1>
      <Form method="get" className="row actions" role="search" aria-label={t("Search records")}>
        <div className="field">
          <label htmlFor="search-q">{t("Number, title, supplier or item")}</label>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "search-q-error" : undefined}
          />
          {problem ? (
            <p id="search-q-error" className="error" role="alert">
              {translated(t, problem)}
            </p>
          ) : null}
        </div>
        <button type="submit">{t("Search")}</button>
      </Form>
      {searched && groups.length === 0 ? <p className="card muted">{t("Nothing found for “{{q}}”.", { q })}</p> : null}
      {groups.map((g) => (
        <section key={g.kind} className="card" aria-labelledby={`results-${g.kind}`}>
          <h2 id={`results-${g.kind}`}>{t(g.title)}</h2>
          <ul className="search-results">
            {g.hits.map((h) => (
              <li key={h.id}>
                <Link to={h.href}>{h.label}</Link> <StatusBadge status={h.status} />
                {h.detail ? <span className="muted"> · {h.detail}</span> : null}
              </li>
            ))}
          </ul>
          {g.moreHref ? (
            <p>
              <Link to={g.moreHref}>{t(g.more, { q })}</Link>
            </p>
          ) : null}
        </section>
      ))}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
