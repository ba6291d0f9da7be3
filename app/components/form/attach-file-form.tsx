/**
 * Attaching one file: a file input, the accepted types and size as its
 * hint, the intent "attach". With JavaScript a missing or oversized file is
 * refused before anything is sent; the server refuses the same while the
 * upload streams in, and checks the bytes, with its message next to the input.
 */
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";

import { ErrorSummary } from "./error-summary";
import { FormTokenField } from "./form-token-field";
import { controlProps, FieldFrame } from "./fields";
import { useSchemaForm } from "./use-schema-form";

export function AttachFileForm({
  schema,
  types,
  maxLabel = "10 MB",
  id = "attach-form",
  lastResult,
  busy = false,
  formToken,
}: {
  /** The attach form's schema (app/models/shared/attachment.schema.ts). */
  schema: z.ZodType<Record<string, unknown>>;
  /** File extensions accepted, without the dot. */
  types: readonly string[];
  maxLabel?: string;
  id?: string;
  lastResult?: SubmissionResult<string[]>;
  busy?: boolean;
  /** The page's one-time token: a file sent twice (double click, resend) is attached once. */
  formToken: string;
}) {
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
          label="Attach a file"
          hint={`Up to ${maxLabel}: ${types.join(", ")}.`}
          errors={field.errors}
        >
          <input
            type="file"
            accept={types.map((t) => `.${t}`).join(",")}
            {...controlProps(field, "attachment", { hint: true })}
          />
        </FieldFrame>
        <button type="submit" className="secondary" disabled={busy}>
          Attach file
        </button>
      </div>
    </Form>
  );
}
