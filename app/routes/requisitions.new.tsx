/**
 * A new requisition: from the catalogue or free text, with a cost centre
 * and a reason. Submitted at once and routed through the approval rule;
 * the page it lands on says where it stands.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { RequisitionForm } from "~/components/requisition-form";
import { createRequisition, requisitionFormOptions } from "~/models/requisitions/requisition-draft.server";
import { requisitionFormSchema } from "~/models/requisitions/requisition.schema";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { readQuery } from "~/utils/query.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "New requisition");

const NOT_YOURS = msg("Requisitions are asked for by requesters; an admin can give you the role.");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// "Add to requisition" on the catalogue names the item; anything else starts with free text.
const querySchema = z.object({ item: z.string().default("").catch("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "Requisition", NOT_YOURS);
  const { item } = readQuery(request, querySchema);
  const options = await requisitionFormOptions(ctx);
  const firstItem = UUID.test(item) && options.items.some((i) => i.id === item) ? item : "";
  // A week ahead: soon enough to be ordered now for most agreements, late enough for a supplier to deliver.
  const wantedBy = new Date(ctx.now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  return { ...options, firstItem, wantedBy, formToken: issueFormToken() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "Requisition", NOT_YOURS);
  const parsed = await readForm(request, requisitionFormSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const { id } = await once(
      ctx,
      { token: formTokenOf(parsed.submission), purpose: "requisition.create" },
      async (tx) => ({ id: (await createRequisition(tx, parsed.value)).id }),
    );
    return redirect(`/requisitions/${id}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function NewRequisition() {
  const { items, shipTos, currency, firstItem, wantedBy, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const { t } = useI18n();
  return (
    <>
      <h1>{t("New requisition")}</h1>
      <p className="hint">
        {t(
          "Catalogue lines are ordered from their agreements by themselves once approved; free-text lines go to the buyers to source.",
        )}
      </p>
      {shipTos.length === 0 ? (
        <p className="card muted">{t("Your organisation has no ship-to addresses yet: ask an admin to add one.")}</p>
      ) : (
        <RequisitionForm
          formToken={formToken}
          items={items}
          shipTos={shipTos.map((s) => ({ id: s.id, label: s.label }))}
          currency={currency}
          firstItem={firstItem}
          wantedBy={wantedBy}
          lastResult={lastResult}
          busy={busy}
        />
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
