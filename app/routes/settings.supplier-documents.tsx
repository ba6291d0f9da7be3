/**
 * The documents the organisation requires of its suppliers, per category
 * ("Fasteners" -> "ISO 9001 certificate"), kept by buyers and admins; and
 * the admin's choice to suspend a supplier automatically when one of its
 * required documents expires. Suppliers upload them on their side; buyers
 * approve or reject each on the supplier's page.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { subject } from "~/auth/ability";
import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { CheckboxField, InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { settingsTabsFor } from "~/components/main-navigation";
import { SettingsTabs } from "~/components/settings-tabs";
import {
  addRequirementSchema,
  expirySettingSchema,
  requirementsActionSchema,
} from "~/models/sourcing/supplier-documents.schema";
import {
  addRequirement,
  listRequirements,
  removeRequirement,
  setSuspendOnExpiry,
} from "~/models/sourcing/supplier-documents.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Supplier documents");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "qualify", "SupplierRelationship", "Only buyers and admins keep the supplier list.");
  return {
    ...(await listRequirements(ctx)),
    tabs: settingsTabsFor(ctx.ability),
    canChangeExpiry: ctx.ability.can("update", subject("Organisation", { id: ctx.actor.orgId })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "qualify", "SupplierRelationship", "Only buyers and admins keep the supplier list.");
  const parsed = await readForm(request, requirementsActionSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.value;
  try {
    if (input.intent === "require") await addRequirement(ctx, input);
    if (input.intent === "remove") await removeRequirement(ctx, input);
    if (input.intent === "expiry") await setSuspendOnExpiry(ctx, { enabled: input.suspendOnExpiry });
    return { ok: input.intent };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const DONE = {
  require: msg("Required. Suppliers of that category see it on their side."),
  remove: msg("No longer required."),
  expiry: msg("Saved."),
} as const;

export default function SupplierDocumentSettings() {
  const { requirements, suspendOnExpiry, tabs, canChangeExpiry } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: keyof typeof DONE } | FormReply>();
  const reply = asReply(result);
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("Supplier documents")}</h1>
      <SettingsTabs tabs={tabs} />
      <p className="hint">
        {t(
          "The documents suppliers of each category must send you, each with its expiry date. You approve or reject them on the supplier's page; suppliers are mailed 30 and 7 days before one expires.",
        )}{" "}
        <Link to="/suppliers">{t("Suppliers")}</Link>
      </p>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {t(DONE[result.ok])}
        </p>
      ) : null}
      <section className="card" aria-labelledby="required-heading">
        <h2 id="required-heading">{t("Required documents")}</h2>
        {requirements.length === 0 ? <p className="muted">{t("No category requires a document yet.")}</p> : null}
        <ul aria-label={t("Required documents")}>
          {requirements.map((r) => (
            <li key={r.id}>
              <Form method="post" className="row">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="id" value={r.id} />
                <span>
                  {r.category}: {r.documentType}
                </span>{" "}
                <button type="submit" className="secondary" disabled={busy}>
                  {t("Stop requiring {{document}} for {{category}}", {
                    document: r.documentType,
                    category: r.category,
                  })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <RequireForm reply={reply?.initialValue?.intent === "require" ? reply : undefined} busy={busy} />
      </section>
      <section className="card" aria-labelledby="expiry-heading">
        <h2 id="expiry-heading">{t("When a document expires")}</h2>
        {canChangeExpiry ? (
          <ExpiryForm
            suspendOnExpiry={suspendOnExpiry}
            reply={reply?.initialValue?.intent === "expiry" ? reply : undefined}
            busy={busy}
          />
        ) : (
          <p>
            {suspendOnExpiry
              ? t("Suppliers are suspended when a required document expires.")
              : t("Suppliers are not suspended when a required document expires.")}{" "}
            {t("An admin changes this.")}
          </p>
        )}
      </section>
    </>
  );
}

function RequireForm({ reply, busy }: { reply: FormReply | undefined; busy: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(addRequirementSchema, { id: "require-form", lastResult: reply });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="require" />
      <InputField
        field={fields.category}
        id="category"
        label={t("Category")}
        hint={t("As on your suppliers, e.g. Fasteners")}
      />
      <InputField
        field={fields.documentType}
        id="documentType"
        label={t("Document")}
        hint={t("e.g. ISO 9001 certificate")}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("Require document")}
        </button>
      </div>
    </Form>
  );
}

function ExpiryForm({
  suspendOnExpiry,
  reply,
  busy,
}: {
  suspendOnExpiry: boolean;
  reply: FormReply | undefined;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(expirySettingSchema, {
    id: "expiry-form",
    lastResult: reply,
    defaultValue: { suspendOnExpiry: suspendOnExpiry ? "on" : "" },
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="expiry" />
      <div>
        <CheckboxField field={fields.suspendOnExpiry} label={t("Suspend suppliers when a required document expires")} />
      </div>
      <div className="actions">
        <button type="submit" className="secondary" disabled={busy}>
          {t("Save")}
        </button>
      </div>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
