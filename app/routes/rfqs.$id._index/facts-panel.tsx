/** The RFQ's terms, the same for everyone who may read it. */
import { useLoaderData } from "@remix-run/react";

import { Fact } from "~/components/facts";
import { createFormat } from "~/i18n/format";
import { useI18n } from "~/i18n/react";

import type { loader } from "./route";

export function FactsPanel() {
  const { t, format } = useI18n();
  const { rfq, buyerName } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <dl className="facts">
        <dt>{t("Buyer")}</dt>
        <dd>{buyerName}</dd>
        <dt>{t("Currency")}</dt>
        <dd>{rfq.currency}</dd>
        <dt>{t("Response deadline")}</dt>
        <dd>
          {format.instant(rfq.deadline)}
          {rfq.deadline_time_zone !== format.timeZone ? (
            <span className="hint">
              {" "}
              ({createFormat({ locale: format.locale, timeZone: rfq.deadline_time_zone }).instant(rfq.deadline)})
            </span>
          ) : null}
        </dd>
        <Fact label={t("Category")}>{rfq.category}</Fact>
        <Fact label={t("Delivery")}>{rfq.delivery_address}</Fact>
        <Fact label={t("Wanted by")}>{rfq.wanted_by ? format.date(rfq.wanted_by) : null}</Fact>
        <Fact label={t("Payment terms wanted")}>{rfq.payment_terms}</Fact>
        <Fact label={t("Incoterm wanted")}>{rfq.incoterm}</Fact>
        <Fact label={t("Cancelled because")}>{rfq.cancel_reason}</Fact>
      </dl>
      {rfq.description ? <p style={{ whiteSpace: "pre-line" }}>{rfq.description}</p> : null}
    </section>
  );
}
