import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { rfqEditSchema } from "~/models/sourcing/rfq.schema";
import { getDraftForm, updateDraftRfq } from "~/models/sourcing/rfq-draft.server";
import { loadRfqFor, supplierChoices } from "~/models/sourcing/rfq.server";
import { readRfqSubmission } from "~/models/sourcing/rfq-lines-csv.server";
import { replyWithError, type FormReply } from "~/utils/submission.server";
import { requireId } from "~/utils/http.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

import { RfqForm } from "./rfqs.new/rfq-form";
import { deliveryDefaults } from "~/components/form/delivery-address";
import { shipToChoices } from "~/models/shared/ship-to.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  titled(matches, "Edit {{title}}", { title: data?.values.title ?? "RFQ" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such RFQ.");
  const { rfq, values, editable } = await getDraftForm(ctx, { id });
  if (!editable) throw redirect(`/rfqs/${id}`);
  const [choices, shipTos] = await Promise.all([supplierChoices(ctx), shipToChoices(ctx)]);
  return {
    id,
    reference: rfq.reference,
    values,
    suppliers: choices.available,
    unavailable: choices.unavailable,
    shipTos,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such RFQ.");
  // Refused before the form is read, so nobody learns what a form they may not send would say.
  await loadRfqFor(ctx, id, "update");
  const parsed = await readRfqSubmission(request, rfqEditSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await updateDraftRfq(ctx, { id, ...parsed.value });
    return redirect(`/rfqs/${id}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function EditRfq() {
  const { t } = useTranslation();
  const { id, reference, values, suppliers, unavailable, shipTos } = useLoaderData<typeof loader>();
  const lastResult = useActionData<FormReply>();
  const navigation = useNavigation();
  const { version, ...saved } = values;
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${id}`}>{reference}</Link>
      </p>
      <h1>{t("Edit draft RFQ")}</h1>
      <RfqForm
        suppliers={suppliers}
        unavailable={unavailable}
        shipTos={shipTos}
        schema={rfqEditSchema}
        defaultValue={{ ...saved, ...deliveryDefaults(shipTos, saved.deliveryAddress) }}
        lastResult={lastResult}
        // After a refusal the typed values come back, but the version stays the one the page was loaded with.
        version={version}
        busy={navigation.state === "submitting"}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
