/**
 * Attaching one file: a file input, the accepted types and size as its
 * hint, the intent "attach". With JavaScript a missing or oversized file is
 * refused before anything is sent; the server refuses the same while the
 * upload streams in, and checks the bytes, with its message next to the input.
 */
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";

import { useTranslation } from "~/i18n/react";

import { ErrorSummary } from "./error-summary";
import { FormTokenField } from "./form-token-field";
import { controlProps, FieldFrame } from "./fields";
import { useSchemaForm } from "./use-schema-form";

export function AttachFileForm({
  schema,
  types,
  maxLabel,
  id = "attach-form",
  lastResult,
  busy = false,
  formToken,
}: {
  /** The attach form's schema (app/models/shared/attachment.schema.ts). */
  schema: z.ZodType<Record<string, unknown>>;
  /** File extensions accepted, without the dot. */
  types: readonly string[];
  /** The largest file, in the viewer's words; 10 MB when not given. */
  maxLabel?: string;
  id?: string;
  lastResult?: SubmissionResult<string[]>;
  busy?: boolean;
  /** The page's one-time token: a file sent twice (double click, resend) is attached once. */
  formToken: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, { id, lastResult });
  const field = fields.attachment;
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      id={form.id}
      onSubmit={form.onSubmit}
      noValidate
      className="stack"
    >
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="attach" />
      <FormTokenField token={formToken} />
      <div className="row">
        <FieldFrame
          id="attachment"
          label={t("Attach a file")}
          hint={t("Up to {{max}}: {{types}}.", { max: maxLabel ?? t("10 MB"), types: types.join(", ") })}
          errors={field.errors}
        >
          <input
            type="file"
            accept={types.map((type) => `.${type}`).join(",")}
            {...controlProps(field, "attachment", { hint: true })}
          />
        </FieldFrame>
        <button type="submit" className="secondary" disabled={busy}>
          {t("Attach file")}
        </button>
      </div>
    </Form>
  );
}
