import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";

import { MailMeALinkForm, type MailMeALinkData } from "~/components/mail-me-a-link-form";
import { getDb } from "~/db.server";
import { addressSchema } from "~/models/people/signup.schema";
import { resendConfirmation } from "~/models/people/signup.server";
import { readForm } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Send the confirmation link again");

/** Public. The reply is the same for every address, so it tells no one which addresses have accounts. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = await readForm(request, addressSchema);
  if (!parsed.ok) return parsed.response;
  await resendConfirmation(await getDb(), { email: parsed.value.email }, new Date());
  return { sent: parsed.value.email } satisfies MailMeALinkData;
}

export default function ResendConfirmation() {
  const { t } = useTranslation();
  return (
    <MailMeALinkForm
      title={t("Send the confirmation link again")}
      sent={(email) =>
        t("If {{email}} signed up and is not confirmed yet, a new link is on its way. Earlier links no longer work.", {
          email,
        })
      }
      submitLabel={t("Send the link")}
    />
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
