/** The PO's history: its revisions, the approval decisions, and every audited event (its invoices' too) in words. */
import { Link, useLoaderData } from "@remix-run/react";

import { TimelineList } from "~/components/timeline-list";
import { useI18n } from "~/i18n/react";

import type { loader } from "./route";

export function RevisionsList() {
  const { po, revisions } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  if (revisions.length <= 1) return null;
  return (
    <>
      <h2>{t("Revisions")}</h2>
      <ul>
        {revisions.map((n) => (
          <li key={n}>
            <Link to={`/pos/${po.id}/revisions/${n}`}>
              {n === po.revision
                ? t("Revision {{revision}} (current)", { revision: n })
                : t("Revision {{revision}}", { revision: n })}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ApprovalsList() {
  const { po, approvals } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  if (approvals.length === 0) return null;
  return (
    <>
      <h2>{t("Approvals")}</h2>
      <ul>
        {approvals.map((a, i) => (
          <li key={i}>
            {a.decision === "approved"
              ? t("approved by {{name}}, {{at}}", { name: a.name, at: format.instant(a.created_at) })
              : t("rejected by {{name}}, {{at}}", { name: a.name, at: format.instant(a.created_at) })}
            {po.revision > 1 ? ` ${t("(revision {{revision}})", { revision: a.po_revision })}` : ""}
            {a.reason ? `: ${a.reason}` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}

export function TimelinePanel() {
  const { history, timeZone } = useLoaderData<typeof loader>();
  return <TimelineList entries={history} timeZone={timeZone} />;
}
