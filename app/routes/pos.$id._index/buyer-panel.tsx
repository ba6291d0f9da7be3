/** The buying organisation's own moves: edit or change the PO, submit it, revise it after a rejection, cancel it. */
import { Form, Link, useLoaderData } from "@remix-run/react";

import { Field, invalidProps } from "~/components/field";
import { usePageAction } from "~/components/page-action";

import type { loader } from "./route";

export function BuyerPanel() {
  const { po, can } = useLoaderData<typeof loader>();
  const { busy } = usePageAction();
  return (
    <>
      <div className="actions">
        {can.edit ? <Link to={`/pos/${po.id}/edit`}>Edit draft</Link> : null}
        {can.change ? <Link to={`/pos/${po.id}/change`}>Make a change order</Link> : null}
        {can.submit ? (
          <Form method="post">
            <input type="hidden" name="version" value={po.version} />
            <button type="submit" name="intent" value="submit" disabled={busy}>
              Submit for approval
            </button>
          </Form>
        ) : null}
      </div>
      {can.revise ? (
        <Form method="post">
          <input type="hidden" name="version" value={po.version} />
          <button type="submit" name="intent" value="revise" disabled={busy}>
            Revise purchase order
          </button>
        </Form>
      ) : null}
    </>
  );
}

/** Cancelling, open to the buyer and to finance until goods arrive. */
export function CancelPanel() {
  const { po, can } = useLoaderData<typeof loader>();
  const { errors, typedText, busy } = usePageAction();
  if (!can.cancel) return null;
  return (
    <details className="card" open={Boolean(errors.cancelReason)}>
      <summary>Cancel purchase order</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="version" value={po.version} />
        <Field id="cancelReason" label="Reason for cancelling" error={errors.cancelReason}>
          <textarea
            id="cancelReason"
            name="cancelReason"
            rows={2}
            defaultValue={typedText("cancelReason")}
            {...invalidProps("cancelReason", errors.cancelReason)}
          />
        </Field>
        <button type="submit" name="intent" value="cancel" className="danger" disabled={busy}>
          Cancel purchase order
        </button>
      </Form>
    </details>
  );
}
