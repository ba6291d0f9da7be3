import { randomUUID } from "node:crypto";

import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { AgreementForm } from "~/components/agreement-form";
import { agreementFormSchema } from "~/models/agreements/agreement.schema";
import { agreementFormOptions, createAgreement } from "~/models/agreements/agreement-draft.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "New agreement");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "Agreement", "Only buyers make agreements.");
  return { ...(await agreementFormOptions(ctx)), formKey: randomUUID(), formToken: issueFormToken() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "Agreement", "Only buyers make agreements.");
  const parsed = await readForm(request, agreementFormSchema);
  if (!parsed.ok) return parsed.response;
  try {
    // The key already makes a repeat find the first agreement; the token is the guard every creating form shares.
    const { id } = await once(
      ctx,
      { token: formTokenOf(parsed.submission), purpose: "agreement.create" },
      async (tx) => ({ id: (await createAgreement(tx, parsed.value)).id }),
    );
    return redirect(`/agreements/${id}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function NewAgreement() {
  const { suppliers, unavailable, currency, formKey, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  // A refused post keeps its key, so correcting and posting again still makes one agreement.
  const typedKey = lastResult?.initialValue?.key;
  return (
    <>
      <h1>{t("New agreement")}</h1>
      <p className="hint">
        {t("A draft until you send it; the supplier acknowledges it before anything can be ordered from it.")}
      </p>
      <AgreementForm
        formKey={typeof typedKey === "string" ? typedKey : formKey}
        formToken={formToken}
        currency={currency}
        suppliers={suppliers}
        unavailable={unavailable}
        lastResult={lastResult}
        busy={busy}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
