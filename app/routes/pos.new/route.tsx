import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { subject } from "~/auth/ability";
import { poFormSchema } from "~/models/ordering/purchase-order.schema";
import { createDirectPo, poFormOptions } from "~/models/ordering/draft.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { type FormReply, readForm, replyWithError } from "~/utils/submission.server";

import { PoForm } from "~/components/purchase-order-form";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";
import { forbidden } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => titled(matches, "New purchase order");

function assertMayCreate(ability: Awaited<ReturnType<typeof requireContext>>["ability"], orgId: string) {
  if (!ability.can("create", subject("PurchaseOrder", { buyer_org_id: orgId }))) {
    throw forbidden("Only buyers raise purchase orders.");
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { user, ability } = ctx;
  assertMayCreate(ability, user.orgId);
  return { ...(await poFormOptions(ctx)), formToken: issueFormToken() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const { user, ability } = ctx;
  assertMayCreate(ability, user.orgId);
  const parsed = await readForm(request, poFormSchema);
  if (!parsed.ok) return parsed.response;
  try {
    // The same form sent twice (double click, resend) makes one draft; both answers lead to it.
    const { poId } = await once(ctx, { token: formTokenOf(parsed.submission), purpose: "po.create" }, async (tx) => ({
      poId: (await createDirectPo(tx, parsed.value)).poId,
    }));
    return redirect(`/pos/${poId}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function NewPo() {
  const { suppliers, unavailable, currency, address, shipTos, formToken } = useLoaderData<typeof loader>();
  const preferred = shipTos.find((s) => s.isDefault) ?? shipTos[0];
  const lastResult = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("New purchase order")}</h1>
      <PoForm
        schema={poFormSchema}
        defaultValue={
          preferred ? { currency, shipToId: preferred.id, deliveryAddress: "" } : { currency, deliveryAddress: address }
        }
        lastResult={lastResult}
        suppliers={suppliers}
        unavailable={unavailable}
        shipTos={shipTos}
        submitLabel={t("Create draft purchase order")}
        busy={busy}
        formToken={formToken}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
