import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { Fact } from "~/components/facts";
import { StatusBadge } from "~/components/status-badge";
import { getRevision } from "~/models/ordering/revisions.server";
import { changeHiddenFrom } from "~/models/ordering/purchase-order.server";
import { notFound, requireId } from "~/utils/http.server";
import { TableFrame } from "~/components/table-frame";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { paymentTermsLabel, unitLabel } from "~/models/ordering/labels";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? titled(matches, "{{number}} revision {{revision}}", { number: data.po.number, revision: data.shown.revision })
    : titled(matches, "Purchase order revision");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { ability } = ctx;
  const id = requireId(params.id, "No such purchase order.");
  // Not a revision number: still a 404 from getRevision, after it checked the PO may be read at all.
  const revision = /^[1-9]\d{0,5}$/.test(params.revision ?? "") ? Number(params.revision) : Number.NaN;
  const page = await getRevision(ctx, { id, revision });
  if (!changeHiddenFrom(ability, page.po)) return { ...page, changePending: false };
  // The supplier sees the revision in force, not the change the buyer is still approving.
  if (page.shown.revision === page.po.revision) throw notFound("No such revision of this purchase order.");
  const inForce = page.shown.revision === page.po.revision - 1;
  return {
    ...page,
    following: inForce ? null : page.following,
    diff: inForce ? null : page.diff,
    changePending: inForce,
  };
}

