/**
 * The buying organisation's supplier list: every supplier it has a
 * relationship with, newest first, searchable and filtered by category,
 * qualification, consent and country, keyset paged like the RFQ list. A
 * supplier that has not accepted is shown by the address the buyer typed.
 * One card per supplier, so a phone reads it without sideways scrolling.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { cursorField, searchField, statusFilterField } from "~/models/shared/fields.schema";
import { listSuppliers, supplierFilterOptions } from "~/models/sourcing/supplier-list.server";
import { readQuery } from "~/utils/query.server";
import { SUPPLIER_QUALIFICATION_STATUSES } from "../../workflows/supplier-qualification.machine";
import { SUPPLIER_RELATIONSHIP_STATUSES } from "../../workflows/supplier-relationship.machine";
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Suppliers");

const querySchema = z.object({
  q: searchField(200),
  category: searchField(100),
  status: statusFilterField(SUPPLIER_QUALIFICATION_STATUSES),
  consent: statusFilterField(SUPPLIER_RELATIONSHIP_STATUSES),
  country: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^[A-Za-z]{2}$/.test(v), "Choose a country from the list."),
  after: cursorField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "qualify", "SupplierRelationship", "Only buyers and admins keep the supplier list.");
  const query = readQuery(request, querySchema);
  const [page, options] = await Promise.all([
    listSuppliers(ctx, {
      q: query.q,
      category: query.category || undefined,
      qualification: query.status,
      consent: query.consent,
      country: query.country || undefined,
      after: query.after,
    }),
    supplierFilterOptions(ctx),
  ]);
  return {
    suppliers: page.items,
    nextCursor: page.nextCursor,
    paged: query.after !== undefined,
    filters: {
      q: query.q,
      category: query.category,
      status: query.status ?? "",
      consent: query.consent ?? "",
      country: query.country.toUpperCase(),
    },
    options,
  };
}

const CONSENT_WORDS: Record<string, string> = {
  invited: "Invited, not answered",
  active: "Accepted",
  declined: "Declined",
  blocked: "Ended",
};

export default function SupplierList() {
  const { suppliers, nextCursor, paged, filters, options } = useLoaderData<typeof loader>();
  const location = useLocation();
  const pageLink = (after: string | null) => {
    const params = new URLSearchParams(location.search);
    if (after) params.set("after", after);
    else params.delete("after");
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <>
      <h1>Suppliers</h1>
      <p className="hint">
        Only suppliers that accepted to work with you and that you approved can be invited to RFQs, awarded or sent
        purchase orders. A supplier that has not accepted yet is shown by the address you invited.{" "}
        <Link to="/settings/supplier-documents">Documents each category requires</Link>
      </p>
      <Form method="get" className="row" aria-label="Filter suppliers">
        <div className="field">
          <label htmlFor="q">Search names and addresses</label>
          <input id="q" name="q" type="search" defaultValue={filters.q} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="category">Category</label>
          <select id="category" name="category" defaultValue={filters.category}>
            <option value="">All</option>
            {options.categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">Qualification</label>
          <select id="status" name="status" defaultValue={filters.status}>
            <option value="">All</option>
            {options.qualifications.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="consent">Answer to your invitation</label>
          <select id="consent" name="consent" defaultValue={filters.consent}>
            <option value="">All</option>
            {Object.entries(CONSENT_WORDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="country">Country</label>
          <select id="country" name="country" defaultValue={filters.country}>
            <option value="">All</option>
            {options.countries.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {suppliers.length === 0 ? (
        <p className="card muted">No suppliers to show.</p>
      ) : (
        <ul className="supplier-list" aria-label="Suppliers">
          {suppliers.map((s) => (
            <li key={s.id} className="card">
              <h2>
                <Link to={`/suppliers/${s.supplierOrgId}`}>{s.name}</Link>
              </h2>
              <div className="facts-line">
                <span>
                  Qualification: <StatusBadge status={s.qualification} />
                </span>
                <span>Answer: {CONSENT_WORDS[s.consent] ?? s.consent}</span>
                {s.country ? <span>Country: {s.country}</span> : null}
                <span>Categories: {s.categories.length > 0 ? s.categories.join(", ") : "none"}</span>
              </div>
              {s.unavailable ? <p className="hint">Cannot be chosen: {s.unavailable}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <nav className="actions" aria-label="Pages">
        {paged ? <Link to={pageLink(null)}>First page</Link> : null}
        {nextCursor ? <Link to={pageLink(nextCursor)}>Next page</Link> : null}
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
