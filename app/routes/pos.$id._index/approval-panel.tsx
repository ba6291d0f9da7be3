/**
 * Finance's decision on a PO awaiting approval. Both forms carry the version
 * the approver saw, so a decision on a PO changed since is refused.
 */
import { useLoaderData } from "@remix-run/react";

import { FoldedReasonForm } from "~/components/form/reason-form";
import { poApproveSchema, poRejectSchema } from "~/models/ordering/approval.schema";

import { IntentForm } from "./intent-form";
import { usePoAction } from "./po-action";
import type { loader } from "./route";
import { ApprovalFacts } from "~/components/approval-facts";

export function ApprovalPanel() {
  const { po, can, approvalFacts, awardFacts } = useLoaderData<typeof loader>();
  const { replyFor, busy, formToken } = usePoAction();
  return (
    <>
      {approvalFacts ? (
        <section className="card" aria-labelledby="approval-facts-title">
          <h2 id="approval-facts-title" style={{ marginTop: 0 }}>
            Approval facts
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
          <IntentForm schema={poApproveSchema} intent="approve" version={po.version} label="Approve" />
        </div>
      ) : null}
      {can.creatorOfPending ? (
        <p className="banner info">You created this purchase order, so someone else in finance must approve it.</p>
      ) : null}
      {can.reject ? (
        <FoldedReasonForm
          summary="Reject"
          schema={poRejectSchema}
          intent="reject"
          id="reject-form"
          hidden={{ version: po.version, formToken }}
          label="Reason for rejecting"
          submitLabel="Reject"
          danger
          busy={busy}
          lastResult={replyFor("reject")}
        />
      ) : null}
    </>
  );
}
