/** A new reorder rule: an item of the catalogue at one of the organisation's sites, and how much to order. */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { CheckboxField, SelectField } from "~/components/form/fields";
import { FormTokenField } from "~/components/form/form-token-field";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { ReorderSizingFields } from "~/components/reorder-sizing-fields";
import { createRule, ruleFormOptions } from "~/models/requisitions/reorder-rules.server";
import { newRuleSchema } from "~/models/requisitions/reorder.schema";
import { unitLabel } from "~/models/shared/vocabulary-labels";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "New reorder rule");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "ReorderRule", "Only buyers and admins keep reorder rules.");
  return { ...(await ruleFormOptions(ctx)), formToken: issueFormToken() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "ReorderRule", "Only buyers and admins keep reorder rules.");
  const parsed = await readForm(request, newRuleSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const { id } = await once(
      ctx,
      { token: formTokenOf(parsed.submission), purpose: "reorder.rule.create" },
      async (tx) => createRule(tx, parsed.value),
    );
    return redirect(`/reorder/${id}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function NewReorderRule() {
  const { items, sites, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useSchemaForm(newRuleSchema, { lastResult });
  const { t } = useI18n();
  return (
    <>
      <h1>{t("New reorder rule")}</h1>
      <p className="hint">
        {t(
          "The item is named as the catalogue names it. At each run the rule orders from an agreement in force that offers it: the one you prefer while it is in force, else the cheapest.",
        )}
      </p>
      {items.length === 0 || sites.length === 0 ? (
        <p className="card muted">
          {items.length === 0
            ? t("No agreement in force offers anything yet: a rule needs an item of the catalogue.")
            : t("Your organisation has no ship-to addresses yet: an admin adds them under Settings.")}{" "}
          <Link to="/reorder">{t("Back to reorder rules")}</Link>
        </p>
      ) : (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
          <ErrorSummary form={form} />
          <FormTokenField token={formToken} />
          <SelectField
            field={fields.itemId}
            label={t("Item")}
            options={items.map((i) => ({
              value: i.value,
              label: t("{{item}} ({{unit}}), {{agreement}}, {{supplier}}", {
                item: i.itemName,
                unit: t(unitLabel(i.unit)),
                agreement: i.agreementNumber,
                supplier: i.supplierName,
              }),
            }))}
            placeholder={t("Choose an item")}
          />
          <div className="field">
            <CheckboxField field={fields.preferItem} label={t("Prefer this agreement while it is in force")} />
          </div>
          <SelectField field={fields.siteId} label={t("Site")} options={sites} placeholder={t("Choose a site")} />
          <ReorderSizingFields fields={fields} />
          <div className="row actions">
            <button type="submit" disabled={busy}>
              {t("Create rule")}
            </button>
            <Link to="/reorder">{t("Cancel")}</Link>
          </div>
        </Form>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
