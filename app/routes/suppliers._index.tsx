/**
 * The buying organisation's supplier list: every supplier it has a
 * relationship with, newest first, searchable and filtered by category,
 * qualification, consent and country, keyset paged like the RFQ list. A
 * supplier that has not accepted is shown by the address the buyer typed.
 * One card per supplier, so a phone reads it without sideways scrolling.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ListFilterForm, ListPages, SearchFilter, SelectFilter } from "~/components/list-filters";
import { usePageLink } from "~/components/sortable-header";
import { StatusBadge } from "~/components/status-badge";
import { cursorField, searchField, statusFilterField } from "~/models/shared/fields.schema";
import { listSuppliers, supplierFilterOptions } from "~/models/sourcing/supplier-list.server";
import { readQuery } from "~/utils/query.server";
import { SUPPLIER_QUALIFICATION_STATUSES } from "../../workflows/supplier-qualification.machine";
import { SUPPLIER_RELATIONSHIP_STATUSES } from "../../workflows/supplier-relationship.machine";

export const meta: MetaFunction = () => [{ title: "Suppliers · Quotient" }];

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
  const pageLink = usePageLink();
  return (
    <>
      <h1>Suppliers</h1>
      <p className="hint">
        Only suppliers that accepted to work with you and that you approved can be invited to RFQs, awarded or sent
        purchase orders. A supplier that has not accepted yet is shown by the address you invited.{" "}
        <Link to="/settings/supplier-documents">Documents each category requires</Link>
      </p>
      <ListFilterForm className="row" label="Filter suppliers">
        <SearchFilter label="Search names and addresses" defaultValue={filters.q} />
        <SelectFilter name="category" label="Category" defaultValue={filters.category} options={options.categories} />
        <SelectFilter
          name="status"
          label="Qualification"
          defaultValue={filters.status}
          options={options.qualifications}
        />
        <SelectFilter
          name="consent"
          label="Answer to your invitation"
          defaultValue={filters.consent}
          options={Object.entries(CONSENT_WORDS).map(([value, label]) => ({ value, label }))}
        />
        <SelectFilter name="country" label="Country" defaultValue={filters.country} options={options.countries} />
      </ListFilterForm>
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
      <ListPages className="actions" paged={paged} nextCursor={nextCursor} pageLink={pageLink} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