export default function PoRevision() {
  const { po, buyerName, supplierName, shown, following, diff, changePending } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const money = (value: string) => format.money(value, shown.currency);
  const price = (value: string) => format.unitPrice(value, shown.currency);
  const unit = (code: string) => t(unitLabel(code));
  const isCurrent = shown.revision === po.revision;
  return (
    <>
      <h1>
        {t("Purchase order {{number}}, revision {{revision}}", { number: po.number, revision: shown.revision })}{" "}
        {isCurrent ? <StatusBadge status={po.status} /> : null}
      </h1>
      <p>
        {changePending ? null : <Link to={`/pos/${po.id}`}>{t("Back to the purchase order")}</Link>}
        {changePending
          ? null
          : isCurrent
            ? ` ${t("(this is the current revision)")}`
            : ` ${t("(the current revision is {{revision}})", { revision: po.revision })}`}
      </p>
      {changePending ? (
        <p className="banner info" role="status">
          {t("The buyer is changing this order. Revision {{revision}} stays in force until you receive the change.", {
            revision: shown.revision,
          })}
        </p>
      ) : !isCurrent ? (
        <p className="banner info">
          {t("This revision was replaced by revision {{revision}}; it is kept as it was, for reference.", {
            revision: shown.revision + 1,
          })}
        </p>
      ) : null}
      <section className="card">
        <dl className="facts">
          <dt>{t("Buyer")}</dt>
          <dd>{buyerName}</dd>
          <dt>{t("Supplier")}</dt>
          <dd>{supplierName}</dd>
          <dt>{shown.revision === 1 ? t("Created") : t("Changed")}</dt>
          <dd>{t("{{at}} by {{name}}", { at: format.instant(shown.madeAt), name: shown.authorName })}</dd>
          <Fact label={t("Reason for the change")}>{shown.reason}</Fact>
          <Fact label={t("Issued")}>{shown.issuedAt ? format.instant(shown.issuedAt) : null}</Fact>
          <Fact label={t("Delivery date")}>{shown.deliveryDate ? format.date(shown.deliveryDate) : null}</Fact>
          <Fact label={t("Delivery address")}>{shown.deliveryAddress}</Fact>
          <Fact label={t("Payment terms")}>{shown.paymentTerms ? t(paymentTermsLabel(shown.paymentTerms)) : null}</Fact>
          <Fact label={t("Notes")}>{shown.notes}</Fact>
        </dl>
      </section>
      <TableFrame label={t("Lines of this revision")}>
        <table>
          <caption className="sr-only">{t("Lines of revision {{revision}}", { revision: shown.revision })}</caption>
          <thead>
            <tr>
              <th>#</th>
              <th>{t("Item")}</th>
              <th className="num">{t("Quantity")}</th>
              <th className="num">{t("Unit price")}</th>
              <th className="num">{t("Tax %")}</th>
              <th className="num">{t("Line total")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.position}</td>
                <td>
                  {l.itemName}
                  <div className="hint">{l.specification}</div>
                </td>
                <td className="num">
                  {format.quantity(l.quantity)} {unit(l.unit)}
                </td>
                <td className="num">{price(l.unitPrice)}</td>
                <td className="num">{format.quantity(l.taxRate)}</td>
                <td className="num">{money(l.lineTotal)}</td>
              </tr>
            ))}
            <tr>
              <th colSpan={5} className="num">
                {t("Subtotal")}
              </th>
              <td className="num">{money(shown.subtotal)}</td>
            </tr>
            <tr>
              <th colSpan={5} className="num">
                {t("Tax")}
              </th>
              <td className="num">{money(shown.taxTotal)}</td>
            </tr>
            <tr>
              <th colSpan={5} className="num">
                {t("Total")}
              </th>
              <td className="num">
                <strong>{money(shown.total)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      </TableFrame>

      {diff && following ? (
        <section className="card">
          <h2 style={{ marginTop: 0 }}>{t("What revision {{revision}} changed", { revision: following.revision })}</h2>
          <p>
            {t("{{at}} by {{name}}", { at: format.instant(following.madeAt), name: following.authorName })}
            {following.reason ? `: ${following.reason}` : ""}
          </p>
          <ul>
            {diff.added.map((l) => (
              <li key={`added-${l.id}`}>
                {t("Line added: {{item}}, {{quantity}} {{unit}} at {{price}} ({{total}})", {
                  item: l.itemName,
                  quantity: format.quantity(l.quantity),
                  unit: unit(l.unit),
                  price: price(l.unitPrice),
                  total: money(l.lineTotal),
                })}
              </li>
            ))}
            {diff.removed.map((l) => (
              <li key={`removed-${l.id}`}>
                {t("Line removed: {{item}}, {{quantity}} {{unit}} ({{total}})", {
                  item: l.itemName,
                  quantity: format.quantity(l.quantity),
                  unit: unit(l.unit),
                  total: money(l.lineTotal),
                })}
              </li>
            ))}
            {diff.changed.map((c) => (
              <li key={`changed-${c.after.id}`}>
                {t("Line changed: {{item}}", { item: c.before.itemName })}
                {c.fields.includes("item") && c.after.itemName !== c.before.itemName ? ` → ${c.after.itemName}` : ""}
                {c.fields.includes("quantity")
                  ? t("; quantity {{before}} → {{after}} {{unit}}", {
                      before: format.quantity(c.before.quantity),
                      after: format.quantity(c.after.quantity),
                      unit: unit(c.after.unit),
                    })
                  : ""}
                {c.fields.includes("unitPrice")
                  ? t("; unit price {{before}} → {{after}}", {
                      before: price(c.before.unitPrice),
                      after: price(c.after.unitPrice),
                    })
                  : ""}
                {c.fields.includes("taxRate")
                  ? t("; tax {{before}}% → {{after}}%", {
                      before: format.quantity(c.before.taxRate),
                      after: format.quantity(c.after.taxRate),
                    })
                  : ""}
                {c.fields.includes("lineTotal")
                  ? t("; line total {{before}} → {{after}}", {
                      before: money(c.before.lineTotal),
                      after: money(c.after.lineTotal),
                    })
                  : ""}
              </li>
            ))}
            {diff.header.map((h) => {
              const amount = ["Subtotal", "Tax", "Total"].includes(h.field);
              const date = h.field === "Delivery date";
              const show = (v: string) => (!v ? t("none") : amount ? money(v) : date ? format.date(v) : v);
              return (
                <li key={h.field}>
                  {t(h.field)}: {show(h.before)} → {show(h.after)}
                </li>
              );
            })}
          </ul>
          <p>
            <Link to={`/pos/${po.id}/revisions/${following.revision}`}>
              {t("Open revision {{revision}}", { revision: following.revision })}
            </Link>
          </p>
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
