import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { rfqFormSchema } from "~/models/sourcing/rfq.schema";
import { createRfq } from "~/models/sourcing/rfq-draft.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { supplierChoices } from "~/models/sourcing/rfq.server";
import { shipToChoices } from "~/models/shared/ship-to.server";
import { readRfqSubmission } from "~/models/sourcing/rfq-lines-csv.server";
import { replyWithError, type FormReply } from "~/utils/submission.server";
import { instantToZonedLocal } from "~/utils/time";

import { RfqForm } from "./rfq-form";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

const BUYERS_ONLY = msg("Only buyers create RFQs.");

export const meta: MetaFunction = ({ matches }) => titled(matches, "New RFQ");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "Rfq", BUYERS_ONLY);
  const [choices, shipTos] = await Promise.all([supplierChoices(ctx), shipToChoices(ctx)]);
  const inAWeek = new Date(Date.now() + 7 * 86_400_000);
  inAWeek.setUTCHours(15, 0, 0, 0);
  return {
    suppliers: choices.available,
    unavailable: choices.unavailable,
    shipTos,
    defaultDeadline: instantToZonedLocal(inAWeek, "UTC"),
    formToken: issueFormToken(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "Rfq", BUYERS_ONLY);
  const parsed = await readRfqSubmission(request, rfqFormSchema);
  if (!parsed.ok) return parsed.response;
  try {
    // Sent twice (double click, back and resend, replay): one RFQ, and both answers lead to it.
    const rfq = await once(ctx, { token: formTokenOf(parsed.submission), purpose: "rfq.create" }, async (tx) => ({
      id: (await createRfq(tx, parsed.value)).id,
    }));
    return redirect(`/rfqs/${rfq.id}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function NewRfq() {
  const { t } = useTranslation();
  const { suppliers, unavailable, shipTos, defaultDeadline, formToken } = useLoaderData<typeof loader>();
  const preferred = shipTos.find((s) => s.isDefault) ?? shipTos[0];
  const lastResult = useActionData<FormReply>();
  const navigation = useNavigation();
  return (
    <>
      <h1>{t("New request for quotation")}</h1>
      <RfqForm
        schema={rfqFormSchema}
        suppliers={suppliers}
        unavailable={unavailable}
        shipTos={shipTos}
        defaultValue={{ deadline: defaultDeadline, shipToId: preferred?.id }}
        lastResult={lastResult}
        formToken={formToken}
        busy={navigation.state === "submitting"}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
