/**
 * Which events also come by mail: every event that can reach the person,
 * ticked by default. Whatever is unticked still shows in the app.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { FieldError } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { mailChoicesSchema } from "~/models/shared/notification.schema";
import { getMailChoices, saveMailChoices } from "~/models/shared/notifications.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { Trans } from "react-i18next";

import { translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Notification settings");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "update", "Notification");
  return getMailChoices(ctx);
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "update", "Notification");
  const parsed = await readForm(request, mailChoicesSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await saveMailChoices(ctx, { byMail: parsed.value.byMail });
    return { ok: true as const };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function NotificationSettings() {
  const { kinds, can } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: true } | FormReply>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(mailChoicesSchema, {
    id: "mail-choices",
    lastResult: asReply(result),
    defaultValue: { byMail: kinds.filter((k) => k.byMail).map((k) => k.kind) },
  });
  const errorId = "byMail-error";
  const errors = fields.byMail.errors ?? Object.values(fields.byMail.allErrors).flat();
  return (
    <>
      <h1>{t("Notification settings")}</h1>
      <p className="hint">
        <Trans
          i18nKey="Everything below always shows in <notifications>your notifications</notifications>. Choose which also come to you by mail."
          components={{ notifications: <Link to="/notifications" /> }}
        />
      </p>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {t("Saved.")}
        </p>
      ) : null}
      {can.update ? (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="card">
          <ErrorSummary form={form} />
          <input type="hidden" name="intent" value="saveMailChoices" />
          <fieldset
            className="choices"
            aria-invalid={errors.length > 0 || undefined}
            aria-describedby={errors.length > 0 ? errorId : undefined}
          >
            <legend>{t("Also by mail")}</legend>
            {kinds.map((k) => (
              <label key={k.kind}>
                <input
                  type="checkbox"
                  name={fields.byMail.name}
                  value={k.kind}
                  form={form.id}
                  defaultChecked={(fields.byMail.initialValue as string[] | undefined)?.includes(k.kind) ?? k.byMail}
                />{" "}
                {translated(t, k.label)}
              </label>
            ))}
            <FieldError id="byMail" errors={errors.length > 0 ? [errors[0]] : undefined} />
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("Save mail choices")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
