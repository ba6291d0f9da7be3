/**
 * Finance's decision on a PO awaiting approval. Both forms carry the version
 * the approver saw, so a decision on a PO changed since is refused.
 */
import { Form, useLoaderData } from "@remix-run/react";

import { Field, invalidProps } from "~/components/field";
import { usePageAction } from "~/components/page-action";

import type { loader } from "./route";

export function ApprovalPanel() {
  const { po, can } = useLoaderData<typeof loader>();
  const { errors, typedText, busy } = usePageAction();
  return (
    <>
      {can.approve ? (
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="version" value={po.version} />
            <button type="submit" name="intent" value="approve" disabled={busy}>
              Approve
            </button>
          </Form>
        </div>
      ) : null}
      {can.creatorOfPending ? (
        <p className="banner info">You created this purchase order, so someone else in finance must approve it.</p>
      ) : null}
      {can.reject ? (
        <details className="card" open={Boolean(errors.reason)}>
          <summary>Reject</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="version" value={po.version} />
            <Field id="reason" label="Reason for rejecting" error={errors.reason}>
              <textarea
                id="reason"
                name="reason"
                rows={2}
                defaultValue={typedText("reason")}
                {...invalidProps("reason", errors.reason)}
              />
            </Field>
            <button type="submit" name="intent" value="reject" className="danger" disabled={busy}>
              Reject
            </button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
