import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";

import { requireContextWithOrigin } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { RecoveryCodes } from "~/components/recovery-codes";
import {
  confirmTwoFactorSchema,
  disableTwoFactorSchema,
  regenerateCodesSchema,
  startTwoFactorSchema,
} from "~/models/people/two-factor.schema";
import {
  confirmTwoFactor,
  disableTwoFactor,
  getTwoFactorPage,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
} from "~/models/people/two-factor.server";
import { readFormData, readSubmission, replyWithError } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { msg } from "~/i18n/config";
import { badRequest } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Two-factor sign-in");

/** Anyone signed in: the page only ever reads and writes the person's own two-factor settings. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireContextWithOrigin({ request, context });
  return { ...(await getTwoFactorPage(ctx)), timeZone: ctx.user.timeZone };
}

const HIDDEN = { hideFields: ["code", "password"] };
const intentSchema = z.object({ intent: z.enum(["start", "confirm", "regenerate", "disable"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireContextWithOrigin({ request, context });
  const formData = await readFormData(request);
  const intent = intentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) return badRequest("Unknown action.");
  switch (intent.data.intent) {
    case "start": {
      const parsed = readSubmission(formData, startTwoFactorSchema);
      if (!parsed.ok) return parsed.response;
      try {
        await startTwoFactorSetup(ctx);
      } catch (error) {
        return replyWithError(parsed.submission, error);
      }
      return { ok: "start" };
    }
    case "confirm": {
      const parsed = readSubmission(formData, confirmTwoFactorSchema, HIDDEN);
      if (!parsed.ok) return parsed.response;
      try {
        return { ok: "confirm", ...(await confirmTwoFactor(ctx, { code: parsed.value.code })) };
      } catch (error) {
        return replyWithError(parsed.submission, error, HIDDEN);
      }
    }
    case "regenerate": {
      const parsed = readSubmission(formData, regenerateCodesSchema, HIDDEN);
      if (!parsed.ok) return parsed.response;
      try {
        return { ok: "regenerate", ...(await regenerateRecoveryCodes(ctx, { code: parsed.value.code })) };
      } catch (error) {
        return replyWithError(parsed.submission, error, HIDDEN);
      }
    }
    case "disable": {
      const parsed = readSubmission(formData, disableTwoFactorSchema, HIDDEN);
      if (!parsed.ok) return parsed.response;
      try {
        await disableTwoFactor(ctx, { password: parsed.value.password, code: parsed.value.code });
      } catch (error) {
        return replyWithError(parsed.submission, error, HIDDEN);
      }
      return { ok: "disable" };
    }
  }
}

const DONE: Record<string, string> = {
  start: msg("Add Quotient to your authenticator app, then type the code it shows to turn two-factor sign-in on."),
  confirm: msg("Two-factor sign-in is on. From your next sign-in, Quotient asks for a code after your password."),
  regenerate: msg("New recovery codes are ready; the earlier ones no longer work."),
  disable: msg("Two-factor sign-in is off. Your password alone signs you in."),
};

export default function TwoFactorPage() {
  const { t, format } = useI18n();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<unknown>();
  const navigation = useNavigation();
  const ok =
    typeof result === "object" && result !== null && "ok" in result && typeof result.ok === "string" ? result.ok : null;
  const codes =
    typeof result === "object" && result !== null && "recoveryCodes" in result && Array.isArray(result.recoveryCodes)
      ? (result.recoveryCodes as string[])
      : null;
  const reply = asReply(result);
  const replyTo = (intent: string): SubmissionResult<string[]> | undefined =>
    reply?.initialValue?.intent === intent ? reply : undefined;
  const [startForm] = useSchemaForm(startTwoFactorSchema, { id: "start", lastResult: replyTo("start") });
  const [confirmForm, confirmFields] = useSchemaForm(confirmTwoFactorSchema, {
    id: "confirm",
    lastResult: replyTo("confirm"),
  });
  const [regenerateForm, regenerateFields] = useSchemaForm(regenerateCodesSchema, {
    id: "regenerate",
    lastResult: replyTo("regenerate"),
  });
  const [disableForm, disableFields] = useSchemaForm(disableTwoFactorSchema, {
    id: "disable",
    lastResult: replyTo("disable"),
  });
  const busy = navigation.state !== "idle";
  return (
    <>
      <p>
        <Link to="/profile">{t("← Your profile")}</Link>
      </p>
      <h1>{t("Two-factor sign-in")}</h1>
      {ok ? (
        <p className="banner ok" role="status">
          {t(DONE[ok] ?? "")}
        </p>
      ) : null}
      {codes ? <RecoveryCodes codes={codes} /> : null}
      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">{page.enabled ? t("On") : t("Off")}</h2>
        {page.enabled ? (
          <p>
            {t(
              "On since {{since}}. After your password, Quotient asks for the code your authenticator app shows. {{unused}} of 10 recovery codes unused.",
              { since: page.enabledAt ? format.instant(page.enabledAt) : "—", unused: page.unusedRecoveryCodes },
            )}
          </p>
        ) : (
          <p>
            {t(
              "With two-factor sign-in, your password alone is not enough: Quotient also asks for a code from an app on your phone.",
            )}
          </p>
        )}
        {page.required ? (
          <p className="hint">{t("Your organisation requires two-factor sign-in for finance and admin.")}</p>
        ) : null}
        {!page.enabled && !page.setup ? (
          <>
            <ErrorSummary form={startForm} />
            <Form method="post" id={startForm.id}>
              <input type="hidden" name="intent" value="start" />
              <button type="submit" disabled={busy}>
                {t("Set up two-factor sign-in")}
              </button>
            </Form>
          </>
        ) : null}
      </section>
      {!page.enabled && page.setup ? (
        <section className="card" aria-labelledby="setup-heading">
          <h2 id="setup-heading">{t("Add Quotient to your app")}</h2>
          <p>{t("Scan this code with an authenticator app, or type the key below into it.")}</p>
          <img
            src={page.setup.qrDataUrl}
            alt={t("QR code to add Quotient to an authenticator app")}
            width={200}
            height={200}
            className="qr"
          />
          <p>
            {t("Key:")} <code className="secret">{page.setup.secretGroups}</code>
          </p>
          <ErrorSummary form={confirmForm} />
          <Form method="post" id={confirmForm.id} onSubmit={confirmForm.onSubmit} className="stack" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <InputField
              field={confirmFields.code}
              id="confirm-code"
              label={t("Code from the app")}
              autoComplete="one-time-code"
              inputMode="numeric"
            />
            <button type="submit" disabled={busy}>
              {t("Turn on two-factor sign-in")}
            </button>
          </Form>
        </section>
      ) : null}
      {page.enabled ? (
        <section className="card" aria-labelledby="regenerate-heading">
          <h2 id="regenerate-heading">{t("Recovery codes")}</h2>
          <p>{t("New codes replace every earlier one, used or not.")}</p>
          <ErrorSummary form={regenerateForm} />
          <Form method="post" id={regenerateForm.id} onSubmit={regenerateForm.onSubmit} className="stack" noValidate>
            <input type="hidden" name="intent" value="regenerate" />
            <InputField
              field={regenerateFields.code}
              id="regenerate-code"
              label={t("Code from the app")}
              autoComplete="one-time-code"
              inputMode="numeric"
            />
            <button type="submit" disabled={busy}>
              {t("Make new recovery codes")}
            </button>
          </Form>
        </section>
      ) : null}
      {page.enabled && !page.required ? (
        <section className="card" aria-labelledby="disable-heading">
          <h2 id="disable-heading">{t("Turn off")}</h2>
          <ErrorSummary form={disableForm} />
          <Form method="post" id={disableForm.id} onSubmit={disableForm.onSubmit} className="stack" noValidate>
            <input type="hidden" name="intent" value="disable" />
            <InputField
              field={disableFields.password}
              id="disable-password"
              label={t("Current password")}
              type="password"
              autoComplete="current-password"
            />
            <InputField
              field={disableFields.code}
              id="disable-code"
              label={t("Code from the app, or a recovery code")}
              autoComplete="one-time-code"
            />
            <button type="submit" className="danger" disabled={busy}>
              {t("Turn off two-factor sign-in")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
