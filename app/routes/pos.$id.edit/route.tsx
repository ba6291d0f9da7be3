import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { poEditSchema } from "~/models/ordering/purchase-order.schema";
import { getDraftForEdit, poFormOptions, updateDraftPo } from "~/models/ordering/draft.server";
import { requireId } from "~/utils/http.server";
import { toDecimal } from "~/utils/money";
import { type FormReply, readForm, replyWithError } from "~/utils/submission.server";

import { PoForm, type PoFormValues } from "~/components/purchase-order-form";
import { deliveryDefaults } from "~/components/form/delivery-address";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";
import { poStatusLabel } from "~/models/ordering/labels";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? titled(matches, "Edit {{number}}", { number: data.po.number }) : titled(matches, "Edit purchase order");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { po, lines, editable } = await getDraftForEdit(ctx, { id: requireId(params.id, "No such purchase order.") });
  const { suppliers, shipTos } = await poFormOptions(ctx);
  return { po, lines, editable, suppliers, shipTos };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such purchase order.");
  const parsed = await readForm(request, poEditSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await updateDraftPo(ctx, { id, ...parsed.value });
    return redirect(`/pos/${id}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

/** "2.000" -> "2": the stored scale is not what the person typed, and the form checks decimals. */
const plain = (value: string) => toDecimal(value).toString();

export default function EditPo() {
  const { po, lines, editable, suppliers, shipTos } = useLoaderData<typeof loader>();
  const lastResult = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  const saved: PoFormValues = {
    supplierOrgId: po.supplier_org_id,
    currency: po.currency,
    ...deliveryDefaults(shipTos, po.delivery_address),
    deliveryDate: po.delivery_date ?? undefined,
    paymentTerms: po.payment_terms ?? undefined,
    incoterm: po.incoterm ?? undefined,
    notes: po.notes,
    lines: lines.map((l) => ({
      itemName: l.item_name,
      specification: l.specification,
      quantity: plain(l.quantity),
      unit: l.unit,
      unitPrice: plain(l.unit_price),
      taxRate: plain(l.tax_rate),
    })),
  };
  return (
    <>
      <h1>{t("Edit purchase order {{number}}", { number: po.number })}</h1>
      <p>
        <Link to={`/pos/${po.id}`}>{t("Back to the purchase order")}</Link>
      </p>
      {!editable ? (
        <p className="banner info">
          {t("Only a draft can be edited; this one is {{status}}.", { status: t(poStatusLabel(po.status)) })}
        </p>
      ) : (
        <PoForm
          schema={poEditSchema}
          defaultValue={saved}
          lastResult={lastResult}
          version={po.version}
          suppliers={suppliers}
          shipTos={shipTos}
          submitLabel={t("Save draft")}
          busy={busy}
        />
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
