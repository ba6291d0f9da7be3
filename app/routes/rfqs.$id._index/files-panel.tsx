/** The files attached to the RFQ, for everyone who may read it; the buyer's form to attach one more. */
import { useLoaderData } from "@remix-run/react";

import { AttachFileForm } from "~/components/form/attach-file-form";
import { attachFileSchema } from "~/models/shared/attachment.schema";
import type { Format } from "~/i18n/format";
import { useI18n } from "~/i18n/react";

import { usePageReply } from "./page-reply";
import type { loader } from "./route";

export function FilesPanel() {
  const { t, format } = useI18n();
  const { rfq, attachments, attachmentTypes, can, formToken } = useLoaderData<typeof loader>();
  const { replyTo, busy } = usePageReply();
  return (
    <>
      <h2>{t("Files")}</h2>
      {attachments.length === 0 ? <p className="muted">{t("No files attached.")}</p> : null}
      {attachments.length > 0 ? (
        <ul aria-label={t("Attached files")}>
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={`/rfqs/${rfq.id}/attachments/${a.id}`} download>
                {a.filename}
              </a>{" "}
              <span className="hint">
                {formatBytes(format, a.size_bytes)} · SHA-256 <code>{a.sha256.slice(0, 16)}…</code>
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

/** A file's size in the viewer's digits; the units are codes, as on every system. */
export function formatBytes(format: Format, n: number): string {
  if (n < 1024) return `${format.number(n)} B`;
  if (n < 1024 * 1024) return `${format.number(Math.round(n / 1024))} KB`;
  return `${format.number(Math.round((n / 1024 / 1024) * 10) / 10)} MB`;
}
