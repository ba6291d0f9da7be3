import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField, SelectField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { changePasswordSchema } from "~/models/people/password.schema";
import { TIME_ZONES } from "~/models/people/places";
import { profileSchema } from "~/models/people/profile.schema";
import { changePassword, getProfile, updateProfile } from "~/models/people/profile.server";
import { readSubmission, replyWithError, readFormData } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";
import { badRequest } from "~/utils/http.server";
import { msg } from "~/i18n/config";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Your profile");

/** Anyone signed in: the page only ever reads and writes the person's own row. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  // The zones are listed on the server, so the page offers exactly what the action accepts.
  return { profile: await getProfile(ctx), timeZones: TIME_ZONES };
}

/** Passwords are never sent back into the page. */
const HIDDEN = { hideFields: ["currentPassword", "newPassword"] };

const intentSchema = z.object({ intent: z.enum(["profile", "password"]) });

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const formData = await readFormData(request);
  const intent = intentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) return badRequest("Unknown action.");
  if (intent.data.intent === "profile") {
    const parsed = readSubmission(formData, profileSchema);
    if (!parsed.ok) return parsed.response;
    await updateProfile(ctx, { name: parsed.value.name, timeZone: parsed.value.timeZone });
    return { ok: "profile" };
  }
  const parsed = readSubmission(formData, changePasswordSchema, HIDDEN);
  if (!parsed.ok) return parsed.response;
  try {
    await changePassword(ctx, {
      currentPassword: parsed.value.currentPassword,
      newPassword: parsed.value.newPassword,
      keepSessionId: ctx.user.sessionId,
    });
  } catch (error) {
    return replyWithError(parsed.submission, error, HIDDEN);
  }
  return { ok: "password" };
}

const DONE: Record<string, string> = {
  profile: msg("Your profile is saved."),
  password: msg("Your password is changed. Every other session of yours has ended; this one stays signed in."),
};

export default function Profile() {
  const { t } = useTranslation();
  const { profile, timeZones } = useLoaderData<typeof loader>();
  const result = useActionData<unknown>();
  const navigation = useNavigation();
  const done =
    typeof result === "object" && result !== null && "ok" in result && typeof result.ok === "string"
      ? DONE[result.ok]
      : null;
  const reply = asReply(result);
  const replyTo = (intent: string): SubmissionResult<string[]> | undefined =>
    reply?.initialValue?.intent === intent ? reply : undefined;
  const [profileForm, profileFields] = useSchemaForm(profileSchema, {
    id: "profile",
    lastResult: replyTo("profile"),
    defaultValue: { intent: "profile", name: profile.name, timeZone: profile.timeZone },
  });
  const [passwordForm, passwordFields] = useSchemaForm(changePasswordSchema, {
    id: "password",
    lastResult: replyTo("password"),
  });
  const busy = navigation.state !== "idle";
  return (
    <>
      <h1>{t("Your profile")}</h1>
      {done ? (
        <p className="banner ok" role="status">
          {t(done)}
        </p>
      ) : null}
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("Name and time zone")}</h2>
        <p className="hint">{t("You sign in as {{email}}.", { email: profile.email })}</p>
        <ErrorSummary form={profileForm} />
        <Form method="post" id={profileForm.id} onSubmit={profileForm.onSubmit} className="stack" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <InputField field={profileFields.name} id="name" label={t("Name")} autoComplete="name" />
          <SelectField
            field={profileFields.timeZone}
            id="timeZone"
            label={t("Time zone")}
            hint={t("Dates and times are shown in this zone.")}
            options={timeZones}
          />
          <button type="submit" disabled={busy}>
            {t("Save profile")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">{t("Two-factor sign-in")}</h2>
        <p>
          {profile.twoFactor
            ? t("On: after your password, Quotient asks for a code from your authenticator app.")
            : t("Off: your password alone signs you in.")}
        </p>
        <p>
          <Link to="/profile/two-factor">{t("Manage two-factor sign-in")}</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("Password")}</h2>
        <ErrorSummary form={passwordForm} />
        <Form method="post" id={passwordForm.id} onSubmit={passwordForm.onSubmit} className="stack" noValidate>
          <input type="hidden" name="intent" value="password" />
          <InputField
            field={passwordFields.currentPassword}
            id="currentPassword"
            label={t("Current password")}
            type="password"
            autoComplete="current-password"
          />
          <InputField
            field={passwordFields.newPassword}
            id="newPassword"
            label={t("New password")}
            hint={t("At least 12 characters, not built on your email address. Your other sessions end.")}
            type="password"
            autoComplete="new-password"
          />
          <button type="submit" disabled={busy}>
            {t("Change password")}
          </button>
        </Form>
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
