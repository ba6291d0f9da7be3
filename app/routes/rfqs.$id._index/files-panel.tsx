/** The files attached to the RFQ, for everyone who may read it; the buyer's form to attach one more. */
import { Form, useLoaderData } from "@remix-run/react";

import { Field, invalidProps } from "~/components/field";
import { usePageAction } from "~/components/page-action";

import type { loader } from "./route";

export function FilesPanel() {
  const { rfq, attachments, attachmentTypes, can } = useLoaderData<typeof loader>();
  const { errors, busy } = usePageAction();
  return (
    <>
      <h2>Files</h2>
      {attachments.length === 0 ? <p className="muted">No files attached.</p> : null}
      {attachments.length > 0 ? (
        <ul aria-label="Attached files">
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={`/rfqs/${rfq.id}/attachments/${a.id}`} download>
                {a.filename}
              </a>{" "}
              <span className="hint">
                {formatBytes(a.size_bytes)} · SHA-256 <code>{a.sha256.slice(0, 16)}…</code>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {can.attach ? (
        <Form method="post" encType="multipart/form-data" className="row">
          <Field
            id="attachment"
            label="Attach a file"
            error={errors.attachment}
            hint={`Up to 10 MB: ${attachmentTypes.join(", ")}.`}
          >
            <input
              id="attachment"
              name="attachment"
              type="file"
              accept={attachmentTypes.map((t) => `.${t}`).join(",")}
              {...invalidProps("attachment", errors.attachment)}
            />
          </Field>
          <button type="submit" className="secondary" disabled={busy}>
            Attach file
          </button>
        </Form>
      ) : null}
    </>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
