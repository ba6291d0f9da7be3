import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { parseForm } from "~/utils/form";
import { listFailedMail, retryFailedMail } from "../../emails/outbox.server";
import { TableFrame } from "~/components/table-frame";
import { readFormData } from "~/utils/submission.server";
import { msg, translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Outbox");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "manage", "Outbox");
  const { user, db } = ctx;
  return { failed: await listFailedMail(db, user.orgId) };
}

const retrySchema = z.object({
  intent: z.literal("retry", { error: msg("Unknown action.") }),
  id: z.string({ error: msg("Choose a mail to retry.") }).uuid(msg("Choose a mail to retry.")),
});

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "manage", "Outbox");
  const { user, db } = ctx;
  const parsed = parseForm(retrySchema, await readFormData(request));
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 400 });
  const retried = await retryFailedMail(db, { orgId: user.orgId, actorId: user.userId, id: parsed.data.id });
  // Another organisation's mail, or one already retried, is simply not here.
  if (!retried) throw notFound("No such failed mail.");
  return { retried: parsed.data.id };
}

type ActionData = { errors: Record<string, string> } | { retried: string };

export default function Outbox() {
  const { failed } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const { t, format } = useI18n();
  return (
    <>
      <h1>{t("Mail that could not be sent")}</h1>
      <p className="hint">
        {t(
          "Each of these was tried several times with growing pauses and then given up. Fix the cause (often a mistyped address or a mail server that refuses it), then retry: it is sent again with a fresh set of attempts.",
        )}
      </p>
      {result && "retried" in result ? (
        <p className="banner good" role="status">
          {t("The mail is queued again and will be sent shortly.")}
        </p>
      ) : null}
      {result && "errors" in result ? (
        <p className="banner bad" role="alert">
          {translated(t, Object.values(result.errors)[0] ?? "")}
        </p>
      ) : null}
      {failed.length === 0 ? (
        <p className="card muted">{t("No failed mail. Everything queued has been sent or is still being tried.")}</p>
      ) : (
        <TableFrame label={t("Mail that could not be sent")}>
          <table>
            <thead>
              <tr>
                <th>{t("To")}</th>
                <th>{t("Subject")}</th>
                <th className="num">{t("Attempts")}</th>
                <th>{t("Last error")}</th>
                <th>{t("Given up")}</th>
                <th>
                  <span className="sr-only">{t("Action")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {failed.map((mail) => (
                <tr key={mail.id}>
                  <td>{mail.toAddress}</td>
                  <td>{mail.subject}</td>
                  <td className="num">{format.number(mail.attempts)}</td>
                  <td>{mail.lastError ? <code>{mail.lastError}</code> : "—"}</td>
                  <td>{format.instant(mail.failedAt)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="retry" />
                      <input type="hidden" name="id" value={mail.id} />
                      <button type="submit" disabled={navigation.state === "submitting"}>
                        {t("Retry")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
