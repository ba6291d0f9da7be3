/**
 * The notification centre: what happened that concerns the person, newest
 * first, unread marked. Following one marks it read and leads to the record
 * (`/notifications/:id`); "Mark all as read" clears the count.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { markAllReadSchema } from "~/models/shared/notification.schema";
import { listNotifications, markAllRead } from "~/models/shared/notifications.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { readQuery } from "~/utils/query.server";
import { cursorField } from "~/models/shared/fields.schema";
import { z } from "zod";
import { translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n, useTranslation } from "~/i18n/react";

// A forged cursor reads as the first page, as on the other lists.
const notificationsQuerySchema = z.object({ after: cursorField });

export const meta: MetaFunction = ({ matches }) => titled(matches, "Notifications");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "Notification");
  const { after } = readQuery(request, notificationsQuerySchema);
  const page = await listNotifications(ctx, { cursor: after });
  return {
    ...page,
    nextHref: page.nextCursor ? `/notifications?${new URLSearchParams({ after: page.nextCursor }).toString()}` : null,
    firstPage: !after,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "update", "Notification");
  const parsed = await readForm(request, markAllReadSchema);
  if (!parsed.ok) return parsed.response;
  try {
    return { ok: true as const, marked: await markAllRead(ctx) };
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function Notifications() {
  const { rows, unread, can, nextHref, firstPage } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: true; marked: number } | FormReply>();
  const busy = useNavigation().state !== "idle";
  const { t, format } = useI18n();
  return (
    <>
      <h1>{t("Notifications")}</h1>
      <p className="hint">
        {unread === 0 ? t("Nothing unread.") : t("{{count}} unread.", { count: unread })}{" "}
        <Link to="/notifications/settings">{t("Choose which also come by mail")}</Link>
      </p>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {t("{{count}} notifications marked as read.", { count: result.marked })}
        </p>
      ) : null}
      {can.markAllRead ? <MarkAllReadForm lastResult={asReply(result)} busy={busy} /> : null}
      {rows.length === 0 ? (
        <p className="card muted">
          {firstPage ? t("Nothing has happened yet that concerns you.") : t("No older ones.")}
        </p>
      ) : (
        <ol className="plain" aria-label={t("Notifications, newest first")}>
          {rows.map((n) => (
            <li key={n.id} className={`card notification${n.read ? "" : " unread"}`}>
              {/* A plain link, never prefetched: following it is what marks it read. */}
              <a href={`/notifications/${n.id}`}>{translated(t, n.text, format)}</a>
              <div className="hint">
                {n.read ? "" : t("Unread · ")}
                {n.kindLabel ? translated(t, n.kindLabel) : ""} · {format.instant(n.createdAt)}
              </div>
            </li>
          ))}
        </ol>
      )}
      <p className="row">
        {firstPage ? null : <Link to="/notifications">{t("Newest")}</Link>}
        {nextHref ? <Link to={nextHref}>{t("Older")}</Link> : null}
      </p>
    </>
  );
}

function MarkAllReadForm({ lastResult, busy }: { lastResult: FormReply | undefined; busy: boolean }) {
  const { t } = useTranslation();
  const [form] = useSchemaForm(markAllReadSchema, { id: "mark-all-read", lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="markAllRead" />
      <div className="actions">
        <button type="submit" className="secondary" disabled={busy}>
          {t("Mark all as read")}
        </button>
      </div>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
