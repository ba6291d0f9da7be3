/** The PO's terms and its documents, with its revisions and approvals, the same for every party. */
import { Link, useLoaderData } from "@remix-run/react";

import { Fact } from "~/components/facts";
import { formatInstant } from "~/utils/time";

import type { loader } from "./route";
import { ApprovalsList, RevisionsList } from "./timeline-panel";

export function FactsPanel() {
  const { po, buyerName, supplierName, approvalsCounted, approvalFacts, rfq, agreement } =
    useLoaderData<typeof loader>();
  return (
    <div className="grid2">
      <section className="card">
        <dl className="facts">
          <dt>Buyer</dt>
          <dd>{buyerName}</dd>
          <dt>Supplier</dt>
          <dd>{supplierName}</dd>
          <Fact label="From RFQ">{rfq ? <Link to={`/rfqs/${rfq.id}`}>{rfq.title}</Link> : null}</Fact>
          <Fact label="Call-off of agreement">
            {agreement ? (
              <Link to={`/agreements/${agreement.id}`}>
                {agreement.number}: {agreement.title}
              </Link>
            ) : null}
          </Fact>
          <dt>Revision</dt>
          <dd>{po.revision}</dd>
          <Fact label="Reason for the change">{po.revision > 1 ? po.change_reason : null}</Fact>
          <dt>Created</dt>
          <dd>{formatInstant(po.created_at)}</dd>
          <Fact label="Issued">{po.issued_at ? formatInstant(po.issued_at) : null}</Fact>
          <Fact label="Delivery date">{po.delivery_date}</Fact>
          <Fact label="Promised delivery">{po.promised_date}</Fact>
          <Fact label="Payment terms">{po.payment_terms}</Fact>
          <Fact label="Notes">{po.notes}</Fact>
          <Fact label="Reason">{po.reason}</Fact>
          <dt>Approvals needed</dt>
          <dd>
            {approvalsCounted ? po.required_approvals : "set on submission"}
            {approvalsCounted && approvalFacts ? <div className="hint">{approvalFacts.rule}</div> : null}
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>Documents</h2>
        <p>
          <a href={`/pos/${po.id}/pdf`} download>
            Download PDF
          </a>
        </p>
        <p>
          <a href={`/pos/${po.id}/ubl`} download>
            Download UBL (XML)
          </a>
        </p>
        <RevisionsList />
        <ApprovalsList />
      </section>
    </div>
  );
}
