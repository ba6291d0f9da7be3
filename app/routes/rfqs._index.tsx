import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requireContext } from "~/auth/request.server";
import { StatusBadge } from "~/components/status-badge";
import { listRfqs } from "~/models/rfq.server";
import { formatInstant } from "~/utils/time";
import { RFQ_STATUSES } from "../../workflows/rfq.machine";

export const meta: MetaFunction = () => [{ title: "RFQs · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request);
  const status = new URL(request.url).searchParams.get("status") ?? "";
  const rfqs = await listRfqs(db, user, ability, {
    status: (RFQ_STATUSES as readonly string[]).includes(status) ? status : undefined,
  });
  return { rfqs, status, role: user.role, canCreate: ability.can("create", "Rfq") };
}

export default function RfqList() {
  const { rfqs, status, role, canCreate } = useLoaderData<typeof loader>();
  const supplier = role === "supplier";
  return (
    <>
      <h1>{supplier ? "Invitations to quote" : "Requests for quotation"}</h1>
      <div className="actions">
        {canCreate ? (
          <Link className="button" to="/rfqs/new">
            New RFQ
          </Link>
        ) : null}
        <Form method="get" className="row">
          <div className="field">
            <label htmlFor="status">Status</label>
            <select id="status" name="status" defaultValue={status}>
              <option value="">All</option>
              {RFQ_STATUSES.filter((s) => !supplier || s !== "draft").map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            Filter
          </button>
        </Form>
      </div>
      {rfqs.length === 0 ? (
        <p className="card muted">No RFQs to show.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Reference</th>
              <th>Title</th>
              {supplier ? <th>Buyer</th> : null}
              <th>Status</th>
              {supplier ? <th>Your answer</th> : null}
              <th>Deadline</th>
            </tr>
          </thead>
          <tbody>
            {rfqs.map((r) => (
              <tr key={r.id}>
                <td>{r.reference}</td>
                <td>
                  <Link to={`/rfqs/${r.id}`}>{r.title}</Link>
                </td>
                {supplier ? <td>{r.buyerName}</td> : null}
                <td>
                  <StatusBadge status={r.status} />
                </td>
                {supplier ? (
                  <td>{r.invitationStatus === "invited" ? <strong>New</strong> : r.invitationStatus}</td>
                ) : null}
                <td>{formatInstant(r.deadline, r.deadlineTimeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
