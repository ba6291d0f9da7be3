import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { changeOrderSchema } from "~/models/ordering/change-order.schema";
import { getChangeOrderForm, makeChangeOrder } from "~/models/ordering/change-order.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { requireId } from "~/utils/http.server";
import { toDecimal } from "~/utils/money";
import { type FormReply, readForm, replyWithError } from "~/utils/submission.server";

import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";
import { poStatusLabel } from "~/models/ordering/labels";

import { ChangeOrderForm, type ChangeFormValues } from "./change-form";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? titled(matches, "Change order for {{number}}", { number: data.po.number })
    : titled(matches, "Change order for purchase order");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { po, lines, changeable } = await getChangeOrderForm(ctx, {
    id: requireId(params.id, "No such purchase order."),
  });
  return {
    po: { id: po.id, number: po.number, status: po.status, version: po.version, revision: po.revision },
    formToken: issueFormToken(),
    poValues: { deliveryDate: po.delivery_date ?? undefined, notes: po.notes },
    lines: lines.map((l) => ({
      id: l.id,
      itemName: l.item_name,
      specification: l.specification,
      unit: l.unit,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      taxRate: l.tax_rate,
      received: toDecimal(l.received).toString(),
    })),
    changeable,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such purchase order.");
  const parsed = await readForm(request, changeOrderSchema);
  if (!parsed.ok) return parsed.response;
  try {
    // Sent twice (double click, resend), it makes one revision; both answers lead to it.
    const { revision } = await once(
      ctx,
      { token: formTokenOf(parsed.submission), purpose: "po.change" },
      async (tx) => ({ revision: (await makeChangeOrder(tx, { id, ...parsed.value })).revision }),
    );
    return redirect(`/pos/${id}?changed=${revision}`);
  } catch (error) {
    // The reply carries what was typed, not the parsed form: the rows keep the shape the form shows.
    return replyWithError(parsed.submission, error);
  }
}

/** "2.000" -> "2": the stored scale is not what the person typed, and the form checks decimals. */
const plain = (value: string) => toDecimal(value).toString();

export default function ChangeOrder() {
  const { po, poValues, lines, changeable, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  const saved: ChangeFormValues = {
    ...poValues,
    lines: lines.map((l) => ({
      lineId: l.id,
      quantity: plain(l.quantity),
      unitPrice: plain(l.unitPrice),
      taxRate: plain(l.taxRate),
    })),
  };
  return (
    <>
      <h1>{t("Change order for {{number}}", { number: po.number })}</h1>
      <p>
        <Link to={`/pos/${po.id}`}>{t("Back to the purchase order")}</Link>
      </p>
      {changeable ? (
        <>
          <p className="hint">
            {t(
              "Saving makes revision {{revision}}. If the total rises into an approval tier, finance approves it before the supplier gets it; otherwise it is issued to the supplier at once. Either way the supplier acknowledges the new revision. A quantity cannot go below what was already received.",
              { revision: po.revision + 1 },
            )}
          </p>
          <ChangeOrderForm
            defaultValue={saved}
            lastResult={lastResult}
            version={po.version}
            current={lines}
            busy={busy}
            formToken={formToken}
          />
        </>
      ) : (
        <p className="banner info">
          {t(
            "Only an issued, acknowledged or partially received purchase order can be changed; this one is {{status}}.",
            { status: t(poStatusLabel(po.status)) },
          )}
        </p>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
