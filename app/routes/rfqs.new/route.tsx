import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { rfqFormSchema } from "~/models/sourcing/rfq.schema";
import { createRfq } from "~/models/sourcing/rfq-draft.server";
import { supplierChoices } from "~/models/sourcing/rfq.server";
import { parseRfqForm } from "~/models/sourcing/rfq-lines-csv.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { instantToZonedLocal } from "~/utils/time";

import { RfqForm, type RfqFormValues } from "./rfq-form";

export const meta: MetaFunction = () => [{ title: "New RFQ · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request, ["buyer"]);
  const { ability } = ctx;
  if (!ability.can("create", "Rfq")) throw new Response("Only buyers create RFQs.", { status: 403 });
  const suppliers = await supplierChoices(ctx);
  const inAWeek = new Date(Date.now() + 7 * 86_400_000);
  inAWeek.setUTCHours(15, 0, 0, 0);
  return { suppliers, defaultDeadline: instantToZonedLocal(inAWeek, "UTC") };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request, ["buyer"]);
  const { ability } = ctx;
  if (!ability.can("create", "Rfq")) throw new Response("Only buyers create RFQs.", { status: 403 });
  const parsed = await parseRfqForm(request, rfqFormSchema);
  if (!parsed.ok) return Response.json(parsed.body, { status: 400 });
  try {
    const rfq = await createRfq(ctx, parsed.data);
    return redirect(`/rfqs/${rfq.id}`);
  } catch (error) {
    return actionErrorResponse(error, parsed.values);
  }
}

export default function NewRfq() {
  const { suppliers, defaultDeadline } = useLoaderData<typeof loader>();
  const data = useActionData<ActionErrorBody>();
  const navigation = useNavigation();
  return (
    <>
      <h1>New request for quotation</h1>
      <RfqForm
        suppliers={suppliers}
        values={(data?.values ?? {}) as RfqFormValues}
        errors={data?.errors ?? {}}
        busy={navigation.state === "submitting"}
        defaultDeadline={defaultDeadline}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
