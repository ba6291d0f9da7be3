/** The buying organisation's own moves: edit or change the PO, submit it, revise it after a rejection, cancel it. */
import { Link, useLoaderData } from "@remix-run/react";

import { useTranslation } from "~/i18n/react";
import { poReviseSchema, poSubmitSchema } from "~/models/ordering/approval.schema";
import { poCancelSchema } from "~/models/ordering/supplier-answers.schema";

import { IntentForm } from "./intent-form";
import { PoReasonFold } from "./reason-fold";
import type { loader } from "./route";

export function BuyerPanel() {
  const { t } = useTranslation();
  const { po, can } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="actions">
        {can.edit ? <Link to={`/pos/${po.id}/edit`}>{t("Edit draft")}</Link> : null}
        {can.change ? <Link to={`/pos/${po.id}/change`}>{t("Make a change order")}</Link> : null}
        {can.submit ? (
          <IntentForm schema={poSubmitSchema} intent="submit" version={po.version} label={t("Submit for approval")} />
        ) : null}
      </div>
      {can.revise ? (
        <IntentForm schema={poReviseSchema} intent="revise" version={po.version} label={t("Revise purchase order")} />
      ) : null}
    </>
  );
}

/** Cancelling, open to the buyer and to finance until goods arrive. */
export function CancelPanel() {
  const { t } = useTranslation();
  const { can } = useLoaderData<typeof loader>();
  if (!can.cancel) return null;
  return (
    <PoReasonFold
      intent="cancel"
      schema={poCancelSchema}
      reasonName="cancelReason"
      summary={t("Cancel purchase order")}
      label={t("Reason for cancelling")}
      submitLabel={t("Cancel purchase order")}
    />
  );
}
