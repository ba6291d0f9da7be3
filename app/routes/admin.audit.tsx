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
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Audit log");

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
  const [form, fields] = useSchemaForm(auditFilterSchema, {
    id: "audit-filters",
    lastResult: reply,
    defaultValue: values,
  });
  return (
    <>
      <h1>Audit log</h1>
      <p className="hint">Every change made in your organisation, newest first. Times are in {zone}.</p>
      <Form method="get" id={form.id} onSubmit={form.onSubmit} noValidate className="card stack">
        <ErrorSummary form={form} />
        <div className="grid2">
          <SelectField field={fields.actor} id="actor" label="Person" placeholder="Anyone" options={choices.people} />
          <SelectField
            field={fields.entity}
            id="entity"
            label="Kind of record"
            placeholder="Any"
            options={choices.kinds}
          />
          <SelectField field={fields.event} id="event" label="Event" placeholder="Any" options={choices.events} />
          <InputField field={fields.from} id="from" label="From (day)" type="date" />
          <InputField field={fields.to} id="to" label="To (day)" type="date" />
        </div>
        <div className="row actions">
          <button type="submit">Filter</button>
          {filtered ? <Link to="/admin/audit">Clear filters</Link> : null}
          <a href={csvHref} download>
            Download CSV
          </a>
        </div>
      </Form>
      {events.length === 0 ? (
        <p className="card muted">No events match.</p>
      ) : (
        <TableFrame label="Audit events">
          <table>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Person</th>
                <th scope="col">Record</th>
                <th scope="col">Event</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{e.at}</td>
                  <td>{e.actor}</td>
                  <td>
                    {e.entityType}
                    {e.entityId ? <span className="hint"> {e.entityId.slice(0, 8)}</span> : null}
                  </td>
                  <td>{e.event}</td>
                  <td className="audit-summary">{e.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <p className="row actions">
        {firstHref ? <Link to={firstHref}>First page</Link> : null}
        {nextHref ? <Link to={nextHref}>Older events</Link> : null}
      </p>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
