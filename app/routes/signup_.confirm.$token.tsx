import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/submission.server";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { getDb } from "~/db.server";
import { confirmAddress, readConfirmationLink } from "~/models/people/signup.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";
import { notFound } from "~/utils/http.server";
import { msg } from "~/i18n/config";
import { Trans } from "react-i18next";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Confirm your address");

/**
 * The mailed link's page. Opening it changes nothing: mail scanners open
 * links too, and would spend a single-use link before its owner. The
 * button posts, and that confirms. Public: the token is the credential.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readConfirmationLink(await getDb(), params.token ?? "", new Date());
  if (link.state === "unknown") throw notFound("This confirmation link is not valid.");
  return { state: link.state, email: link.email ?? "" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // The button sends nothing to read, but the body is read all the same: a reply sent before it is,
  // with the connection kept alive, leaves the rest of the post to be taken for the next request.
  await readFormData(request).catch(() => null);
  const done = await confirmAddress(await getDb(), params.token ?? "", new Date());
  if (done.confirmed) return redirect("/login?done=confirmed");
  if (done.state === "unknown") throw notFound("This confirmation link is not valid.");
  return Response.json({ state: done.state }, { status: 409 });
}

const DEAD: Record<string, { title: string; text: string }> = {
  used: {
    title: msg("This link was already used"),
    text: msg(
      "The address may already be confirmed: try signing in. A link also stops working when a newer one is sent.",
    ),
  },
  expired: {
    title: msg("This link has expired"),
    text: msg("Confirmation links work for 24 hours. Ask for a new one and open it soon."),
  },
};

export default function ConfirmAddress() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<{ state: string }>();
  const navigation = useNavigation();
  const dead = DEAD[data?.state ?? loaded.state];
  if (dead) {
    return (
      <div className="login card">
        <h1>{t(dead.title)}</h1>
        <p role="alert">{t(dead.text)}</p>
        <p className="actions">
          <Link className="button" to="/login">
            {t("Sign in")}
          </Link>
          <Link className="button secondary" to="/signup/resend">
            {t("Send a new link")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="login card">
      <h1>{t("Confirm your address")}</h1>
      <p>
        <Trans
          i18nKey="Confirm that <strong>{{email}}</strong> is yours; then sign in."
          values={{ email: loaded.email }}
          components={{ strong: <strong /> }}
        />
      </p>
      <Form method="post">
        <button type="submit" disabled={navigation.state !== "idle"}>
          {t("Confirm my address")}
        </button>
      </Form>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
