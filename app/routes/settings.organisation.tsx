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
import { formatInstant } from "~/utils/time";
import { titled } from "~/i18n/meta";

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
  settings: "Organisation settings saved.",
  logo: "Logo saved. New PDFs of your purchase orders carry it.",
  "remove-logo": "Logo removed.",
};

export default function OrganisationSettingsPage() {
  const { name, settings, updatedAt, logo, tabs } = useLoaderData<typeof loader>();
  const result = useActionData<Saved | FormReply>();
  const reply = asReply(result);
  const busy = useNavigation().state !== "idle";
  const replyIntent = reply?.initialValue?.intent;
  return (
    <>
      <h1>Organisation settings</h1>
      <SettingsTabs tabs={tabs} />
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {result.ok === "settings" && result.changed === 0 ? "Nothing changed." : SAVED_MESSAGES[result.ok]}
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
        {updatedAt ? ` · last changed ${formatInstant(updatedAt, settings.defaultTimeZone)}` : ""}
      </p>
      <div className="grid2">
        <InputField field={fields.legalName} id="legalName" label="Legal name" autoComplete="organization" />
        <InputField
          field={fields.taxId}
          id="taxId"
          label="Tax ID (optional)"
          hint="VAT or other registration number."
        />
      </div>
      <TextareaField
        field={fields.billToAddress}
        id="billToAddress"
        label="Bill-to address"
        hint="Printed on your purchase orders as the buyer's address; one line per line."
        rows={4}
      />
      <div className="grid2">
        <SelectField
          field={fields.baseCurrency}
          id="baseCurrency"
          label="Base currency"
          hint="The currency new RFQs and POs start in."
          options={CURRENCIES}
        />
        <InputField
          field={fields.defaultTimeZone}
          id="defaultTimeZone"
          label="Default time zone"
          hint="An IANA name, like Europe/Berlin: times are shown in it to people who have not chosen their own."
          autoComplete="off"
          spellCheck={false}
        />
        <InputField
          field={fields.poNumberPrefix}
          id="poNumberPrefix"
          label="PO number prefix"
          hint="New purchase orders are numbered PREFIX-YEAR-000123; existing numbers stay as they are."
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <h2>Tolerances</h2>
      <div className="grid2">
        <InputField
          field={fields.receiptTolerancePercent}
          id="receiptTolerancePercent"
          label="Receipt tolerance (%)"
          hint="How much more than ordered may be received."
          inputMode="decimal"
        />
        <InputField
          field={fields.invoiceTolerancePercent}
          id="invoiceTolerancePercent"
          label="Match tolerance (%)"
          hint="How far invoiced prices and quantities may differ before an invoice is disputed."
          inputMode="decimal"
        />
      </div>
      <h2>Sign-in</h2>
      <div className="field">
        <CheckboxField
          field={fields.requireTwoFactor}
          id="requireTwoFactor"
          label="Require two-factor sign-in for finance and admin"
        />
        <p className="hint">
          Finance and admin people without it are asked to set it up at their next sign-in, before anything else.
        </p>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save organisation settings
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
        Logo
      </h2>
      {logo ? (
        <p>
          <img
            src={logo.dataUrl}
            alt="Your organisation's logo as printed on purchase orders"
            className="logo-preview"
            width={logo.width}
            height={logo.height}
          />
          <br />
          <span className="hint">
            {logo.contentType === "image/png" ? "PNG" : "JPEG"}, {logo.width} × {logo.height} pixels,{" "}
            {Math.ceil(logo.sizeBytes / 1024)} KB
          </span>
        </p>
      ) : (
        <p className="muted">No logo yet: purchase orders print your name only.</p>
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
          label={logo ? "Replace the logo" : "Upload a logo"}
          hint="PNG or JPEG, up to 512 KB and 2000 × 2000 pixels. It is printed at the top of your PO PDFs."
          errors={field.errors}
        >
          <input type="file" accept="image/png,image/jpeg" {...controlProps(field, "logo", { hint: true })} />
        </FieldFrame>
        <div className="actions">
          <button type="submit" className="secondary" disabled={busy}>
            Save logo
          </button>
        </div>
      </Form>
      {logo ? (
        <Form method="post" id={removeForm.id} onSubmit={removeForm.onSubmit} noValidate>
          <ErrorSummary form={removeForm} />
          <input type="hidden" name="intent" value="remove-logo" />
          <button type="submit" className="secondary" disabled={busy}>
            Remove logo
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
