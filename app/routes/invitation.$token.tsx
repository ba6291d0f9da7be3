import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { readSessionId, sessionCookieHeader } from "~/auth/session.server";
import { DeadLinkCard } from "~/components/dead-link-card";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { getDb } from "~/db.server";
import { acceptInvitation, readInvitation } from "~/models/people/invitation.server";
import { acceptInvitationSchema } from "~/models/people/users.schema";
import { replyWithError, type FormReply, readForm } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";
import { msg } from "~/i18n/config";
import { Trans } from "react-i18next";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Join your colleagues");

const INVALID = msg("This invitation link is not valid.");

/** Public: the token is the credential. Opening the link spends nothing; accepting does. */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readInvitation(await getDb(), params.token ?? "", new Date());
  if (link.state === "unknown") throw new Response(INVALID, { status: 404 });
  return { state: link.state, email: link.email ?? "", organisationName: link.organisationName ?? "" };
}

type ActionData = FormReply | { linkState: string };

/** A password is never sent back into the page. */
const HIDDEN = { hideFields: ["password"] };

export async function action({ request, params }: ActionFunctionArgs) {
  const db = await getDb();
  const token = params.token ?? "";
  const parsed = await readForm(request, acceptInvitationSchema, HIDDEN);
  if (!parsed.ok) {
    const link = await readInvitation(db, token, new Date());
    if (link.state === "unknown") throw new Response(INVALID, { status: 404 });
    if (link.state !== "ready") return Response.json({ linkState: link.state } satisfies ActionData, { status: 409 });
    return parsed.response;
  }
  try {
    const done = await acceptInvitation(db, token, parsed.value, new Date(), await readSessionId(request));
    if (done.accepted)
      return redirect("/dashboard", { headers: { "Set-Cookie": await sessionCookieHeader(done.sessionId) } });
    if (done.state === "unknown") throw new Response(INVALID, { status: 404 });
    return Response.json({ linkState: done.state } satisfies ActionData, { status: 409 });
  } catch (error) {
    return replyWithError(parsed.submission, error, HIDDEN);
  }
}

const DEAD: Record<string, { title: string; text: string }> = {
  used: {
    title: msg("This invitation was already used"),
    text: msg(
      "If you accepted it, sign in. A newer invitation also replaces older links; ask your admin to invite you again if you need one.",
    ),
  },
  expired: {
    title: msg("This invitation has expired"),
    text: msg("Invitation links work for 7 days. Ask your admin to send the invitation again."),
  },
};

export default function AcceptInvitation() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(acceptInvitationSchema, { lastResult: asReply(data) });
  const dead = DEAD[data && "linkState" in data ? data.linkState : loaded.state];
  if (dead) return <DeadLinkCard {...dead} to="/login" action={msg("Sign in")} />;
  return (
    <div className="login card">
      <h1>{t("Join {{organisation}}", { organisation: loaded.organisationName })}</h1>
      <p>
        <Trans
          i18nKey="You were invited as <strong>{{email}}</strong>. Choose the name your colleagues see and a password."
          values={{ email: loaded.email }}
          components={{ strong: <strong /> }}
        />
      </p>
      <ErrorSummary form={form} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
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
          {t("Accept and sign in")}
        </button>
      </Form>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
