/**
 * The public "mail me a link" page: one address field, and the same answer
 * for every address sent (the page never says whether one has an account).
 * Password resets and new confirmation links share it; each route says
 * what the link is for and calls its own use case.
 */
import type { ReactNode } from "react";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { addressSchema } from "~/models/people/signup.schema";
import type { FormReply } from "~/utils/submission.server";
import { useTranslation } from "~/i18n/react";

/** What the action answers: the form's errors, or the address a link was (perhaps) sent to. */
export type MailMeALinkData = FormReply | { sent: string };

export function MailMeALinkForm({
  title,
  intro,
  sent,
  submitLabel,
}: {
  /** Already in the viewer's words, like every text passed here. */
  title: string;
  intro?: ReactNode;
  /** The answer once sent, worded so that it holds whether or not the address has an account. */
  sent: (email: string) => ReactNode;
  submitLabel: string;
}) {
  const data = useActionData<MailMeALinkData>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(addressSchema, { lastResult: asReply(data) });
  return (
    <div className="login card">
      <h1>{title}</h1>
      {data && "sent" in data ? (
        <p className="banner ok" role="status">
          {sent(data.sent)}
        </p>
      ) : (
        (intro ?? null)
      )}
      <ErrorSummary form={form} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
        <InputField field={fields.email} id="email" label={t("Email")} type="email" autoComplete="email" />
        <button type="submit" disabled={navigation.state !== "idle"}>
          {submitLabel}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("Back to sign in")}</Link>
      </p>
    </div>
  );
}
