import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { readSessionId, sessionCookieHeader } from "~/auth/session.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField, TextareaField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { getDb } from "~/db.server";
import { registrationSchema } from "~/models/sourcing/registration.schema";
import {
  readRegistrationLink,
  registerSupplier,
  RegistrationLinkError,
  type RegistrationLink,
} from "~/models/sourcing/registration.server";
import { FormError } from "~/utils/errors";
import { type FormReply, readFormData, readSubmission, replyWithFieldErrors } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";
import { notFound } from "~/utils/http.server";
import { msg } from "~/i18n/config";
import { Trans } from "react-i18next";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Register your company");

/** The link's page: the invitation it carries, or why it no longer works. Public: the token is the credential. */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readRegistrationLink(await getDb(), params.token ?? "", new Date());
  if (link.state === "unknown") throw notFound("This registration link is not valid.");
  return { link: shown(link) };
}

/** What the page may show of the link: never more than the invitation it was mailed for. */
function shown(link: Exclude<RegistrationLink, { state: "unknown" }>) {
  return {
    state: link.state,
    email: link.email,
    buyerName: link.buyerName,
    rfqTitle: link.rfqTitle,
    rfqId: link.rfqId,
  };
}

type ActionData = FormReply | { link: ReturnType<typeof shown> };

/** A password is never sent back into the page. */
const HIDDEN = { hideFields: ["password"] };

export async function action({ request, params }: ActionFunctionArgs) {
  const db = await getDb();
  const formData = await readFormData(request);
  const parsed = readSubmission(formData, registrationSchema, HIDDEN);
  if (!parsed.ok) {
    // A dead link answers as such whatever was typed, so the person is not asked to fix a form that cannot succeed.
    const link = await readRegistrationLink(db, params.token ?? "", new Date());
    if (link.state === "unknown") throw notFound("This registration link is not valid.");
    if (link.state !== "ready") return Response.json({ link: shown(link) } satisfies ActionData, { status: 409 });
    return parsed.response;
  }
  try {
    const done = await registerSupplier(db, params.token ?? "", parsed.value, new Date(), await readSessionId(request));
    // Invited to a list, not to an RFQ: the customers page, where its documents are asked for.
    const landing = done.rfqId ? `/rfqs/${done.rfqId}` : "/relationships";
    return redirect(landing, { headers: { "Set-Cookie": await sessionCookieHeader(done.sessionId) } });
  } catch (error) {
    if (error instanceof RegistrationLinkError) {
      if (error.link.state === "unknown") throw notFound("This registration link is not valid.");
      return Response.json({ link: shown(error.link) } satisfies ActionData, { status: 409 });
    }
    if (error instanceof FormError) {
      return replyWithFieldErrors(parsed.submission, error.fieldErrors, HIDDEN);
    }
    throw error;
  }
}

// Keys whose text takes the link's {{email}} and {{buyer}}.
const DEAD: Record<string, { title: string; text: string }> = {
  used: {
    title: msg("This link has already been used"),
    text: msg("The registration for {{email}} is done. Sign in to work with {{buyer}}."),
  },
  expired: {
    title: msg("This link has expired"),
    text: msg("Registration links work for a limited time. Ask {{buyer}} to invite {{email}} again."),
  },
  account_exists: {
    title: msg("You already have an account"),
    text: msg("{{email}} already has a Quotient account. Sign in instead; {{buyer}} can then invite your company."),
  },
};

export default function Register() {
  const { t } = useTranslation();
  const { link: loaded } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const link = data && "link" in data ? data.link : loaded;
  const [form, fields] = useSchemaForm(registrationSchema, { lastResult: asReply(data) });

  const dead = DEAD[link.state];
  if (dead) {
    return (
      <div className="login card">
        <h1>{t(dead.title)}</h1>
        <p role="alert">{t(dead.text, { email: link.email, buyer: link.buyerName })}</p>
        <p>
          <Link
            className="button"
            to={`/login?${new URLSearchParams({ redirectTo: link.rfqId ? `/rfqs/${link.rfqId}` : "/relationships" })}`}
          >
            {t("Sign in")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="login card">
      <h1>{link.rfqTitle ? t("Register to quote") : t("Register your company")}</h1>
      {link.rfqTitle ? (
        <p>
          <Trans
            i18nKey="<strong>{{buyer}}</strong> invites you to quote on <strong>“{{title}}”</strong>. Register your company to open the request; you will be signed in as {{email}}."
            values={{ buyer: link.buyerName, title: link.rfqTitle, email: link.email }}
            components={{ strong: <strong /> }}
          />
        </p>
      ) : (
        <p>
          <Trans
            i18nKey="<strong>{{buyer}}</strong> invites you to join its suppliers. Registering your company tells them you agree to work with them; you will be signed in as {{email}}."
            values={{ buyer: link.buyerName, email: link.email }}
            components={{ strong: <strong /> }}
          />
        </p>
      )}
      <ErrorSummary form={form} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
        <InputField
          field={fields.organisationName}
          id="organisationName"
          label={t("Organisation name")}
          autoComplete="organization"
        />
        <TextareaField field={fields.address} id="address" label={t("Address")} rows={3} />
        <InputField field={fields.taxId} id="taxId" label={t("Tax id (optional)")} />
        <InputField field={fields.name} id="name" label={t("Your name")} autoComplete="name" />
        <InputField
          field={fields.password}
          id="password"
          label={t("Password")}
          hint={t("At least 12 characters, not built on your email address.")}
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" disabled={navigation.state !== "idle"}>
          {link.rfqTitle ? t("Register and open the request") : t("Register your company")}
        </button>
      </Form>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
