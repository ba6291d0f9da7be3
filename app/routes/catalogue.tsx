/**
 * The catalogue: what the organisation's agreements in force offer today,
 * searchable by item, category and supplier. One row per item per
 * agreement: the same item under two agreements shows twice, each with its
 * own price, and links to the agreement to order from.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { TableFrame } from "~/components/table-frame";
import { getCatalogue } from "~/models/agreements/catalogue.server";
import { searchField } from "~/models/shared/fields.schema";
import { readQuery } from "~/utils/query.server";
import { z } from "zod";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { unitLabel } from "~/models/shared/vocabulary-labels";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Catalogue");

// The search form's fields; a supplier that is not an id reads as every supplier (an old or edited link).
const querySchema = z.object({
  q: searchField(200),
  category: searchField(100),
  supplier: z.string().default("").catch(""),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "browse", "Agreement", "The catalogue is for the buying organisation's people.");
  const { q, category, supplier } = readQuery(request, querySchema);
  const catalogue = await getCatalogue(ctx, {
    q,
    category: category || undefined,
    supplierOrgId: UUID.test(supplier) ? supplier : undefined,
  });
  return {
    ...catalogue,
    q,
    category,
    supplier,
    // A requester orders from here without reading the agreements behind the prices.
    can: {
      readAgreements: ctx.ability.can("read", "Agreement"),
      requisition: ctx.ability.can("create", "Requisition"),
    },
  };
}

export default function Catalogue() {
  const { rows, suppliers, categories, q, category, supplier, can } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <h1>{t("Catalogue")}</h1>
      <p className="hint">
        {t("What your agreements in force offer today, at their prices.")}{" "}
        {can.requisition ? t("Add what you need to a requisition.") : t("Order from the agreement.")}
      </p>
      <Form method="get" className="row actions" role="search">
        <div className="field">
          <label htmlFor="q">{t("Item")}</label>
          <input id="q" name="q" type="search" defaultValue={q} placeholder={t("Hex bolt")} />
        </div>
        <div className="field">
          <label htmlFor="category">{t("Category")}</label>
          <select id="category" name="category" defaultValue={category}>
            <option value="">{t("All")}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="supplier">{t("Supplier")}</label>
          <select id="supplier" name="supplier" defaultValue={supplier}>
            <option value="">{t("All")}</option>
            {suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("Search")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="card muted">{t("Nothing in the catalogue matches.")}</p>
      ) : (
        <TableFrame label={t("Catalogue items")}>
          <table>
            <thead>
              <tr>
                <th>{t("Item")}</th>
                <th>{t("Category")}</th>
                <th>{t("Supplier")}</th>
                <th className="num">{t("Price")}</th>
                <th>{t("Agreement")}</th>
                <th>{t("Lead time")}</th>
                {can.requisition ? (
                  <th>
                    <span className="sr-only">{t("Order")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.itemName}
                    {r.specification ? <div className="hint">{r.specification}</div> : null}
                  </td>
                  <td>{r.category}</td>
                  <td>{r.supplierName}</td>
                  <td className="num">
                    {t("{{price}} / {{unit}}", {
                      price: format.unitPrice(r.unitPrice, r.currency),
                      unit: t(unitLabel(r.unit)),
                    })}
                    {r.hasBreaks ? <div className="hint">{t("less in quantity")}</div> : null}
                  </td>
                  <td>
                    {can.readAgreements ? (
                      <Link to={`/agreements/${r.agreementId}`}>{r.agreementNumber}</Link>
                    ) : (
                      r.agreementNumber
                    )}
                    <div className="hint">{t("until {{day}}", { day: format.date(r.validTo) })}</div>
                  </td>
                  <td>{t("{{count}} days", { count: r.leadTimeDays })}</td>
                  {can.requisition ? (
                    <td>
                      <Link
                        to={`/requisitions/new?item=${r.id}`}
                        aria-label={t("Add to requisition: {{item}} ({{number}})", {
                          item: r.itemName,
                          number: r.agreementNumber,
                        })}
                      >
                        {t("Add to requisition")}
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
