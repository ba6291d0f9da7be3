/**
 * The organisation's audit log, for its admin: every change, newest first,
 * filtered by person, kind of record, event and days (in the viewer's time
 * zone), 50 a page with keyset paging, and the CSV of what the filters
 * select. Only the organisation's own events.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { queryParams } from "~/utils/query.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField, SelectField } from "~/components/form/fields";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { TableFrame } from "~/components/table-frame";
import { auditFilterSchema } from "~/models/shared/audit-log.schema";
import { getAuditPage, readAuditFilters } from "~/models/shared/audit-log.server";
import { useStatusWord } from "~/components/status-badge";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Audit log");

/** The kinds of record the log names, in words; a kind missing here shows its code. */
const RECORD_KINDS: Record<string, string> = {
  agreement: msg("agreement"),
  approval_policy: msg("approval policy"),
  bank_change: msg("bank change"),
  company: msg("company"),
  invitation: msg("invitation"),
  invoice: msg("invoice"),
  organisation: msg("organisation"),
  payment_hold: msg("payment hold"),
  purchase_order: msg("purchase order"),
  quote: msg("quote"),
  reorder_rule: msg("reorder rule"),
  requisition: msg("requisition"),
  requisition_approval_rule: msg("requisition approval rule"),
  rfq: msg("RFQ"),
  session: msg("session"),
  ship_to_address: msg("ship-to address"),
  stock_level: msg("stock level"),
  supplier_document: msg("supplier document"),
  supplier_document_requirement: msg("supplier document requirement"),
  supplier_invitation: msg("supplier invitation"),
  supplier_relationship: msg("supplier relationship"),
  user: msg("user"),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "AuditLog");
  const { filters, selection, reply, typed } = readAuditFilters(queryParams(request));
  // Filters that do not parse select nothing: the form says why, next to the field.
  const page = await getAuditPage(ctx, filters ?? {});
  const next = new URLSearchParams(selection);
  if (page.nextCursor) next.set("after", page.nextCursor);
  const query = selection.size > 0 ? `?${selection.toString()}` : "";
  return {
    ...page,
    events: filters ? page.events : [],
    reply,
    filtered: selection.size > 0,
    csvHref: `/admin/audit.csv${query}`,
    nextHref: filters && page.nextCursor ? `/admin/audit?${next.toString()}` : null,
    firstHref: filters?.after ? `/admin/audit${query}` : null,
    values: typed,
  };
}

export default function AuditLog() {
  const { events, zone, choices, reply, csvHref, nextHref, firstHref, values, filtered } =
    useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const statusWord = useStatusWord();
  const kind = (code: string) => (RECORD_KINDS[code] ? t(RECORD_KINDS[code]) : code);
  const state = (code: string | null) => (code ? statusWord(code) : "—");
  const [form, fields] = useSchemaForm(auditFilterSchema, {
    id: "audit-filters",
    lastResult: reply,
    defaultValue: values,
  });
  return (
    <>
      <h1>{t("Audit log")}</h1>
      <p className="hint">
        {t("Every change made in your organisation, newest first. The days of the filters are in {{zone}}.", { zone })}
      </p>
      <Form method="get" id={form.id} onSubmit={form.onSubmit} noValidate className="card stack">
        <ErrorSummary form={form} />
        <div className="grid2">
          <SelectField
            field={fields.actor}
            id="actor"
            label={t("Person")}
            placeholder={t("Anyone")}
            options={choices.people}
          />
          <SelectField
            field={fields.entity}
            id="entity"
            label={t("Kind of record")}
            placeholder={t("Any")}
            options={choices.kinds.map((k) => ({ value: k, label: kind(k) }))}
          />
          <SelectField
            field={fields.event}
            id="event"
            label={t("Event")}
            placeholder={t("Any")}
            options={choices.events}
          />
          <InputField field={fields.from} id="from" label={t("From (day)")} type="date" />
          <InputField field={fields.to} id="to" label={t("To (day)")} type="date" />
        </div>
        <div className="row actions">
          <button type="submit">{t("Filter")}</button>
          {filtered ? <Link to="/admin/audit">{t("Clear filters")}</Link> : null}
          <a href={csvHref} download>
            {t("Download CSV")}
          </a>
        </div>
      </Form>
      {events.length === 0 ? (
        <p className="card muted">{t("No events match.")}</p>
      ) : (
        <TableFrame label={t("Audit events")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("Time")}</th>
                <th scope="col">{t("Person")}</th>
                <th scope="col">{t("Record")}</th>
                <th scope="col">{t("Event")}</th>
                <th scope="col">{t("Details")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{format.instant(e.createdAt)}</td>
                  <td>{e.system ? t("System") : e.actor}</td>
                  <td>
                    {kind(e.entityType)}
                    {e.entityId ? (
                      <span className="hint">
                        {" "}
                        <code>{e.entityId.slice(0, 8)}</code>
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <code>{e.event}</code>
                  </td>
                  <td className="audit-summary">
                    {e.fromState || e.toState ? `${state(e.fromState)} → ${state(e.toState)}` : null}
                    {(e.fromState || e.toState) && e.data ? " · " : null}
                    {e.data ? <code>{e.data.length > 300 ? `${e.data.slice(0, 300)}…` : e.data}</code> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <p className="row actions">
        {firstHref ? <Link to={firstHref}>{t("First page")}</Link> : null}
        {nextHref ? <Link to={nextHref}>{t("Older events")}</Link> : null}
      </p>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
