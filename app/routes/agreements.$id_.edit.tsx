/**
 * A draft agreement's edit by its buyer: terms, validity, caps and items,
 * saved with the version the buyer read. Anyone who may not change it gets
 * the agreement's 404 or 403 from its use case; a sent one is no longer a
 * draft and says so.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";
import { STATUS_LABELS } from "~/models/agreements/agreement-labels";
import { AgreementEditForm, type AgreementEditValues } from "~/components/agreement-form";
import { agreementEditSchema } from "~/models/agreements/agreement.schema";
import { getAgreementForEdit, updateDraftAgreement } from "~/models/agreements/agreement-edit.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { requireId } from "~/utils/http.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  titled(matches, "Edit agreement {{number}}", { number: data?.agreement.number ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such agreement.");
  return { ...(await getAgreementForEdit(ctx, { id })), formToken: issueFormToken() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such agreement.");
  const parsed = await readForm(request, agreementEditSchema);
  if (!parsed.ok) return parsed.response;
  try {
    // The version already refuses a second save over the first; the token makes the repeat land where the first did.
    await once(ctx, { token: formTokenOf(parsed.submission), purpose: "agreement.edit" }, (tx) =>
      updateDraftAgreement(tx, { id, ...parsed.value }),
    );
    return redirect(`/agreements/${id}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function EditAgreement() {
  const { agreement: a, supplierName, items, editable, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  const saved: AgreementEditValues = {
    title: a.title,
    validFrom: a.valid_from,
    validTo: a.valid_to,
    valueCap: a.value_cap ?? "",
    paymentTerms: a.payment_terms ?? "",
    incoterm: a.incoterm ?? "",
    leadTimeDays: String(a.lead_time_days),
    items,
  };
  return (
    <>
      <h1>{t("Edit agreement {{number}}", { number: a.number })}</h1>
      <p>
        <Link to={`/agreements/${a.id}`}>{t("Back to the agreement")}</Link>
      </p>
      {!editable ? (
        <p className="banner info">
          {t("Only a draft can be edited; this one is {{status}}.", { status: t(STATUS_LABELS[a.status]) })}
        </p>
      ) : (
        <>
          <p className="hint">
            {t("With {{supplier}}, in {{currency}}. The supplier sees nothing of it until you send it.", {
              supplier: supplierName,
              currency: a.currency,
            })}
          </p>
          <AgreementEditForm
            version={a.version}
            formToken={formToken}
            defaultValue={saved}
            lastResult={lastResult}
            busy={busy}
          />
        </>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
