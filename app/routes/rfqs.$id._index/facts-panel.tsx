/** The RFQ's terms, the same for everyone who may read it. */
import { useLoaderData } from "@remix-run/react";

import { Fact } from "~/components/facts";
import { formatInstant } from "~/utils/time";

import type { loader } from "./route";

export function FactsPanel() {
  const { rfq, buyerName } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <dl className="facts">
        <dt>Buyer</dt>
        <dd>{buyerName}</dd>
        <dt>Currency</dt>
        <dd>{rfq.currency}</dd>
        <dt>Response deadline</dt>
        <dd>
          {formatInstant(rfq.deadline, rfq.deadline_time_zone)}
          {rfq.deadline_time_zone !== "UTC" ? (
            <span className="hint"> ({formatInstant(rfq.deadline, "UTC")})</span>
          ) : null}
        </dd>
        <Fact label="Category">{rfq.category}</Fact>
        <Fact label="Delivery">{rfq.delivery_address}</Fact>
        <Fact label="Wanted by">{rfq.wanted_by}</Fact>
        <Fact label="Payment terms wanted">{rfq.payment_terms}</Fact>
        <Fact label="Incoterm wanted">{rfq.incoterm}</Fact>
        <Fact label="Cancelled because">{rfq.cancel_reason}</Fact>
      </dl>
      {rfq.description ? <p style={{ whiteSpace: "pre-line" }}>{rfq.description}</p> : null}
    </section>
  );
}
