/** The files attached to the RFQ, for everyone who may read it; the buyer's form to attach one more. */
import { useLoaderData } from "@remix-run/react";

import { AttachFileForm } from "~/components/form/attach-file-form";
import { attachFileSchema } from "~/models/shared/attachment.schema";

import { usePageReply } from "./page-reply";
import type { loader } from "./route";

export function FilesPanel() {
  const { rfq, attachments, attachmentTypes, can, formToken } = useLoaderData<typeof loader>();
  const { replyTo, busy } = usePageReply();
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
        <AttachFileForm
          schema={attachFileSchema}
          types={attachmentTypes}
          lastResult={replyTo("attach")}
          busy={busy}
          formToken={formToken}
        />
      ) : null}
    </>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
