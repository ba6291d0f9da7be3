/**
 * Finance's decision on a PO awaiting approval. Both forms carry the version
 * the approver saw, so a decision on a PO changed since is refused.
 */
import { useLoaderData } from "@remix-run/react";

import { ApprovalFacts } from "~/components/approval-facts";
import { useTranslation } from "~/i18n/react";
import { poApproveSchema, poRejectSchema } from "~/models/ordering/approval.schema";

import { IntentForm } from "./intent-form";
import { PoReasonFold } from "./reason-fold";
import type { loader } from "./route";

export function ApprovalPanel() {
  const { po, can, approvalFacts, awardFacts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      {approvalFacts ? (
        <section className="card" aria-labelledby="approval-facts-title">
          <h2 id="approval-facts-title" style={{ marginTop: 0 }}>
            {t("Approval facts")}
          </h2>
          <ApprovalFacts
            headingLevel={3}
            inPolicyText={approvalFacts.inPolicyText}
            rule={approvalFacts.rule}
            rfq={approvalFacts.rfq}
            competitors={awardFacts?.competitors ?? []}
            comparisonCurrency={awardFacts?.rfq.currency ?? null}
          />
        </section>
      ) : null}
      {can.approve ? (
        <div className="actions">
          <IntentForm schema={poApproveSchema} intent="approve" version={po.version} label={t("Approve")} />
        </div>
      ) : null}
      {can.creatorOfPending ? (
        <p className="banner info">
          {t("You created this purchase order, so someone else in finance must approve it.")}
        </p>
      ) : null}
      {can.reject ? (
        <PoReasonFold
          intent="reject"
          schema={poRejectSchema}
          summary={t("Reject")}
          label={t("Reason for rejecting")}
          submitLabel={t("Reject")}
        />
      ) : null}
    </>
  );
}
