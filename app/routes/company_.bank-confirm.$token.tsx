import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans } from "react-i18next";

import { DeadLinkCard } from "~/components/dead-link-card";
import { getDb } from "~/db.server";
import { bankLinkSchema } from "~/models/people/company.schema";
import { confirmBankChangeByLink, readBankLink } from "~/models/people/company.server";
import { readForm } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { msg } from "~/i18n/config";
import { useTranslation } from "~/i18n/react";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Confirm bank details");

/** Public: the mailed link is the credential. Opening it confirms nothing (mail scanners open links); the button does. */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readBankLink(await getDb(), { token: params.token ?? "", at: new Date() });
  if (link.state === "unknown") throw notFound("This confirmation link is not valid.");
  return link;
}

type ActionData = { confirmed: true } | { linkState: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = await readForm(request, bankLinkSchema);
  if (!parsed.ok) return parsed.response;
  const done = await confirmBankChangeByLink(await getDb(), { token: params.token ?? "", at: new Date() });
  if (done.confirmed) return { confirmed: true } satisfies ActionData;
  if (done.state === "unknown") throw notFound("This confirmation link is not valid.");
  return Response.json({ linkState: done.state } satisfies ActionData, { status: 409 });
}

const DEAD: Record<string, { title: string; text: string }> = {
  used: {
    title: msg("This link was already used"),
    text: msg("The change it confirms was confirmed or withdrawn already. Sign in to see your company's bank details."),
  },
  expired: {
    title: msg("This link has expired"),
    text: msg("Confirmation links work for 24 hours. Sign in, withdraw the change and propose it again."),
  },
};

export default function ConfirmBankDetails() {
  const { t } = useTranslation();
  const link = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state !== "idle";
  if (data && "confirmed" in data)
    return (
      <DeadLinkCard
        title={msg("Bank details confirmed")}
        text={msg(
          "The new bank details are in force. Your customers' finance teams are told and check the change before paying.",
        )}
        to="/login"
        action={msg("Sign in")}
      />
    );
  const dead = DEAD[data && "linkState" in data ? data.linkState : link.state];
  if (dead || !link.change) return <DeadLinkCard {...(dead ?? DEAD.used)} to="/login" action={msg("Sign in")} />;
  const change = link.change;
  return (
    <div className="login card stack">
      <h1>{t("Confirm new bank details")}</h1>
      <p>
        <Trans
          i18nKey="{{name}} proposed new bank details for <strong>{{organisation}}</strong>. Check them before you confirm: if you did not ask for this change, do not confirm it."
          values={{ name: change.proposedBy, organisation: change.organisationName }}
          components={{ strong: <strong /> }}
        />
      </p>
      <dl className="facts">
        <dt>{t("Account holder")}</dt>
        <dd>{change.accountHolder}</dd>
        <dt>{t("IBAN")}</dt>
        <dd>{change.iban}</dd>
        <dt>{t("BIC")}</dt>
        <dd>{change.bic}</dd>
      </dl>
      <Form method="post">
        <button type="submit" name="intent" value="confirm" disabled={busy}>
          {t("Confirm bank details")}
        </button>
      </Form>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
