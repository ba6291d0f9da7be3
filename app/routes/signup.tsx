import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";

import { getCurrentUser } from "~/auth/session.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField, SelectField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { getDb } from "~/db.server";
import { COUNTRY_OPTIONS } from "~/models/people/places";
import { signupSchema } from "~/models/people/signup.schema";
import { signUp } from "~/models/people/signup.server";
import { replyWithError, type FormReply, readForm } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { Trans } from "react-i18next";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Sign up your company");

/** Public. Someone already signed in has a company. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) return redirect("/dashboard");
  // Named on the server, so the browser renders the very labels the page was sent with.
  return { countries: COUNTRY_OPTIONS };
}

/** A password is never sent back into the page. */
const HIDDEN = { hideFields: ["password"] };

type ActionData = FormReply | { sent: string };

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await readForm(request, signupSchema, HIDDEN);
  if (!parsed.ok) return parsed.response;
  try {
    await signUp(await getDb(), parsed.value, new Date());
  } catch (error) {
    return replyWithError(parsed.submission, error, HIDDEN);
  }
  // The same reply whether or not the address already had an account (its owner is told by mail).
  return { sent: parsed.value.email } satisfies ActionData;
}

export default function Signup() {
  const { t, format } = useI18n();
  const { countries } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(signupSchema, { lastResult: asReply(data) });
  // Read once the page runs in the browser (the server cannot know it): the organisation's first default zone.
  const [browserZone, setBrowserZone] = useState("");
  useEffect(() => setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? ""), []);

  if (data && "sent" in data) {
    return (
      <div className="login card">
        <h1>{t("Check your inbox")}</h1>
        <p role="status">
          <Trans
            i18nKey="We sent a link to <strong>{{email}}</strong>. Open it to confirm the address; then sign in. The link works for 24 hours."
            values={{ email: data.sent }}
            components={{ strong: <strong /> }}
          />
        </p>
        <p>
          <Trans
            i18nKey="Nothing arrived after a few minutes? <resend>Send the link again</resend>."
            components={{ resend: <Link to="/signup/resend" /> }}
          />
        </p>
      </div>
    );
  }
  return (
    <div className="login card">
      <h1>{t("Sign up your company")}</h1>
      <p>{t("Set up your buying organisation; you become its admin and can invite your colleagues.")}</p>
      <ErrorSummary form={form} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
        <input type="hidden" name="timeZone" value={browserZone} />
        <InputField
          field={fields.organisationName}
          id="organisationName"
          label={t("Organisation name")}
          hint={t("The name your colleagues and suppliers know.")}
          autoComplete="organization"
        />
        <InputField
          field={fields.legalName}
          id="legalName"
          label={t("Legal name")}
          hint={t("As registered, for documents.")}
        />
        <SelectField
          field={fields.country}
          id="country"
          label={t("Country")}
          options={countries.map((c) => ({ value: c.value, label: format.country(c.value) }))}
          placeholder={t("Choose the country")}
        />
        <InputField field={fields.name} id="name" label={t("Your name")} autoComplete="name" />
        <InputField field={fields.email} id="email" label={t("Your work email")} type="email" autoComplete="email" />
        <InputField
          field={fields.password}
          id="password"
          label={t("Password")}
          hint={t("At least 12 characters, not built on your email address.")}
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" disabled={navigation.state !== "idle"}>
          {t("Sign up")}
        </button>
      </Form>
      <p>
        {t("Already on Quotient?")} <Link to="/login">{t("Sign in")}</Link>
      </p>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
