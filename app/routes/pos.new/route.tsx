import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { subject } from "~/auth/ability";
import { poFormSchema } from "~/models/ordering/purchase-order.schema";
import { createDirectPo, poFormOptions } from "~/models/ordering/draft.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { parseForm } from "~/utils/form";

import { PoForm, type PoFormValues } from "~/components/purchase-order-form";

export const meta: MetaFunction = () => [{ title: "New purchase order · Quotient" }];

function assertMayCreate(ability: Awaited<ReturnType<typeof requireContext>>["ability"], orgId: string) {
  if (!ability.can("create", subject("PurchaseOrder", { buyer_org_id: orgId }))) {
    throw new Response("Only buyers raise purchase orders.", { status: 403 });
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const { user, ability } = ctx;
  assertMayCreate(ability, user.orgId);
  return poFormOptions(ctx);
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const { user, ability } = ctx;
  assertMayCreate(ability, user.orgId);
  const parsed = parseForm(poFormSchema, await request.formData());
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  try {
    const { poId } = await createDirectPo(ctx, parsed.data);
    return redirect(`/pos/${poId}`);
  } catch (error) {
    return actionErrorResponse(error, parsed.data);
  }
}

export default function NewPo() {
  const { suppliers, currency, address } = useLoaderData<typeof loader>();
  const result = useActionData<ActionErrorBody>();
  const busy = useNavigation().state !== "idle";
  const values = (result?.values as PoFormValues | undefined) ?? { currency, deliveryAddress: address };
  return (
    <>
      <h1>New purchase order</h1>
      <PoForm
        values={values}
        errors={result?.errors ?? {}}
        suppliers={suppliers}
        submitLabel="Create draft purchase order"
        busy={busy}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
