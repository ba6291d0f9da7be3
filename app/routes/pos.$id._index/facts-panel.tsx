/** The PO's terms and its documents, with its revisions and approvals, the same for every party. */
import { Link, useLoaderData } from "@remix-run/react";

import { Fact } from "~/components/facts";
import { translated } from "~/i18n/config";
import { useI18n } from "~/i18n/react";
import { paymentTermsLabel } from "~/models/ordering/labels";

import type { loader } from "./route";
import { ApprovalsList, RevisionsList } from "./timeline-panel";

export function FactsPanel() {
  const { po, buyerName, supplierName, approvalsCounted, approvalFacts, rfq, agreement } =
    useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <div className="grid2">
      <section className="card">
        <dl className="facts">
          <dt>{t("Buyer")}</dt>
          <dd>{buyerName}</dd>
          <dt>{t("Supplier")}</dt>
          <dd>{supplierName}</dd>
          <Fact label={t("From RFQ")}>{rfq ? <Link to={`/rfqs/${rfq.id}`}>{rfq.title}</Link> : null}</Fact>
          <Fact label={t("Call-off of agreement")}>
            {agreement ? (
              <Link to={`/agreements/${agreement.id}`}>
                {agreement.number}: {agreement.title}
              </Link>
            ) : null}
          </Fact>
          <dt>{t("Revision")}</dt>
          <dd>{format.number(po.revision)}</dd>
          <Fact label={t("Reason for the change")}>{po.revision > 1 ? po.change_reason : null}</Fact>
          <dt>{t("Created")}</dt>
          <dd>{format.instant(po.created_at)}</dd>
          <Fact label={t("Issued")}>{po.issued_at ? format.instant(po.issued_at) : null}</Fact>
          <Fact label={t("Delivery date")}>{po.delivery_date ? format.date(po.delivery_date) : null}</Fact>
          <Fact label={t("Promised delivery")}>{po.promised_date ? format.date(po.promised_date) : null}</Fact>
          <Fact label={t("Payment terms")}>{po.payment_terms ? t(paymentTermsLabel(po.payment_terms)) : null}</Fact>
          <Fact label={t("Notes")}>{po.notes}</Fact>
          <Fact label={t("Reason")}>{po.reason}</Fact>
          <dt>{t("Approvals needed")}</dt>
          <dd>
            {approvalsCounted ? format.number(po.required_approvals) : t("set on submission")}
            {approvalsCounted && approvalFacts ? <div className="hint">{translated(t, approvalFacts.rule)}</div> : null}
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{t("Documents")}</h2>
        <p>
          <a href={`/pos/${po.id}/pdf`} download>
            {t("Download PDF")}
          </a>
        </p>
        <p>
          <a href={`/pos/${po.id}/ubl`} download>
            {t("Download UBL (XML)")}
          </a>
        </p>
        <RevisionsList />
        <ApprovalsList />
      </section>
    </div>
  );
}
