import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { DeadLinkCard } from "~/components/dead-link-card";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { getDb } from "~/db.server";
import { readResetLink, resetPassword } from "~/models/people/password-reset.server";
import { resetPasswordSchema } from "~/models/people/password.schema";
import { replyWithError, type FormReply, readForm } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";
import { msg } from "~/i18n/config";
import { Trans } from "react-i18next";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Choose a new password");

const INVALID = msg("This password link is not valid.");

/** Public: the token is the credential. Opening the link spends nothing; choosing the password does. */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readResetLink(await getDb(), params.token ?? "", new Date());
  if (link.state === "unknown") throw new Response(INVALID, { status: 404 });
  return { state: link.state, email: link.email ?? "" };
}

type ActionData = FormReply | { linkState: string };

/** A password is never sent back into the page. */
const HIDDEN = { hideFields: ["password"] };

export async function action({ request, params }: ActionFunctionArgs) {
  const db = await getDb();
  const parsed = await readForm(request, resetPasswordSchema, HIDDEN);
  if (!parsed.ok) {
    // A dead link answers as such whatever was typed: there is no form to fix.
    const link = await readResetLink(db, params.token ?? "", new Date());
    if (link.state === "unknown") throw new Response(INVALID, { status: 404 });
    if (link.state !== "ready") return Response.json({ linkState: link.state } satisfies ActionData, { status: 409 });
    return parsed.response;
  }
  try {
    const done = await resetPassword(db, params.token ?? "", parsed.value, new Date());
    if (done.done) return redirect("/login?done=reset");
    if (done.state === "unknown") throw new Response(INVALID, { status: 404 });
    return Response.json({ linkState: done.state } satisfies ActionData, { status: 409 });
  } catch (error) {
    return replyWithError(parsed.submission, error, HIDDEN);
  }
}

const DEAD: Record<string, { title: string; text: string }> = {
  used: {
    title: msg("This link was already used"),
    text: msg("Each link works once, and a newer link replaces older ones. Ask for a new link if you still need one."),
  },
  expired: {
    title: msg("This link has expired"),
    text: msg("Password links work for one hour. Ask for a new one."),
  },
};

export default function ResetPassword() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(resetPasswordSchema, { lastResult: asReply(data) });
  const dead = DEAD[data && "linkState" in data ? data.linkState : loaded.state];
  if (dead) return <DeadLinkCard {...dead} to="/forgot-password" action={msg("Ask for a new link")} />;
  return (
    <div className="login card">
      <h1>{t("Choose a new password")}</h1>
      <p>
        <Trans
          i18nKey="For <strong>{{email}}</strong>. Every session signed in with the old password ends."
          values={{ email: loaded.email }}
          components={{ strong: <strong /> }}
        />
      </p>
      <ErrorSummary form={form} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
        <InputField
          field={fields.password}
          id="password"
          label={t("New password")}
          hint={t("At least 12 characters, not built on your email address.")}
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" disabled={navigation.state !== "idle"}>
          {t("Set the new password")}
        </button>
      </Form>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
