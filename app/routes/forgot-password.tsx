import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";

import { MailMeALinkForm, type MailMeALinkData } from "~/components/mail-me-a-link-form";
import { getDb } from "~/db.server";
import { requestPasswordReset } from "~/models/people/password-reset.server";
import { addressSchema } from "~/models/people/signup.schema";
import { readForm } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Forgot your password");

/** Public. The same reply for every address: it never says whether one has an account. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = await readForm(request, addressSchema);
  if (!parsed.ok) return parsed.response;
  await requestPasswordReset(await getDb(), { email: parsed.value.email }, new Date());
  return { sent: parsed.value.email } satisfies MailMeALinkData;
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  return (
    <MailMeALinkForm
      title={t("Forgot your password?")}
      intro={<p>{t("Enter the address you sign in with; we mail you a link to choose a new password.")}</p>}
      sent={(email) =>
        t(
          "If {{email}} has a Quotient account, a link to choose a new password is on its way. It works once, for one hour.",
          { email },
        )
      }
      submitLabel={t("Send me a link")}
    />
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
