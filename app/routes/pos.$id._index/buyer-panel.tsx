/** The buying organisation's own moves: edit or change the PO, submit it, revise it after a rejection, cancel it. */
import { Link, useLoaderData } from "@remix-run/react";

import { FoldedReasonForm } from "~/components/form/reason-form";
import { poReviseSchema, poSubmitSchema } from "~/models/ordering/approval.schema";
import { poCancelSchema } from "~/models/ordering/supplier-answers.schema";

import { IntentForm } from "./intent-form";
import { usePoAction } from "./po-action";
import type { loader } from "./route";

export function BuyerPanel() {
  const { po, can } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="actions">
        {can.edit ? <Link to={`/pos/${po.id}/edit`}>Edit draft</Link> : null}
        {can.change ? <Link to={`/pos/${po.id}/change`}>Make a change order</Link> : null}
        {can.submit ? (
          <IntentForm schema={poSubmitSchema} intent="submit" version={po.version} label="Submit for approval" />
        ) : null}
      </div>
      {can.revise ? (
        <IntentForm schema={poReviseSchema} intent="revise" version={po.version} label="Revise purchase order" />
      ) : null}
    </>
  );
}

/** Cancelling, open to the buyer and to finance until goods arrive. */
export function CancelPanel() {
  const { po, can } = useLoaderData<typeof loader>();
  const { replyFor, busy, formToken } = usePoAction();
  if (!can.cancel) return null;
  return (
    <FoldedReasonForm
      summary="Cancel purchase order"
      schema={poCancelSchema}
      intent="cancel"
      id="cancel-form"
      reasonName="cancelReason"
      hidden={{ version: po.version, formToken }}
      label="Reason for cancelling"
      submitLabel="Cancel purchase order"
      danger
      busy={busy}
      lastResult={replyFor("cancel")}
    />
  );
}
