/**
 * The buying organisation's supplier list: every supplier it has a
 * relationship with, newest first, searchable and filtered by category,
 * qualification, consent and country, keyset paged like the RFQ list. A
 * supplier that has not accepted is shown by the address the buyer typed.
 * One card per supplier, so a phone reads it without sideways scrolling.
 * Buyers and admins add a supplier here by inviting its address.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { subject } from "~/auth/ability";
import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField } from "~/components/form/fields";
import { FormTokenField } from "~/components/form/form-token-field";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { ListFilterForm, ListPages, SearchFilter, SelectFilter } from "~/components/list-filters";
import { usePageLink } from "~/components/sortable-header";
import { StatusBadge } from "~/components/status-badge";
import { cursorField, searchField, statusFilterField } from "~/models/shared/fields.schema";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { inviteSupplierSchema } from "~/models/sourcing/supplier-invitation.schema";
import {
  assertMayInviteSuppliers,
  inviteSupplier,
  listWaitingSupplierInvitations,
  type InviteSupplierOutcome,
} from "~/models/sourcing/supplier-invitation.server";
import { listSuppliers, supplierFilterOptions } from "~/models/sourcing/supplier-list.server";
import { readQuery } from "~/utils/query.server";
import { type FormReply, readForm, replyWithError } from "~/utils/submission.server";
import { SUPPLIER_QUALIFICATION_STATUSES } from "../../workflows/supplier-qualification.machine";
import { SUPPLIER_RELATIONSHIP_STATUSES } from "../../workflows/supplier-relationship.machine";
import { msg, translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

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
    .refine((v) => v === "" || /^[A-Za-z]{2}$/.test(v), msg("Choose a country from the list.")),
  after: cursorField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "qualify", "SupplierRelationship", "Only buyers and admins keep the supplier list.");
  const query = readQuery(request, querySchema);
  const mayInvite = ctx.ability.can("create", subject("SupplierRelationship", { buyer_org_id: ctx.actor.orgId }));
  const [page, options, waiting] = await Promise.all([
    listSuppliers(ctx, {
      q: query.q,
      category: query.category || undefined,
      qualification: query.status,
      consent: query.consent,
      country: query.country || undefined,
      after: query.after,
    }),
    supplierFilterOptions(ctx),
    listWaitingSupplierInvitations(ctx),
  ]);
  return {
    mayInvite,
    waiting,
    formToken: issueFormToken(),
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

type ActionData = FormReply | InviteSupplierOutcome;

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  // Refused before the form is read, so someone who may not invite learns nothing from its checks.
  assertMayInviteSuppliers(ctx);
  const parsed = await readForm(request, inviteSupplierSchema);
  if (!parsed.ok) return parsed.response;
  try {
    return (await once(ctx, { token: formTokenOf(parsed.submission), purpose: "supplier.invite" }, (tx) =>
      inviteSupplier(tx, parsed.value),
    )) satisfies ActionData;
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const OUTCOME_WORDS = {
  invited: msg(
    "{{email}} is invited. The supplier appears on your list once it registers or accepts; you approve it then.",
  ),
  already_invited: msg(
    "{{email}} was already invited and has not answered yet; its categories are updated. No second mail was sent.",
  ),
} as const;

const CONSENT_WORDS: Record<string, string> = {
  invited: msg("Invited, not answered"),
  active: msg("Accepted"),
  declined: msg("Declined"),
  blocked: msg("Ended"),
};

export default function SupplierList() {
  const { suppliers, nextCursor, paged, filters, options, mayInvite, waiting, formToken } =
    useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const done = data && "outcome" in data ? data : null;
  // A new form after each invitation, so the next one starts empty.
  const [form, fields] = useSchemaForm(inviteSupplierSchema, {
    id: `add-supplier-${formToken}`,
    lastResult: asReply(data),
  });
  const pageLink = usePageLink();
  return (
    <>
      <h1>{t("Suppliers")}</h1>
      <p className="hint">
        {t(
          "Only suppliers that accepted to work with you and that you approved can be invited to RFQs, awarded or sent purchase orders. A supplier that has not accepted yet is shown by the address you invited.",
        )}{" "}
        <Link to="/settings/supplier-documents">{t("Documents each category requires")}</Link>
      </p>
      {done ? (
        <p className="banner ok" role="status">
          {done.outcome === "listed"
            ? t("{{name}} ({{email}}) already works with you; its categories are updated.", {
                name: done.name,
                email: done.email,
              })
            : t(OUTCOME_WORDS[done.outcome], { email: done.email })}
        </p>
      ) : null}
      {mayInvite ? (
        <details className="card" open={Boolean(data && !done)}>
          <summary>{t("Add a supplier")}</summary>
          <p className="hint">
            {t(
              "The address gets a link to register its company, or, if it already uses Quotient, a request to accept.",
            )}
          </p>
          <ErrorSummary form={form} />
          <Form key={form.id} method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
            <FormTokenField token={formToken} />
            <InputField field={fields.email} id="supplier-email" label={t("Email")} type="email" autoComplete="off" />
            <InputField field={fields.contactName} id="supplier-contact" label={t("Contact name (optional)")} />
            <InputField
              field={fields.categories}
              id="supplier-categories"
              label={t("Categories")}
              hint={t("Separated by commas, for example: Fasteners, Packaging")}
            />
            <button type="submit" disabled={navigation.state !== "idle"}>
              {t("Invite supplier")}
            </button>
          </Form>
        </details>
      ) : null}
      {waiting.length > 0 ? (
        <section aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">{t("Invited, not registered yet")}</h2>
          <ul className="supplier-list" aria-label={t("Invited, not registered yet")}>
            {waiting.map((w) => (
              <li key={w.id} className="card">
                <h3>{w.email}</h3>
                <div className="facts-line">
                  {w.contactName ? <span>{t("Contact: {{name}}", { name: w.contactName })}</span> : null}
                  <span>{t("Categories: {{categories}}", { categories: w.categories.join(", ") })}</span>
                  <span>
                    {w.expiresAt
                      ? w.expired
                        ? t("Link expired {{at}}", { at: format.instant(w.expiresAt) })
                        : t("Link works until {{at}}", { at: format.instant(w.expiresAt) })
                      : t("Asked on Quotient")}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ListFilterForm className="row" label={t("Filter suppliers")}>
        <SearchFilter label={t("Search names and addresses")} defaultValue={filters.q} />
        <SelectFilter
          name="category"
          label={t("Category")}
          defaultValue={filters.category}
          options={options.categories}
        />
        <SelectFilter
          name="status"
          label={t("Qualification")}
          defaultValue={filters.status}
          options={options.qualifications}
        />
        <SelectFilter
          name="consent"
          label={t("Answer to your invitation")}
          defaultValue={filters.consent}
          options={Object.entries(CONSENT_WORDS).map(([value, label]) => ({ value, label: t(label) }))}
        />
        <SelectFilter
          name="country"
          label={t("Country")}
          defaultValue={filters.country}
          options={options.countries.map((c) => ({ value: c, label: format.country(c) }))}
        />
      </ListFilterForm>
      {suppliers.length === 0 ? (
        <p className="card muted">{t("No suppliers to show.")}</p>
      ) : (
        <ul className="supplier-list" aria-label={t("Suppliers")}>
          {suppliers.map((s) => (
            <li key={s.id} className="card">
              <h2>
                <Link to={`/suppliers/${s.supplierOrgId}`}>{s.name}</Link>
              </h2>
              <div className="facts-line">
                <span>
                  {t("Qualification:")} <StatusBadge status={s.qualification} />
                </span>
                <span>
                  {t("Answer: {{answer}}", {
                    answer: CONSENT_WORDS[s.consent] ? t(CONSENT_WORDS[s.consent]) : s.consent,
                  })}
                </span>
                {s.country ? <span>{t("Country: {{country}}", { country: format.country(s.country) })}</span> : null}
                <span>
                  {t("Categories: {{categories}}", {
                    categories: s.categories.length > 0 ? s.categories.join(", ") : t("none"),
                  })}
                </span>
              </div>
              {s.unavailable ? (
                <p className="hint">{t("Cannot be chosen: {{why}}", { why: translated(t, s.unavailable) })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ListPages className="actions" paged={paged} nextCursor={nextCursor} pageLink={pageLink} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
