/**
 * The organisation's settings, for its admin: particulars (legal name, tax
 * ID, bill-to address, base currency, default time zone, PO number prefix),
 * the receipt and match tolerances, and the logo printed on its PO PDFs.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import {
  CheckboxField,
  controlProps,
  FieldFrame,
  InputField,
  SelectField,
  TextareaField,
} from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { settingsTabsFor } from "~/components/main-navigation";
import { SettingsTabs } from "~/components/settings-tabs";
import {
  LOGO_MAX_BYTES,
  LOGO_TOO_LARGE,
  logoUploadSchema,
  organisationPageSchema,
  organisationSettingsSchema,
  removeLogoSchema,
} from "~/models/shared/organisation-settings.schema";
import { removeLogo, uploadLogo } from "~/models/shared/organisation-logo.server";
import { getOrganisationSettings, saveOrganisationSettings } from "~/models/shared/organisation-settings.server";
import { CURRENCIES } from "~/models/shared/vocabularies";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { readUploadSubmission, uploadedFile } from "~/utils/upload.server";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n, useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Organisation settings");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "update", "Organisation");
  return { ...(await getOrganisationSettings(ctx)), tabs: settingsTabsFor(ctx.ability) };
}

type Saved = { ok: "settings" | "logo" | "remove-logo"; changed?: number };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  // Refused before the form (or the upload) is read.
  requireAbility(ctx, "update", "Organisation");
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const parsed = await readUploadSubmission(request, logoUploadSchema, {
      maxBytes: LOGO_MAX_BYTES,
      tooLarge: LOGO_TOO_LARGE,
      intent: "logo",
    });
    if (!parsed.ok) return parsed.response;
    try {
      const file = await uploadedFile(parsed.value.attachment);
      await uploadLogo(ctx, { bytes: file.bytes });
      return { ok: "logo" } satisfies Saved;
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  const parsed = await readForm(request, organisationPageSchema);
  if (!parsed.ok) return parsed.response;
  try {
    if (parsed.value.intent === "remove-logo") {
      await removeLogo(ctx);
      return { ok: "remove-logo" } satisfies Saved;
    }
    const { changed } = await saveOrganisationSettings(ctx, parsed.value);
    return { ok: "settings", changed: changed.length } satisfies Saved;
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const SAVED_MESSAGES: Record<Saved["ok"], string> = {
  settings: msg("Organisation settings saved."),
  logo: msg("Logo saved. New PDFs of your purchase orders carry it."),
  "remove-logo": msg("Logo removed."),
};

export default function OrganisationSettingsPage() {
  const { name, settings, updatedAt, logo, tabs } = useLoaderData<typeof loader>();
  const result = useActionData<Saved | FormReply>();
  const reply = asReply(result);
  const busy = useNavigation().state !== "idle";
  const replyIntent = reply?.initialValue?.intent;
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("Organisation settings")}</h1>
      <SettingsTabs tabs={tabs} />
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {result.ok === "settings" && result.changed === 0 ? t("Nothing changed.") : t(SAVED_MESSAGES[result.ok])}
        </p>
      ) : null}
      <SettingsForm
        name={name}
        settings={settings}
        updatedAt={updatedAt}
        lastResult={replyIntent === "settings" ? reply : undefined}
        busy={busy}
      />
      <LogoSection
        logo={logo}
        lastResult={replyIntent === "logo" || replyIntent === "remove-logo" ? reply : undefined}
        busy={busy}
      />
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function SettingsForm({
  name,
  settings,
  updatedAt,
  lastResult,
  busy,
}: {
  name: string;
  settings: LoaderData["settings"];
  updatedAt: LoaderData["updatedAt"];
  lastResult: FormReply | undefined;
  busy: boolean;
}) {
  const { t, format } = useI18n();
  const [form, fields] = useSchemaForm(organisationSettingsSchema, {
    id: "settings-form",
    lastResult,
    defaultValue: { ...settings, intent: "settings" },
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="settings" />
      <p className="hint">
        {name}
        {updatedAt ? ` · ${t("last changed {{at}}", { at: format.instant(updatedAt) })}` : ""}
      </p>
      <div className="grid2">
        <InputField field={fields.legalName} id="legalName" label={t("Legal name")} autoComplete="organization" />
        <InputField
          field={fields.taxId}
          id="taxId"
          label={t("Tax ID (optional)")}
          hint={t("VAT or other registration number.")}
        />
      </div>
      <TextareaField
        field={fields.billToAddress}
        id="billToAddress"
        label={t("Bill-to address")}
        hint={t("Printed on your purchase orders as the buyer's address; one line per line.")}
        rows={4}
      />
      <div className="grid2">
        <SelectField
          field={fields.baseCurrency}
          id="baseCurrency"
          label={t("Base currency")}
          hint={t("The currency new RFQs and POs start in.")}
          options={CURRENCIES}
        />
        <InputField
          field={fields.defaultTimeZone}
          id="defaultTimeZone"
          label={t("Default time zone")}
          hint={t("An IANA name, like Europe/Berlin: times are shown in it to people who have not chosen their own.")}
          autoComplete="off"
          spellCheck={false}
        />
        <InputField
          field={fields.poNumberPrefix}
          id="poNumberPrefix"
          label={t("PO number prefix")}
          hint={t("New purchase orders are numbered PREFIX-YEAR-000123; existing numbers stay as they are.")}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <h2>{t("Tolerances")}</h2>
      <div className="grid2">
        <InputField
          field={fields.receiptTolerancePercent}
          id="receiptTolerancePercent"
          label={t("Receipt tolerance (%)")}
          hint={t("How much more than ordered may be received.")}
          inputMode="decimal"
        />
        <InputField
          field={fields.invoiceTolerancePercent}
          id="invoiceTolerancePercent"
          label={t("Match tolerance (%)")}
          hint={t("How far invoiced prices and quantities may differ before an invoice is disputed.")}
          inputMode="decimal"
        />
      </div>
      <h2>{t("Sign-in")}</h2>
      <div className="field">
        <CheckboxField
          field={fields.requireTwoFactor}
          id="requireTwoFactor"
          label={t("Require two-factor sign-in for finance and admin")}
        />
        <p className="hint">
          {t("Finance and admin people without it are asked to set it up at their next sign-in, before anything else.")}
        </p>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("Save organisation settings")}
        </button>
      </div>
    </Form>
  );
}

function LogoSection({
  logo,
  lastResult,
  busy,
}: {
  logo: LoaderData["logo"];
  lastResult: FormReply | undefined;
  busy: boolean;
}) {
  const { t, format } = useI18n();
  const [form, fields] = useSchemaForm(logoUploadSchema, {
    id: "logo-form",
    lastResult: lastResult?.initialValue?.intent === "logo" ? lastResult : undefined,
  });
  const [removeForm] = useSchemaForm(removeLogoSchema, {
    id: "remove-logo-form",
    lastResult: lastResult?.initialValue?.intent === "remove-logo" ? lastResult : undefined,
  });
  const field = fields.attachment;
  return (
    <section className="card stack" aria-labelledby="logo-heading">
      <h2 id="logo-heading" style={{ marginTop: 0 }}>
        {t("Logo")}
      </h2>
      {logo ? (
        <p>
          <img
            src={logo.dataUrl}
            alt={t("Your organisation's logo as printed on purchase orders")}
            className="logo-preview"
            width={logo.width}
            height={logo.height}
          />
          <br />
          <span className="hint">
            {t("{{type}}, {{width}} × {{height}} pixels, {{size}} KB", {
              type: logo.contentType === "image/png" ? "PNG" : "JPEG",
              width: format.number(logo.width),
              height: format.number(logo.height),
              size: format.number(Math.ceil(logo.sizeBytes / 1024)),
            })}
          </span>
        </p>
      ) : (
        <p className="muted">{t("No logo yet: purchase orders print your name only.")}</p>
      )}
      <Form
        method="post"
        encType="multipart/form-data"
        id={form.id}
        onSubmit={form.onSubmit}
        noValidate
        className="stack"
      >
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="logo" />
        <FieldFrame
          id="logo"
          label={logo ? t("Replace the logo") : t("Upload a logo")}
          hint={t("PNG or JPEG, up to 512 KB and 2000 × 2000 pixels. It is printed at the top of your PO PDFs.")}
          errors={field.errors}
        >
          <input type="file" accept="image/png,image/jpeg" {...controlProps(field, "logo", { hint: true })} />
        </FieldFrame>
        <div className="actions">
          <button type="submit" className="secondary" disabled={busy}>
            {t("Save logo")}
          </button>
        </div>
      </Form>
      {logo ? (
        <Form method="post" id={removeForm.id} onSubmit={removeForm.onSubmit} noValidate>
          <ErrorSummary form={removeForm} />
          <input type="hidden" name="intent" value="remove-logo" />
          <button type="submit" className="secondary" disabled={busy}>
            {t("Remove logo")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
